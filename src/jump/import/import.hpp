// `jumpgate import`: a live Jump-account deployment (read_deployment.hpp) written as a
// commented jumpgate.yaml (import_file.hpp) — plus, when the deployed templates match
// neither built-in set, the folder of their deployed bodies beside it — then checked: the
// written file is read back like any file and planned against the same target, so the
// caller can say what plan adopts and whether anything else would change.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "jump/api/connection.hpp"
#include "jump/apply/change.hpp"
#include "jump/import/import_file.hpp"

namespace jg::jump {

struct ImportRequest {
    std::string output = "./jumpgate.yaml";  // -o
    bool force = false;                      // --force: replace an existing file (and templates folder)
    std::string admin_account;               // --admin-account (empty: found in the local cloud)
    std::vector<std::pair<std::string, std::string>> profiles;  // --profile-for, written to the file
};

struct ImportResult {
    std::string path;           // the file written
    std::string templates_dir;  // the custom templates folder written, or ""
    Imported imported;
    std::vector<Change> adoptions;  // plan on the written file: jumpgate's tag, password policy
    std::vector<Change> drift;      // plan on the written file: anything else (should be none)
};

// Errors: OutputExists (without --force; nothing written), the reading's errors, and
// ImportCheckFailed when the written file does not read back (a bug: the message says why).
[[nodiscard]] Result<ImportResult> import_deployment(Connection& target, const ImportRequest& request);

// The summary for stderr: what was imported, what was left out and why, what plan adopts,
// and any change plan would still make.
std::string import_summary(const ImportResult& result);

}  // namespace jg::jump

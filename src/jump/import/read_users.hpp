// `jumpgate import`'s reading of the admin account's identities: its IAM users — those
// that are jumpgate-shaped (a console password, every group one of the file's, no policy of
// their own) become the file's users, the others are kept with the reasons they are not —
// and whether its password policy is jumpgate's (else plan adopts it).
#pragma once

#include <string>

#include "core/error.hpp"
#include "jump/api/connection.hpp"
#include "jump/import/import_file.hpp"

namespace jg::jump {

// Fills m.users, m.skipped_users and the adoption of the untagged users; the file's groups
// are those of the default tiers and m.projects.
[[nodiscard]] Result<void> read_import_users(const Connection& target, const std::string& admin, Imported& m);

// Adds the password policy's adoption to m.adoptions when the live one is not jumpgate's.
[[nodiscard]] Result<void> read_import_password_policy(const Connection& target, const std::string& admin,
                                                       Imported& m);

}  // namespace jg::jump

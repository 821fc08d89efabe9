// jumpgate's version and the commit it was built from (written by the build:
// cmake/version.cmake; the commit is "unknown" outside a git checkout).
#pragma once

#include <string>
#include <string_view>

namespace jg::cli {

std::string_view version();  // "0.1.0"
std::string_view commit();   // "0123456789ab", "0123456789ab-dirty" or "unknown"

// "jumpgate 0.1.0 (commit 0123456789ab)"; with `verbose`, also the embedded service models,
// the packages they come from and their sha256.
std::string version_text(bool verbose);

}  // namespace jg::cli

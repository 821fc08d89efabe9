// Golden cases of AWS API calls against a fresh local cloud (the "@calls" command of a
// golden case; format: tests/golden/README.md, "API calls").
#pragma once

#include <filesystem>
#include <string>

namespace jg::golden {

// Runs the script (one call or directive a line) in a new cloud whose home is `home`,
// with a fake clock and seeded randomness, and returns what the calls answered: one
// line per call, "SERVICE ACTION: {json}" or "SERVICE ACTION: error CODE: message".
// A malformed script line yields "script:N: ..." and stops the run.
std::string run_api_calls(const std::string& script, const std::filesystem::path& home);

}  // namespace jg::golden

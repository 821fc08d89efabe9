// Questions to the person at the terminal, on /dev/tty rather than stdin/stdout: the
// output of `assume --format credential-process` is read by the aws CLI from stdout, and
// its stdin is not the user's keyboard.
#pragma once

#include <optional>
#include <string>

namespace jg::cli {

// Writes `question` to /dev/tty and reads one line back (without its newline); nullopt
// when the process has no terminal or the user closed it.
std::optional<std::string> ask_on_tty(const std::string& question);

}  // namespace jg::cli

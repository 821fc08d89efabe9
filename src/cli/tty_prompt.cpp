#include "cli/tty_prompt.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace jg::cli {

std::optional<std::string> ask_on_tty(const std::string& question) {
    int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return std::nullopt;
    if (::write(fd, question.data(), question.size()) < 0) {
        ::close(fd);
        return std::nullopt;
    }
    std::string line;
    char c = 0;
    for (;;) {
        ssize_t n = ::read(fd, &c, 1);
        if (n <= 0 || c == '\n') break;
        if (c != '\r') line += c;
        if (line.size() > 256) break;  // nobody types that much for a six-digit code
    }
    ::close(fd);
    if (line.empty() && c != '\n') return std::nullopt;
    return line;
}

}  // namespace jg::cli

#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace jg {
namespace {

Unexpected io_error(std::string_view code, const std::string& what, const std::string& path, int err) {
    return fail(std::string(code), what + " " + path + ": " + std::strerror(err));
}

// Unique per process and call: two threads (or processes) replacing the same file never
// write into each other's temporary.
std::string temp_name(const std::string& path) {
    static std::atomic<unsigned> counter{0};
    return path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
}

mode_t mode_for(const std::string& path, FileMode mode) {
    if (mode == FileMode::private_0600) return 0600;
    struct stat st{};
    if (::stat(path.c_str(), &st) == 0) return st.st_mode & 07777;
    return 0644;
}

}  // namespace

Result<void> replace_file(const std::string& path, std::string_view text, FileMode mode, std::string_view error_code) {
    const std::string temp = temp_name(path);
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return io_error(error_code, "cannot create", temp, errno);
    auto abandon = [&](const char* what, const std::string& where) {
        const int err = errno;
        ::close(fd);
        ::unlink(temp.c_str());
        return io_error(error_code, what, where, err);
    };
    for (std::size_t done = 0; done < text.size();) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return abandon("cannot write", temp);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fchmod(fd, mode_for(path, mode)) != 0) return abandon("cannot set the mode of", temp);
    if (::fsync(fd) != 0) return abandon("cannot sync", temp);
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        return io_error(error_code, "cannot write", temp, err);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        return io_error(error_code, "cannot replace", path, err);
    }
    return {};
}

}  // namespace jg

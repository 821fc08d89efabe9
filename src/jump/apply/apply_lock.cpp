#include "jump/apply/apply_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "core/clock.hpp"
#include "core/json.hpp"
#include "jump/apply/object_lock.hpp"

namespace jg::jump {

namespace {

std::string lock_path(const Connection& c) { return c.home() + "/apply.lock"; }

std::string new_lock_id(Random& random) {
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string bytes = random.bytes(8);
    std::string id;
    for (unsigned char b : bytes) {
        id += k_hex[b >> 4];
        id += k_hex[b & 15];
    }
    return id;
}

std::string whoami() {
    const char* user = std::getenv("USER");
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    return fmt::format("{}@{} pid {}", user ? user : "?", host, ::getpid());
}

std::string holder_json(const LockHolder& h) {
    Node n = Node::make_object();
    n.add("ID", Node::make_string(h.id));
    n.add("Who", Node::make_string(h.who));
    n.add("Since", Node::make_string(h.since));
    return to_json(n) + "\n";
}

std::optional<LockHolder> parse_holder(const std::string& text) {
    auto n = parse_json(text, "apply.lock");
    if (!n || !n->is_object()) return std::nullopt;
    LockHolder h{member_text(*n, "ID"), member_text(*n, "Who"), member_text(*n, "Since")};
    if (h.id.empty()) return std::nullopt;
    return h;
}

Result<std::string> read_fd(int fd) {
    std::string out;
    char buf[4096];
    if (::lseek(fd, 0, SEEK_SET) < 0) return fail("IoError", std::string("cannot read the lock: ") + std::strerror(errno));
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail("IoError", std::string("cannot read the lock: ") + std::strerror(errno));
        if (n == 0) return out;
        out.append(buf, static_cast<std::size_t>(n));
    }
}

Result<void> write_fd(int fd, const std::string& text) {
    if (::ftruncate(fd, 0) != 0 || ::lseek(fd, 0, SEEK_SET) < 0)
        return fail("IoError", std::string("cannot write the lock: ") + std::strerror(errno));
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail("IoError", std::string("cannot write the lock: ") + std::strerror(errno));
        done += static_cast<std::size_t>(n);
    }
    return {};
}

Result<int> open_lock_file(const Connection& c) {
    int fd = ::open(lock_path(c).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return fail("IoError", "cannot open " + lock_path(c) + ": " + std::strerror(errno));
    return fd;
}

std::string describe_holder(const std::optional<LockHolder>& h) {
    if (!h) return "another apply (it has not written its name yet)";
    return fmt::format("lock {} held by {} since {}", h->id, h->who, h->since);
}

}  // namespace

Result<std::unique_ptr<ApplyLock>> ApplyLock::acquire(Connection& connection, const std::string& admin_account,
                                                      std::chrono::seconds timeout, std::ostream& progress) {
    if (!connection.is_local()) {
        std::unique_ptr<ApplyLock> lock(new ApplyLock());
        lock->m_holder = LockHolder{new_lock_id(connection.random()), whoami(),
                                    format_iso8601(connection.clock().now())};
        if (auto ok = take_object_lock(connection, admin_account, lock->m_holder, timeout, progress); !ok)
            return Unexpected(ok.error());
        lock->m_remote = &connection;
        lock->m_admin = admin_account;
        return lock;
    }
    auto fd = open_lock_file(connection);
    if (!fd) return Unexpected(fd.error());
    // Closed (never emptied) unless the lock is taken: the record is the holder's.
    struct Fd {
        int fd;
        ~Fd() {
            if (fd >= 0) ::close(fd);
        }
    } file{*fd};
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool said = false;
    while (::flock(file.fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EINTR) continue;
        if (errno != EWOULDBLOCK)
            return fail("IoError", "cannot lock " + lock_path(connection) + ": " + std::strerror(errno));
        auto text = read_fd(file.fd);
        auto holder = text ? parse_holder(*text) : std::nullopt;
        if (std::chrono::steady_clock::now() >= deadline)
            return fail("Locked",
                        fmt::format("another apply is running on {}: {}; wait for it (--lock-timeout SECONDS) or, "
                                    "if it is gone, run `jumpgate force-unlock {}`",
                                    connection.describe(), describe_holder(holder), holder ? holder->id : "ID"));
        if (!said) {
            progress << fmt::format("waiting for the apply lock ({})\n", describe_holder(holder));
            said = true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    std::unique_ptr<ApplyLock> lock(new ApplyLock());
    lock->m_fd = file.fd;
    file.fd = -1;
    lock->m_holder = LockHolder{new_lock_id(connection.random()), whoami(),
                                format_iso8601(connection.clock().now())};
    if (auto ok = write_fd(lock->m_fd, holder_json(lock->m_holder)); !ok) return Unexpected(ok.error());
    return lock;
}

ApplyLock::~ApplyLock() {
    // Only the holder's own object goes (a force-unlock and a new apply may have replaced it).
    if (m_remote) (void)delete_object_lock(*m_remote, m_admin, m_holder.id);
    if (m_fd < 0) return;
    // Emptied before it is released: a stale name never outlives the lock.
    (void)::ftruncate(m_fd, 0);
    ::flock(m_fd, LOCK_UN);
    ::close(m_fd);
}

Result<std::optional<LockHolder>> current_lock(Connection& connection, const std::string& admin_account) {
    if (!connection.is_local()) return read_object_lock(connection, admin_account);
    auto fd = open_lock_file(connection);
    if (!fd) return Unexpected(fd.error());
    std::optional<LockHolder> holder;
    if (::flock(*fd, LOCK_SH | LOCK_NB) != 0) {  // held: read whose it is
        auto text = read_fd(*fd);
        holder = text ? parse_holder(*text) : std::nullopt;
        if (!holder) holder = LockHolder{"?", "another apply", "?"};
    } else {
        ::flock(*fd, LOCK_UN);
    }
    ::close(*fd);
    return holder;
}

Result<LockHolder> force_unlock(Connection& connection, const std::string& admin_account, const std::string& id) {
    if (!connection.is_local()) return delete_object_lock(connection, admin_account, id);
    auto held = current_lock(connection, admin_account);
    if (!held) return Unexpected(held.error());
    if (!*held)
        return fail("NoLock", fmt::format("no apply holds the lock of {} (a local apply's lock goes with its process)",
                                          connection.describe()));
    if ((*held)->id != id)
        return fail("LockIdMismatch", fmt::format("the lock of {} is {}, not {}", connection.describe(),
                                                  describe_holder(*held), id));
    return fail("Locked", fmt::format("{} is alive and still holds the lock of {}; a local lock is released when its "
                                      "process ends: stop that apply instead",
                                      describe_holder(*held), connection.describe()));
}

}  // namespace jg::jump

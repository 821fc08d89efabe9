#include "core/credentials_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/strings.hpp"

namespace jg {

namespace {

Unexpected io_error(const std::string& what, const std::string& path) {
    return fail("CredentialsFileError", what + " " + path + ": " + std::strerror(errno));
}

// "[name]" (surrounding blanks allowed) -> name; nullopt for other lines.
std::optional<std::string> section_name(std::string_view line) {
    const std::string t = trim(line);
    if (t.size() < 2 || t.front() != '[' || t.back() != ']') return std::nullopt;
    return trim(std::string_view(t).substr(1, t.size() - 2));
}

bool safe_value(std::string_view v) {
    return v.find_first_of("\r\n") == std::string_view::npos && trim(v) == v;
}

// Holds an exclusive flock on a lock file for its lifetime.
class FileLock {
public:
    explicit FileLock(const std::string& path) : m_fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
        if (m_fd >= 0 && ::flock(m_fd, LOCK_EX) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }
    ~FileLock() {
        if (m_fd >= 0) ::close(m_fd);  // closing releases the lock
    }
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;
    bool held() const { return m_fd >= 0; }

private:
    int m_fd;
};

}  // namespace

Result<void> upsert_credentials_profile(const std::string& path, const CredentialsProfile& profile) {
    if (profile.name.empty() || profile.name.find_first_of("[]\r\n") != std::string::npos ||
        trim(profile.name) != profile.name)
        return fail("InvalidProfile", "invalid profile name '" + profile.name + "'");
    if (profile.access_key_id.empty() || profile.secret_access_key.empty() ||
        !safe_value(profile.access_key_id) || !safe_value(profile.secret_access_key) ||
        !safe_value(profile.session_token))
        return fail("InvalidProfile", "invalid credentials for profile '" + profile.name + "'");

    FileLock lock(path + ".lock");
    if (!lock.held()) return io_error("cannot lock", path + ".lock");

    std::string current;
    if (!read_file(path, current) && ::access(path.c_str(), F_OK) == 0)
        return io_error("cannot read", path);

    // Rebuild the file: every line kept except the old section of this profile, whose
    // place the new section takes (or the end, for a new profile).
    std::string section = "[" + profile.name + "]\naws_access_key_id = " + profile.access_key_id +
                          "\naws_secret_access_key = " + profile.secret_access_key + "\n";
    if (!profile.session_token.empty()) section += "aws_session_token = " + profile.session_token + "\n";
    std::string out;
    bool in_target = false, written = false;
    std::vector<std::string> lines = split(current, '\n');
    if (!lines.empty() && lines.back().empty()) lines.pop_back();
    for (const auto& line : lines) {
        if (auto name = section_name(line)) {
            in_target = *name == profile.name;
            if (in_target) {
                if (!written) out += section;
                written = true;
                continue;
            }
        }
        // Blank lines of the old section stay: they separate it from the next one.
        if (!in_target || trim(line).empty()) out += line + "\n";
    }
    if (!written) {
        if (!out.empty() && !out.ends_with("\n\n")) out += "\n";
        out += section;
    }

    return replace_file(path, out, FileMode::private_0600, "CredentialsFileError");
}

Result<std::optional<std::map<std::string, std::string>>> read_ini_section(const std::string& path,
                                                                           const std::string& section) {
    using Settings = std::map<std::string, std::string>;
    std::string text;
    if (!read_file(path, text)) {
        if (::access(path.c_str(), F_OK) != 0) return std::optional<Settings>();
        return io_error("cannot read", path);
    }
    std::optional<Settings> found;
    bool in_target = false;
    for (const auto& raw : split(text, '\n')) {
        std::string_view line = raw;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (auto name = section_name(line)) {
            in_target = *name == section;
            if (in_target && !found) found = Settings{};
            continue;
        }
        if (!in_target || line.empty() || line.front() == ' ' || line.front() == '\t') continue;
        const std::string t = trim(line);
        if (t.empty() || t.front() == '#' || t.front() == ';') continue;
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        found->emplace(to_lower(trim(line.substr(0, eq))), trim(line.substr(eq + 1)));
    }
    return found;
}

Result<std::optional<CredentialsProfile>> read_credentials_profile(const std::string& path,
                                                                   const std::string& name) {
    auto settings = read_ini_section(path, name);
    if (!settings) return Unexpected(settings.error());
    if (!*settings) return std::optional<CredentialsProfile>();
    auto get = [&](const char* key) {
        auto it = (*settings)->find(key);
        return it == (*settings)->end() ? std::string() : it->second;
    };
    return std::optional<CredentialsProfile>(
        CredentialsProfile{name, get("aws_access_key_id"), get("aws_secret_access_key"), get("aws_session_token")});
}

}  // namespace jg

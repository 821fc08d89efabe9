#include "jump/user/session_cache.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/atomic_file.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"

namespace jg::jump::user {

namespace {

Unexpected io_error(const std::string& what, const std::string& path) {
    return fail("SessionCacheError", what + " " + path + ": " + std::strerror(errno));
}

std::string member_text(const Node& n, std::string_view key) {
    const Node* v = n.find(key);
    return v && v->is_string() ? v->text : std::string{};
}

}  // namespace

std::string SessionCache::path_for(const std::string& source_access_key_id) const {
    // Access key ids are [A-Z0-9]; anything else is replaced so that a name never leaves DIR.
    std::string name;
    for (char c : source_access_key_id) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return m_dir + "/mfa-session-" + name + ".json";
}

Result<std::optional<MfaSession>> SessionCache::find(const std::string& source_access_key_id, Time now,
                                                     std::chrono::seconds margin) const {
    std::string text;
    if (!read_file(path_for(source_access_key_id), text)) return std::optional<MfaSession>{};
    auto doc = parse_json(text);
    if (!doc || !doc->is_object()) return std::optional<MfaSession>{};
    MfaSession s;
    s.source_access_key_id = member_text(*doc, "SourceAccessKeyId");
    s.mfa_serial = member_text(*doc, "SerialNumber");
    const Node* c = doc->find("Credentials");
    if (!c || s.source_access_key_id != source_access_key_id) return std::optional<MfaSession>{};
    s.credentials = {member_text(*c, "AccessKeyId"), member_text(*c, "SecretAccessKey"), member_text(*c, "SessionToken")};
    auto expiration = parse_iso8601(member_text(*c, "Expiration"));
    if (!expiration || s.credentials.access_key_id.empty() || s.credentials.secret_access_key.empty())
        return std::optional<MfaSession>{};
    s.expiration = *expiration;
    if (s.expiration - now < margin) return std::optional<MfaSession>{};
    return std::optional<MfaSession>{std::move(s)};
}

Result<void> SessionCache::store(const MfaSession& session) const {
    // The home itself may not exist yet (an HTTP target never opens the local store).
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(m_dir).parent_path(), ec);
    if (::mkdir(m_dir.c_str(), 0700) != 0 && errno != EEXIST) return io_error("cannot create", m_dir);
    // A directory made by someone else with looser rights would expose the sessions.
    struct stat st {};
    if (::stat(m_dir.c_str(), &st) != 0) return io_error("cannot inspect", m_dir);
    if ((st.st_mode & 077) != 0 && ::chmod(m_dir.c_str(), 0700) != 0) return io_error("cannot restrict", m_dir);

    Node c = Node::make_object();
    c.add("AccessKeyId", Node::make_string(session.credentials.access_key_id));
    c.add("SecretAccessKey", Node::make_string(session.credentials.secret_access_key));
    c.add("SessionToken", Node::make_string(session.credentials.session_token));
    c.add("Expiration", Node::make_string(format_iso8601(session.expiration)));
    Node doc = Node::make_object();
    doc.add("SourceAccessKeyId", Node::make_string(session.source_access_key_id));
    doc.add("SerialNumber", Node::make_string(session.mfa_serial));
    doc.add("Credentials", std::move(c));
    return replace_file(path_for(session.source_access_key_id), to_json(doc, 2) + "\n", FileMode::private_0600,
                        "SessionCacheError");
}

Result<void> SessionCache::drop(const std::string& source_access_key_id) const {
    const std::string path = path_for(source_access_key_id);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return io_error("cannot remove", path);
    return {};
}

}  // namespace jg::jump::user

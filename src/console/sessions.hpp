// The console's server-side sessions: the browser holds only a random id in an HttpOnly
// cookie; what the session is (the stage of the sign-in, the user's STS credentials, the
// role it switched to, its CSRF token) stays here, in memory. Thread-safe: the HTTP
// server calls the console from many threads; pages work on a copy and put it back.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cloud/caller.hpp"
#include "cloud/console_signin.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"

namespace jg::console {

enum class Stage {
    anonymous,        // before sign-in: holds only the CSRF token of the sign-in form
    mfa,              // the password passed; the MFA code is due
    change_password,  // signed in with PasswordResetRequired: the forced change is due
    signed_in,
};

// A role the session switched to (and the role history's entries, without credentials).
struct RoleSwitch {
    std::string account;
    std::string role;
    std::string display_name;
    std::string color;
    std::string arn;  // the assumed-role session's ARN
    cloud::Credentials credentials;
    Time expiration{};
};

struct Session {
    std::string id;
    std::string csrf;
    Stage stage = Stage::anonymous;
    Time created{};
    Time expiration{};  // anonymous and pending stages: a short life; signed in: the user's session
    cloud::ConsoleUser user;
    cloud::Credentials credentials;  // the user's console session (empty before it is issued)
    std::optional<Time> mfa_time;
    std::optional<RoleSwitch> role;
    std::vector<RoleSwitch> history;  // most recent first, at most k_role_history
    // A virtual MFA device created and not yet enabled: its serial and QR code.
    std::string pending_mfa_serial;
    std::string pending_mfa_seed;
    std::string pending_mfa_png;
    // The WebAuthn challenge of the current attempt (raw bytes; empty once used).
    std::string webauthn_challenge;
    Time webauthn_challenge_expiration{};
    // An access key just created: the secret is shown once, then forgotten.
    std::string new_key_id;
    std::string new_key_secret;
};

inline constexpr std::size_t k_role_history = 5;  // AWS keeps the last five roles

class Sessions {
public:
    explicit Sessions(std::size_t capacity = 10'000) : m_capacity(capacity) {}

    // A new session with a fresh id and CSRF token (256 bits each).
    Session create(Random& random, Time now, Time expiration);
    // The session of `id` unless it expired (an expired one is removed).
    std::optional<Session> find(const std::string& id, Time now);
    void put(const Session& session);
    void erase(const std::string& id);
    std::size_t size();

private:
    void make_room(Time now);  // under m_mutex

    std::size_t m_capacity;
    std::mutex m_mutex;
    std::map<std::string, Session> m_sessions;
};

// Throttling of failed sign-ins: after `max_failures` failures of one key (account|user,
// or a source address with 4x the allowance) within `window`, the key is locked until
// `window` has passed since its last failure — even the right password is refused then.
class Lockout {
public:
    Lockout(int max_failures, std::chrono::seconds window) : m_max(max_failures), m_window(window) {}
    bool locked(const std::string& key, int allowance_factor, Time now);
    void failure(const std::string& key, Time now);
    void success(const std::string& key);

private:
    struct Record {
        int failures = 0;
        Time last{};
    };
    int m_max;
    std::chrono::seconds m_window;
    std::mutex m_mutex;
    std::map<std::string, Record> m_records;
};

}  // namespace jg::console

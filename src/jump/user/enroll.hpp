// `jumpgate mfa enroll` as a workflow: the user's key (or, locally, one the admin account's
// root makes), then the device — created, shown (QR file, otpauth URI) and enabled with
// two consecutive codes — or, without codes, left pending for a later `--code1/--code2`.
// An enrollment left half-done by an earlier run is completed or started over. cli/ only
// parses the flags, asks on the terminal and prints.
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include "jump/api/connection.hpp"

namespace jg::jump::user {

struct EnrollRequest {
    std::string user, profile, device_name, qr_file, code1, code2, admin_account;
    bool create_key = false;       // local cloud: the admin account's root makes the user's key
    bool codes_from_seed = false;  // local cloud: compute the two codes (scripts)
    bool show_uri = false;         // print the otpauth URI (it holds the secret) on `out`
};

struct EnrollIo {
    // Asks for a code; nullopt when there is nobody to ask (no terminal, --no-prompt).
    std::function<std::optional<std::string>(const std::string& question)> ask;
    std::ostream& out;  // the URI and the outcome
    std::ostream& err;  // notes (key created, QR file written)
};

// The request's own errors (InvalidArgument), before anything is opened or called.
[[nodiscard]] Result<void> check_enroll_request(const EnrollRequest& request);

// Errors carry AWS's or the workflow's code (InvalidArgument for bad requests); an error
// with an empty code is a refusal worth stating as is (the user already has a device).
[[nodiscard]] Result<void> enroll_mfa(Connection& connection, const EnrollRequest& request, const EnrollIo& io);

// Writes `bytes` to a new file of mode 0600 (never readable by others, not even for a
// moment), replacing any older file. Returns the path.
[[nodiscard]] Result<std::string> write_private(const std::string& path, const std::string& bytes);

}  // namespace jg::jump::user

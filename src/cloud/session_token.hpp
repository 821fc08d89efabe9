// Self-contained temporary credentials, as AWS issues them: the session token is an
// authenticated, encrypted blob (AES-256-GCM under the home's server key) that carries
// everything the session is — account, principal, role, session name, expiry, MFA facts,
// source identity, session policy — and the secret access key is derived from the
// access key id (HMAC-SHA256 under the same key). Issuing a session therefore writes
// nothing to the store, and nothing about a session can be lost in a crash.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cloud/caller.hpp"
#include "core/error.hpp"
#include "core/random.hpp"

namespace jg::cloud {

inline constexpr std::size_t k_server_key_size = 32;

// The claims sealed into a token are the Caller the session will be.
std::string seal_session(std::string_view server_key, const Caller& session, Random& random);

// The Caller sealed in `token`; error "InvalidClientTokenId" when the token was not
// issued with this key, was altered, or belongs to another access key id.
Result<Caller> open_session(std::string_view server_key, std::string_view token,
                            std::string_view access_key_id);

// The secret access key of temporary credentials: 40 characters of Base64 derived from
// the access key id, so that it need not be stored.
std::string derive_session_secret(std::string_view server_key, std::string_view access_key_id);

}  // namespace jg::cloud

#include "cloud/caller.hpp"

namespace jg::cloud {

const char* credential_kind_name(CredentialKind kind) {
    switch (kind) {
        case CredentialKind::root: return "root";
        case CredentialKind::user: return "user";
        case CredentialKind::session_token: return "session-token";
        case CredentialKind::role_session: return "role-session";
        case CredentialKind::console: return "console";
        case CredentialKind::anonymous: return "anonymous";
    }
    return "?";
}

}  // namespace jg::cloud

#include "jump/api/local_api.hpp"

namespace jg::jump {

Result<Node> LocalApi::call(const AwsCredentials& credentials, std::string_view service, std::string_view action,
                            const Node& input, std::string_view region) {
    // In-process there is no signature to verify, so the secret is checked directly: a
    // wrong secret fails as AWS fails a signature made with it.
    cloud::Credentials presented{credentials.access_key_id, credentials.session_token};
    if (!presented.access_key_id.empty()) {
        auto secret = m_cloud.secret_for(presented);
        if (!secret) return Unexpected(secret.error());
        if (*secret != credentials.secret_access_key)
            return fail("SignatureDoesNotMatch",
                        "The request signature we calculated does not match the signature you provided. "
                        "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
    }
    cloud::RequestInfo info;
    info.region = std::string(region);
    return m_cloud.call(presented, service, action, input, info);
}

}  // namespace jg::jump

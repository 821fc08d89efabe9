#include "jump/user/user_key.hpp"

#include "core/credentials_file.hpp"

namespace jg::jump::user {

Result<AwsCredentials> profile_credentials(const std::string& credentials_file, const std::string& profile,
                                           const std::string& user) {
    auto found = read_credentials_profile(credentials_file, profile);
    if (!found) return Unexpected(found.error());
    if (!*found)
        return fail("NoCredentials",
                    "no profile [" + profile + "] in " + credentials_file + ": IAM user '" + user +
                        "' needs its own access key there (for the local cloud: `jumpgate mfa enroll --user " + user +
                        " --create-key` creates one with the admin account's root; for AWS: `aws configure --profile " +
                        profile + "` with the key the administrator handed out)");
    return AwsCredentials{(*found)->access_key_id, (*found)->secret_access_key, (*found)->session_token};
}

Result<AwsCredentials> create_user_key(AwsApi& api, const AwsCredentials& admin, const std::string& region,
                                       const std::string& user, const std::string& credentials_file,
                                       const std::string& profile) {
    auto existing = read_credentials_profile(credentials_file, profile);
    if (!existing) return Unexpected(existing.error());
    if (*existing)
        return fail("ProfileExists", "profile [" + profile + "] already exists in " + credentials_file +
                                         "; use it (drop --create-key) or name another with --profile");
    Node input = Node::make_object();
    input.add("UserName", Node::make_string(user));
    auto out = api.call(admin, "iam", "CreateAccessKey", input, region);
    if (!out) return Unexpected(out.error());
    const Node* key = out->find("AccessKey");
    const Node* id = key ? key->find("AccessKeyId") : nullptr;
    const Node* secret = key ? key->find("SecretAccessKey") : nullptr;
    if (!id || !secret) return fail("InternalFailure", "CreateAccessKey answered without a key");
    AwsCredentials creds{id->text, secret->text, {}};
    if (auto ok = upsert_credentials_profile(credentials_file, {profile, creds.access_key_id, creds.secret_access_key, {}});
        !ok) {
        // Do not leave a key nobody holds.
        Node del = Node::make_object();
        del.add("UserName", Node::make_string(user));
        del.add("AccessKeyId", Node::make_string(creds.access_key_id));
        (void)api.call(admin, "iam", "DeleteAccessKey", del, region);
        return Unexpected(ok.error());
    }
    return creds;
}

}  // namespace jg::jump::user

// GetAccessKeyInfo: the account an access key id belongs to. Like GetCallerIdentity it needs
// no permission (any signed caller may ask, about any account's key) and says nothing of the
// key's state.
//
// AWS reads the account out of the key id itself (bits of its base32 body), so it answers
// for any key, active, inactive or deleted. The local cloud does the same for temporary
// (ASIA) keys, which it issues in AWS's layout (core/ids.hpp: new_account_key_id). Its
// long-term (AKIA) key ids are random, so those are looked up in the access key index:
// a key of any status answers its account; a key id the cloud never issued, or one since
// deleted, is InvalidClientTokenId "The security token included in the request is
// invalid." (AWS: "Providing a deleted access key might return an error that the key
// doesn't exist.").
#include <cctype>

#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "cloud/sts/sts.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"

namespace jg::cloud::sts {

Result<Node> get_access_key_info(CallContext& ctx) {
    auto key_id = required_string(ctx.input(), "AccessKeyId");
    if (!key_id) return Unexpected(key_id.error());
    if (auto ok = check_length("AccessKeyId", *key_id, 16, 128); !ok) return Unexpected(ok.error());
    for (char c : *key_id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
            return validation_error("AccessKeyId", *key_id, "Member must satisfy regular expression pattern: [\\w]*");
    std::string account;
    if (looks_like_id(*key_id, IdKind::temporary_key)) {
        account = account_of_key_id(*key_id).value_or("");
    } else {
        auto doc = ctx.cloud().store().read(
            [&](store::Reader& r) { return iam::get_doc(r, "", iam::k_access_key, *key_id); });
        if (!doc) return Unexpected(doc.error());
        if (*doc) account = iam::member(**doc, "Account");
    }
    if (account.empty()) return fail("InvalidClientTokenId", "The security token included in the request is invalid.");
    Node out = Node::make_object();
    out.add("Account", str(account));
    return out;
}

}  // namespace jg::cloud::sts

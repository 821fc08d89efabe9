#include "cloud/s3/access.hpp"

#include "cloud/input.hpp"
#include "cloud/s3/naming.hpp"
#include "core/encoding.hpp"
#include "core/hash.hpp"

namespace jg::cloud::s3 {

Result<void> authorize_on_bucket(CallContext& ctx, std::string_view action, const Bucket& bucket,
                                 std::string_view resource_arn, ContextKeys context) {
    AuthorizeOptions options;
    options.resource_policy = bucket.enforced_policy.empty() ? bucket.policy : bucket.enforced_policy;
    options.resource_account = bucket.owner;
    options.context = std::move(context);
    return ctx.authorize(action, resource_arn, options);
}

AuthorizeOptions own_account(const CallContext& ctx) {
    AuthorizeOptions options;
    options.resource_account = ctx.account();
    return options;
}

Result<Bucket> bucket_for(CallContext& ctx, std::string_view name, std::string_view action,
                          std::string_view resource_arn, ContextKeys context) {
    auto bucket = ctx.cloud().store().read([&](store::Reader& r) { return load_for_authorization(r, name); });
    if (!bucket) return bucket;
    if (auto allowed = authorize_on_bucket(ctx, action, *bucket, resource_arn, std::move(context)); !allowed)
        return Unexpected(allowed.error());
    return bucket;
}

Result<std::string> input_bucket(CallContext& ctx) {
    auto name = required_string(ctx.input(), "Bucket");
    if (!name) return name;
    // Names that break the naming rules can never exist; AWS answers them as it does an
    // unknown bucket, except CreateBucket which validates first.
    if (name->empty() || name->find('/') != std::string::npos) return no_such_bucket();
    return name;
}

Result<std::string> input_key(CallContext& ctx) {
    auto key = required_string(ctx.input(), "Key");
    if (!key) return key;
    if (auto valid = validate_object_key(*key); !valid) return Unexpected(valid.error());
    return key;
}

std::string canonical_user_id(std::string_view account) {
    return hex_encode(sha256("jumpgate-s3-canonical-user/" + std::string(account)));
}

}  // namespace jg::cloud::s3

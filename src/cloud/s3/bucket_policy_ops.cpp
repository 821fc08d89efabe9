// PutBucketPolicy, GetBucketPolicy, DeleteBucketPolicy.
//
// AWS's rules for these three (PutBucketPolicy documentation): the root user of the
// bucket owner's account may always call them, even when the bucket policy denies it (so
// that an owner cannot lock itself out); any other identity needs the permission and must
// belong to the owner's account — one that has the permission but belongs to another
// account gets 405 MethodNotAllowed.
#include "cloud/iam/keys.hpp"
#include "cloud/iam/trust_principals.hpp"
#include "cloud/input.hpp"
#include "cloud/s3/access.hpp"
#include "cloud/s3/bucket_policy.hpp"
#include "cloud/s3/records.hpp"
#include "cloud/s3/s3.hpp"
#include "core/strings.hpp"

namespace jg::cloud::s3 {
namespace {

Result<Bucket> policy_bucket(CallContext& ctx, std::string_view action) {
    auto name = input_bucket(ctx);
    if (!name) return Unexpected(name.error());
    auto bucket = ctx.cloud().store().read([&](store::Reader& r) { return load_for_authorization(r, *name); });
    if (!bucket) return bucket;
    const bool owner_root = ctx.caller().is_root && ctx.account() == bucket->owner;
    if (owner_root) return bucket;
    if (auto allowed = authorize_on_bucket(ctx, action, *bucket, bucket_arn(*name)); !allowed)
        return Unexpected(allowed.error());
    if (ctx.account() != bucket->owner)
        return fail("MethodNotAllowed", "The specified method is not allowed against this resource.");
    return bucket;
}

// Whether a principal a policy names exists in this cloud: its account, and the user or
// role (by name, the ARN's last path segment, compared with the stored ARN).
bool principal_exists(store::Reader& r, std::string_view principal) {
    auto present = [&](std::string_view account, std::string_view kind, std::string_view name) {
        auto doc = r.get(account, kind, name);
        return doc && doc->has_value();
    };
    if (principal.size() == 12) return present("", iam::k_account, principal);
    const auto parts = split(principal, ':');  // well formed already: six parts
    const std::string& account = parts[4];
    const std::string& rest = parts[5];
    if (!present("", iam::k_account, account)) return false;
    if (rest == "root") return true;
    auto entity = [&](std::string_view kind, const std::string& arn, const std::string& name) {
        auto doc = iam::get_doc(r, account, kind, iam::entity_key(name));
        return doc && *doc && iam::member(**doc, "Arn") == arn;
    };
    const auto segments = split(rest, '/');
    if (parts[2] == "sts") {  // assumed-role/ROLE/SESSION: the role must exist
        auto role = iam::get_doc(r, account, iam::k_role, iam::entity_key(segments[1]));
        return role && *role;
    }
    if (segments[0] == "user") return entity(iam::k_user, std::string(principal), segments.back());
    if (segments[0] == "role") return entity(iam::k_role, std::string(principal), segments.back());
    return false;
}

}  // namespace

Result<Node> put_bucket_policy(CallContext& ctx) {
    auto bucket = policy_bucket(ctx, "s3:PutBucketPolicy");
    if (!bucket) return Unexpected(bucket.error());
    auto text = required_string(ctx.input(), "Policy");
    if (!text) return Unexpected(text.error());
    auto valid = ctx.cloud().store().read([&](store::Reader& r) -> Result<void> {
        auto parsed = validate_bucket_policy(*text, bucket->name,
                                             [&](std::string_view p) { return principal_exists(r, p); });
        if (!parsed) return Unexpected(parsed.error());
        return {};
    });
    if (!valid) return Unexpected(valid.error());
    // The named users and roles are recorded with their unique ids in the same
    // transaction that stores the policy.
    auto stored = ctx.cloud().store().write([&](store::Tx& tx) -> Result<void> {
        auto current = require_same_bucket(tx, *bucket);
        if (!current) return Unexpected(current.error());
        auto principals = iam::resolve_trust_principals(tx, *text);
        if (!principals) return fail("MalformedPolicy", "Invalid principal in policy");
        current->policy = *text;
        current->policy_principals = std::move(*principals);
        return save_bucket(tx, *current);
    });
    if (!stored) return Unexpected(stored.error());
    return Node::make_object();
}

Result<Node> get_bucket_policy(CallContext& ctx) {
    auto bucket = policy_bucket(ctx, "s3:GetBucketPolicy");
    if (!bucket) return Unexpected(bucket.error());
    if (bucket->policy.empty()) return fail("NoSuchBucketPolicy", "The bucket policy does not exist");
    Node out = Node::make_object();
    out.add("Policy", str(bucket->policy));
    return out;
}

Result<Node> delete_bucket_policy(CallContext& ctx) {
    auto bucket = policy_bucket(ctx, "s3:DeleteBucketPolicy");
    if (!bucket) return Unexpected(bucket.error());
    // Deleting a policy that is not there succeeds (204), as S3 does.
    auto stored = ctx.cloud().store().write([&](store::Tx& tx) -> Result<void> {
        auto current = require_same_bucket(tx, *bucket);
        if (!current) return Unexpected(current.error());
        current->policy.clear();
        current->policy_principals.clear();
        return save_bucket(tx, *current);
    });
    if (!stored) return Unexpected(stored.error());
    return Node::make_object();
}

}  // namespace jg::cloud::s3

// Tags on customer managed policies: TagPolicy, UntagPolicy, ListPolicyTags (CreatePolicy
// takes Tags too). Authorised on the policy's ARN with aws:RequestTag/KEY and aws:TagKeys
// before the policy is looked up; a missing policy is NoSuchEntity "Policy ARN does not
// exist or is not attachable."; AWS managed policies are not the caller's to tag
// (InvalidInput "ARN … is not valid.", as for their versions) and list no tags.
#include <fmt/format.h>

#include "cloud/iam/iam.hpp"
#include "cloud/iam/identity_providers.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/iam/policy_lookup.hpp"
#include "cloud/iam/tag_edit.hpp"
#include "cloud/input.hpp"

namespace jg::cloud::iam {

namespace {

// Runs `change` on the stored tags of the customer managed policy `p` in one write.
Result<Node> change_tags(CallContext& ctx, const ManagedPolicy& p, const std::function<Result<Tags>(Tags)>& change) {
    if (p.aws_managed) return fail("InvalidInput", fmt::format("ARN {} is not valid.", p.arn));
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto doc = get_doc(tx, ctx.account(), k_policy, p.key);
        if (!doc) return Unexpected(doc.error());
        if (!*doc) return no_such_policy(p.arn);
        auto tags = change(stored_tags(**doc));
        if (!tags) return Unexpected(tags.error());
        set_member(**doc, "Tags", tags_node(*tags));
        if (auto ok = put_doc(tx, ctx.account(), k_policy, p.key, **doc); !ok) return Unexpected(ok.error());
        return Node::make_object();
    });
}

}  // namespace

Result<Node> tag_policy(CallContext& ctx) {
    auto tags = read_new_tags(ctx.input());
    if (!tags) return Unexpected(tags.error());
    auto p = authorized_policy(ctx, "iam:TagPolicy", tag_context(*tags));
    if (!p) return Unexpected(p.error());
    return change_tags(ctx, *p, [&](Tags now) { return merge_tags(std::move(now), *tags); });
}

Result<Node> untag_policy(CallContext& ctx) {
    auto keys = read_tag_keys(ctx.input());
    if (!keys) return Unexpected(keys.error());
    AuthorizeOptions auth;
    auth.context.push_back({"aws:TagKeys", *keys});
    auto p = authorized_policy(ctx, "iam:UntagPolicy", auth);
    if (!p) return Unexpected(p.error());
    return change_tags(ctx, *p, [&](Tags now) -> Result<Tags> { return remove_tags(std::move(now), *keys); });
}

Result<Node> list_policy_tags(CallContext& ctx) {
    auto p = authorized_policy(ctx, "iam:ListPolicyTags");
    if (!p) return Unexpected(p.error());
    return tags_page(ctx.input(), p->aws_managed ? Tags{} : stored_tags(p->doc));
}

}  // namespace jg::cloud::iam

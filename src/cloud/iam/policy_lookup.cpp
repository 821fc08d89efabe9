#include "cloud/iam/policy_lookup.hpp"

#include <fmt/format.h>

#include "cloud/iam/keys.hpp"
#include "core/json.hpp"
#include "policy/managed_policies.hpp"

namespace jg::cloud::iam {

Result<std::optional<ManagedPolicy>> find_managed_policy(store::Reader& r, std::string_view account,
                                                         std::string_view arn) {
    ManagedPolicy p;
    p.arn = std::string(arn);
    p.name = std::string(arn.substr(arn.rfind('/') + 1));
    if (arn.rfind("arn:aws:iam::aws:policy/", 0) == 0) {
        if (!policy::aws_managed_policy_document(arn)) return std::optional<ManagedPolicy>{};
        p.aws_managed = true;
        return std::optional<ManagedPolicy>(std::move(p));
    }
    if (arn.rfind(fmt::format("arn:aws:iam::{}:policy/", account), 0) != 0) return std::optional<ManagedPolicy>{};
    p.key = entity_key(p.name);
    auto doc = get_doc(r, account, k_policy, p.key);
    if (!doc) return Unexpected(doc.error());
    if (!*doc || member(**doc, "Arn") != arn) return std::optional<ManagedPolicy>{};
    p.doc = std::move(**doc);
    return std::optional<ManagedPolicy>(std::move(p));
}

Unexpected no_such_policy(std::string_view arn) {
    return fail("NoSuchEntity", fmt::format("Policy {} does not exist or is not attachable.", arn));
}

Result<std::int64_t> aws_policy_attachments(store::Reader& r, std::string_view account, std::string_view arn) {
    auto doc = get_doc(r, account, k_aws_policy_use, arn);
    if (!doc) return Unexpected(doc.error());
    if (!*doc) return 0;
    return std::stoll(member(**doc, "AttachmentCount"));
}

Result<void> count_attachment(store::Tx& tx, std::string_view account, const ManagedPolicy& policy, int delta) {
    if (policy.aws_managed) {
        auto now = aws_policy_attachments(tx, account, policy.arn);
        if (!now) return Unexpected(now.error());
        std::int64_t next = std::max<std::int64_t>(0, *now + delta);
        if (next == 0) {
            auto erased = tx.erase(account, k_aws_policy_use, policy.arn);
            if (!erased) return Unexpected(erased.error());
            return {};
        }
        Node doc = Node::make_object();
        doc.add("AttachmentCount", Node::make_number(std::to_string(next)));
        return put_doc(tx, account, k_aws_policy_use, policy.arn, doc);
    }
    auto doc = get_doc(tx, account, k_policy, policy.key);  // the current one, in this transaction
    if (!doc) return Unexpected(doc.error());
    if (!*doc) return no_such_policy(policy.arn);
    Node* count = (*doc)->find("AttachmentCount");
    std::int64_t next = std::max<std::int64_t>(0, (count ? std::stoll(count->text) : 0) + delta);
    if (count) *count = Node::make_number(std::to_string(next));
    else (*doc)->add("AttachmentCount", Node::make_number(std::to_string(next)));
    return put_doc(tx, account, k_policy, policy.key, **doc);
}

}  // namespace jg::cloud::iam

// IAM users: CreateUser, GetUser, ...
#include <fmt/format.h>

#include "cloud/iam/iam.hpp"
#include "cloud/iam/keys.hpp"
#include "core/json.hpp"
#include "cloud/input.hpp"
#include "cloud/principal_policies.hpp"
#include "core/ids.hpp"

namespace jg::cloud::iam {

namespace {

constexpr std::int64_t k_max_users = 5000;

std::string user_arn(std::string_view account, std::string_view path, std::string_view name) {
    return fmt::format("arn:aws:iam::{}:user{}{}", account, path, name);
}

// The stored document as AWS's User shape (the boundary becomes a PermissionsBoundary
// object, empty tag lists are left out).
Node user_output(const Node& doc) {
    Node u = Node::make_object();
    for (const char* key : {"Path", "UserName", "UserId", "Arn", "CreateDate", "PasswordLastUsed"})
        if (const Node* v = doc.find(key)) u.add(key, *v);
    if (auto boundary = member(doc, "PermissionsBoundary"); !boundary.empty()) {
        Node b = Node::make_object();
        b.add("PermissionsBoundaryType", str("Policy"));
        b.add("PermissionsBoundaryArn", str(boundary));
        u.add("PermissionsBoundary", std::move(b));
    }
    if (const Node* tags = doc.find("Tags"); tags && !tags->items.empty()) u.add("Tags", *tags);
    return u;
}

Unexpected no_such_user(std::string_view name) {
    return fail("NoSuchEntity", fmt::format("The user with name {} cannot be found.", name));
}

}  // namespace

Result<Node> create_user(CallContext& ctx) {
    const Node& in = ctx.input();
    auto name = required_string(in, "UserName");
    if (!name) return Unexpected(name.error());
    if (auto ok = check_name("UserName", *name, 64); !ok) return Unexpected(ok.error());
    std::string path = optional_string(in, "Path").value_or("/");
    if (auto ok = check_path("Path", path); !ok) return Unexpected(ok.error());
    auto tags = read_tags(in);
    if (!tags) return Unexpected(tags.error());
    std::string boundary = optional_string(in, "PermissionsBoundary").value_or("");
    std::string arn = user_arn(ctx.account(), path, *name);

    AuthorizeOptions auth;
    if (!boundary.empty()) auth.context.push_back({"iam:PermissionsBoundary", {boundary}});
    if (auto ok = ctx.authorize("iam:CreateUser", arn, auth); !ok) return Unexpected(ok.error());

    Node doc = Node::make_object();
    doc.add("Path", str(path));
    doc.add("UserName", str(*name));
    doc.add("UserId", str(new_unique_id(ctx.cloud().random(), IdKind::user)));
    doc.add("Arn", str(arn));
    doc.add("CreateDate", str(format_iso8601(ctx.now())));
    doc.add("Tags", tags_node(*tags));
    if (!boundary.empty()) doc.add("PermissionsBoundary", str(boundary));

    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        if (!boundary.empty()) {
            auto policy = managed_policy_document(tx, ctx.account(), boundary);
            if (!policy) return Unexpected(policy.error());
            if (!*policy) return fail("NoSuchEntity", fmt::format("Scope ARN: {} does not exist or is not attachable.", boundary));
        }
        auto count = tx.count(ctx.account(), k_user);
        if (!count) return Unexpected(count.error());
        if (*count >= k_max_users)
            return fail("LimitExceeded", fmt::format("Cannot exceed quota for UsersPerAccount: {}", k_max_users));
        if (auto put = tx.insert(ctx.account(), k_user, entity_key(*name), to_json(doc)); !put) {
            if (put.error().code == "AlreadyExists")
                return fail("EntityAlreadyExists", fmt::format("User with name {} already exists.", *name));
            return Unexpected(put.error());
        }
        if (auto ok = policies_changed(tx, ctx.account()); !ok) return Unexpected(ok.error());
        Node out = Node::make_object();
        out.add("User", user_output(doc));
        return out;
    });
}

Result<Node> get_user(CallContext& ctx) {
    // Without UserName, the user of the calling credentials.
    auto given = optional_string(ctx.input(), "UserName");
    std::string name = given.value_or(ctx.caller().user_name);
    if (given) {
        if (auto ok = check_name("UserName", name, 128); !ok) return Unexpected(ok.error());
    } else if (name.empty()) {
        if (ctx.caller().is_root) {
            // Root asking about itself: AWS answers with the root "user".
            Node u = Node::make_object();
            u.add("UserId", str(ctx.account()));
            u.add("Arn", str(ctx.caller().arn));
            u.add("CreateDate", str(format_iso8601(ctx.now())));
            Node out = Node::make_object();
            out.add("User", std::move(u));
            return out;
        }
        return validation_error("UserName", std::nullopt, "Member must not be null");
    }
    auto doc = ctx.cloud().store().read(
        [&](store::Reader& r) { return get_doc(r, ctx.account(), k_user, entity_key(name)); });
    if (!doc) return Unexpected(doc.error());
    // Authorise on the ARN the user would have, so that a missing user is not revealed
    // to a caller who may not ask.
    std::string arn = *doc ? member(**doc, "Arn") : user_arn(ctx.account(), "/", name);
    if (auto ok = ctx.authorize("iam:GetUser", arn); !ok) return Unexpected(ok.error());
    if (!*doc) return no_such_user(name);
    Node out = Node::make_object();
    out.add("User", user_output(**doc));
    return out;
}

}  // namespace jg::cloud::iam

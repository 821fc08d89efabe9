#include "jump/audit/collect.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace jg::jump::audit {
namespace {

Node str(std::string s) { return Node::make_string(std::move(s)); }

// Concatenates list members of every page of an IAM call paginated by Marker.
Result<void> paginate(AwsApi& api, const AccountAccess& access, const std::string& region, const char* action,
                      Node input, const std::vector<std::string>& lists, Node& into) {
    for (const auto& l : lists)
        if (!into.find(l)) into.add(l, Node::make_array());
    // IAM's largest page (its default is 100): an admin account of thousands of users in
    // a few round trips instead of dozens, each of which lists the whole account again.
    if (!input.find("MaxItems")) input.add("MaxItems", Node::make_number("1000"));
    for (int page = 0; page < 100000; ++page) {
        auto out = api.call(access.credentials, "iam", action, input, region);
        if (!out) return Unexpected(out.error());
        for (const auto& l : lists)
            if (const Node* items = out->find(l); items && items->is_array())
                for (const Node& item : items->items) into.find(l)->push(item);
        const Node* truncated = out->find("IsTruncated");
        const Node* marker = out->find("Marker");
        if (!truncated || truncated->text != "true" || !marker) return {};
        if (Node* m = input.find("Marker")) *m = str(marker->text);
        else input.add("Marker", str(marker->text));
    }
    return fail("InternalFailure", fmt::format("{}: too many pages", action));
}

}  // namespace

Result<Node> collect_account(AwsApi& api, const AccountAccess& access, const std::string& region) {
    Node doc = Node::make_object();
    doc.add("AccountId", str(access.account));
    auto where = [&](const Error& e) {
        return fail(e.code, fmt::format("account {}: {}", access.account, e.message));
    };
    if (auto ok = paginate(api, access, region, "GetAccountAuthorizationDetails", Node::make_object(),
                           {"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"}, doc);
        !ok)
        return where(ok.error());
    // Credentials the authorization details leave out.
    Node mfa = Node::make_array(), keys = Node::make_array(), profiles = Node::make_array();
    for (const Node& user : doc.find("UserDetailList")->items) {
        const Node* name = user.find("UserName");
        if (!name) continue;
        Node in = Node::make_object();
        in.add("UserName", str(name->text));
        Node got = Node::make_object();
        if (auto ok = paginate(api, access, region, "ListMFADevices", in, {"MFADevices"}, got); !ok) return where(ok.error());
        for (Node& d : got.find("MFADevices")->items) mfa.push(std::move(d));
        Node k = Node::make_object();
        if (auto ok = paginate(api, access, region, "ListAccessKeys", in, {"AccessKeyMetadata"}, k); !ok) return where(ok.error());
        for (Node& d : k.find("AccessKeyMetadata")->items) {
            if (!d.find("UserName")) d.add("UserName", str(name->text));
            keys.push(std::move(d));
        }
        auto profile = api.call(access.credentials, "iam", "GetLoginProfile", in, region);
        if (profile) {
            Node p = Node::make_object();
            p.add("UserName", str(name->text));
            profiles.push(std::move(p));
        } else if (profile.error().code != "NoSuchEntity") {
            return where(profile.error());
        }
    }
    doc.add("MFADevices", std::move(mfa));
    doc.add("AccessKeyMetadata", std::move(keys));
    doc.add("LoginProfiles", std::move(profiles));
    auto policy = api.call(access.credentials, "iam", "GetAccountPasswordPolicy", Node::make_object(), region);
    if (policy) {
        const Node* p = policy->find("PasswordPolicy");
        doc.add("PasswordPolicy", p ? *p : Node());
    } else if (policy.error().code == "NoSuchEntity") {
        doc.add("PasswordPolicy", Node());
    } else {
        return where(policy.error());
    }
    return doc;
}

Result<State> collect_state(AwsApi& api, const std::vector<AccountAccess>& accounts, const std::string& region) {
    State state;
    DocumentCache documents;
    for (const AccountAccess& access : accounts) {
        auto doc = collect_account(api, access, region);
        if (!doc) return Unexpected(doc.error());
        auto account = load_account(*doc, access.account, &documents);
        if (!account) return Unexpected(account.error());
        account->source = "live";
        state.accounts.push_back(std::move(*account));
    }
    std::sort(state.accounts.begin(), state.accounts.end(), [](const Account& x, const Account& y) { return x.id < y.id; });
    return state;
}

}  // namespace jg::jump::audit

#include "jump/audit/collect.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/parallel.hpp"

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
            if (Node* items = out->find(l); items && items->is_array())
                for (Node& item : items->items) into.find(l)->push(std::move(item));
        const Node* truncated = out->find("IsTruncated");
        const Node* marker = out->find("Marker");
        if (!truncated || truncated->text != "true" || !marker) return {};
        if (Node* m = input.find("Marker")) *m = str(marker->text);
        else input.add("Marker", str(marker->text));
    }
    return fail("InternalFailure", fmt::format("{}: too many pages", action));
}

// What GetAccountAuthorizationDetails leaves out about one user.
struct UserCredentials {
    Node mfa = Node::make_array(), keys = Node::make_array();
    bool login_profile = false;
};

Result<UserCredentials> user_credentials(AwsApi& api, const AccountAccess& access, const std::string& region,
                                         const std::string& name) {
    UserCredentials out;
    Node in = Node::make_object();
    in.add("UserName", str(name));
    Node got = Node::make_object();
    if (auto ok = paginate(api, access, region, "ListMFADevices", in, {"MFADevices"}, got); !ok) return Unexpected(ok.error());
    out.mfa = std::move(*got.find("MFADevices"));
    Node keys = Node::make_object();
    if (auto ok = paginate(api, access, region, "ListAccessKeys", in, {"AccessKeyMetadata"}, keys); !ok)
        return Unexpected(ok.error());
    out.keys = std::move(*keys.find("AccessKeyMetadata"));
    for (Node& d : out.keys.items)
        if (!d.find("UserName")) d.add("UserName", str(name));
    auto profile = api.call(access.credentials, "iam", "GetLoginProfile", in, region);
    if (profile) out.login_profile = true;
    else if (profile.error().code != "NoSuchEntity") return Unexpected(profile.error());
    return out;
}

// Calls at a time: an admin account holds thousands of users, three calls each (against
// AWS each is a round trip; in-process each is mostly the local cloud's own work, which
// runs in parallel on its read connections).
constexpr std::size_t k_workers = 4;

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
    // Credentials the authorization details leave out: three calls per user.
    std::vector<std::string> names;
    for (const Node& user : doc.find("UserDetailList")->items)
        if (const Node* name = user.find("UserName")) names.push_back(name->text);
    std::vector<UserCredentials> found(names.size());
    auto read = parallel_for(names.size(), k_workers, [&](std::size_t i) -> Result<void> {
        auto got = user_credentials(api, access, region, names[i]);
        if (!got) return Unexpected(got.error());
        found[i] = std::move(*got);
        return {};
    });
    if (!read) return where(read.error());
    Node mfa = Node::make_array(), keys = Node::make_array(), profiles = Node::make_array();
    for (std::size_t i = 0; i < names.size(); ++i) {
        for (Node& d : found[i].mfa.items) mfa.push(std::move(d));
        for (Node& d : found[i].keys.items) keys.push(std::move(d));
        if (found[i].login_profile) {
            Node p = Node::make_object();
            p.add("UserName", str(names[i]));
            profiles.push(std::move(p));
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
    // The accounts' documents a few at a time, then loaded in order (the cache of parsed
    // policy documents is not shared between threads).
    std::vector<Node> docs(accounts.size());
    auto read = parallel_for(accounts.size(), k_workers, [&](std::size_t i) -> Result<void> {
        auto doc = collect_account(api, accounts[i], region);
        if (!doc) return Unexpected(doc.error());
        docs[i] = std::move(*doc);
        return {};
    });
    if (!read) return Unexpected(read.error());
    State state;
    DocumentCache documents;
    for (std::size_t i = 0; i < accounts.size(); ++i) {
        const AccountAccess& access = accounts[i];
        auto account = load_account(docs[i], access.account, &documents);
        if (!account) return Unexpected(account.error());
        account->source = "live";
        state.accounts.push_back(std::move(*account));
    }
    std::sort(state.accounts.begin(), state.accounts.end(), [](const Account& x, const Account& y) { return x.id < y.id; });
    return state;
}

}  // namespace jg::jump::audit

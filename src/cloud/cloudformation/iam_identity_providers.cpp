// Provider of AWS::IAM::OIDCProvider (the GitHub Actions bootstrap: a provider and the
// roles trusting it in one template). Url is replaced; client ids, thumbprints and tags
// are updated in place with the IAM calls CloudFormation makes.
#include <algorithm>

#include "cloud/cloudformation/providers.hpp"
#include "cloud/input.hpp"

namespace jg::cloud::cloudformation {

namespace {

Node strings_node(const std::vector<std::string>& items) {
    Node out = Node::make_array();
    for (const auto& s : items) out.push(str(s));
    return out;
}

class OidcProviderProvider final : public cfn::ResourceProvider {
public:
    explicit OidcProviderProvider(const ActAs& as) : m_as(as) {}

    Result<cfn::ResourceState> create(const cfn::ResourceRequest& r) override {
        Node in = object({{"Url", prop::text(r.properties, "Url")}});
        in.add("ClientIDList", strings_node(prop::strings(r.properties, "ClientIdList")));
        in.add("ThumbprintList", strings_node(prop::strings(r.properties, "ThumbprintList")));
        if (const Node* tags = prop::find(r.properties, "Tags")) in.add("Tags", *tags);
        auto created = m_as.call("iam", "CreateOpenIDConnectProvider", in);
        if (!created) return Unexpected(created.error());
        mark_created(r);
        std::string arn = prop::text(*created, "OpenIDConnectProviderArn");
        return cfn::ResourceState{arn, {{"Arn", str(arn)}}};
    }

    Result<cfn::ResourceState> update(const cfn::ResourceState& current, const Node& before,
                                      const cfn::ResourceRequest& r) override {
        const std::string& arn = current.physical_id;
        auto old_ids = prop::strings(before, "ClientIdList"), new_ids = prop::strings(r.properties, "ClientIdList");
        for (const auto& id : new_ids)
            if (std::find(old_ids.begin(), old_ids.end(), id) == old_ids.end())
                if (auto ok = call("AddClientIDToOpenIDConnectProvider", object({{"OpenIDConnectProviderArn", arn}, {"ClientID", id}})); !ok)
                    return Unexpected(ok.error());
        for (const auto& id : old_ids)
            if (std::find(new_ids.begin(), new_ids.end(), id) == new_ids.end())
                if (auto ok = call("RemoveClientIDFromOpenIDConnectProvider", object({{"OpenIDConnectProviderArn", arn}, {"ClientID", id}})); !ok)
                    return Unexpected(ok.error());
        if (prop::strings(before, "ThumbprintList") != prop::strings(r.properties, "ThumbprintList")) {
            Node in = object({{"OpenIDConnectProviderArn", arn}});
            in.add("ThumbprintList", strings_node(prop::strings(r.properties, "ThumbprintList")));
            if (auto ok = call("UpdateOpenIDConnectProviderThumbprint", in); !ok) return Unexpected(ok.error());
        }
        const Node* old_tags = prop::find(before, "Tags");
        const Node* new_tags = prop::find(r.properties, "Tags");
        if (!(old_tags && new_tags && old_tags->same(*new_tags)) && (old_tags || new_tags)) {
            if (old_tags && old_tags->is_array() && !old_tags->items.empty()) {
                Node in = object({{"OpenIDConnectProviderArn", arn}});
                Node keys = Node::make_array();
                for (const auto& t : old_tags->items) keys.push(str(prop::text(t, "Key")));
                in.add("TagKeys", std::move(keys));
                if (auto ok = call("UntagOpenIDConnectProvider", in); !ok) return Unexpected(ok.error());
            }
            if (new_tags && new_tags->is_array() && !new_tags->items.empty()) {
                Node in = object({{"OpenIDConnectProviderArn", arn}});
                in.add("Tags", *new_tags);
                if (auto ok = call("TagOpenIDConnectProvider", in); !ok) return Unexpected(ok.error());
            }
        }
        return current;
    }

    Result<void> remove(const cfn::ResourceState& current, const cfn::ResourceRequest&) override {
        // DeleteOpenIDConnectProvider is idempotent: a provider deleted by hand is no failure.
        if (auto ok = call("DeleteOpenIDConnectProvider", object({{"OpenIDConnectProviderArn", current.physical_id}})); !ok)
            return Unexpected(ok.error());
        return {};
    }

private:
    Result<Node> call(const char* action, const Node& in) { return m_as.call("iam", action, in); }
    ActAs m_as;
};

}  // namespace

void add_iam_identity_provider_providers(cfn::ProviderRegistry& registry, const ActAs& as) {
    registry.add("AWS::IAM::OIDCProvider", std::make_unique<OidcProviderProvider>(as));
}

}  // namespace jg::cloud::cloudformation

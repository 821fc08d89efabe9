// Providers of AWS::IAM::ManagedPolicy, AWS::IAM::Policy, AWS::IAM::RolePolicy /
// GroupPolicy / UserPolicy, AWS::IAM::UserToGroupAddition and AWS::IAM::AccessKey.
#include <algorithm>

#include "cloud/cloudformation/providers.hpp"
#include "cloud/input.hpp"

namespace jg::cloud::cloudformation {

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

Result<void> ignore_missing(const Result<Node>& r) {
    if (!r && !is_not_found(r.error())) return Unexpected(r.error());
    return {};
}

// Groups, Roles and Users a managed policy is attached to.
Result<void> attach_to(const ActAs& as, const std::string& arn, const char* kind, const std::vector<std::string>& names) {
    for (const auto& name : names) {
        Node in = object({{(std::string(kind) + "Name").c_str(), name}, {"PolicyArn", arn}});
        if (auto r = as.call("iam", std::string("Attach") + kind + "Policy", in); !r) return Unexpected(r.error());
    }
    return {};
}
Result<void> detach_from(const ActAs& as, const std::string& arn, const char* kind, const std::vector<std::string>& names) {
    for (const auto& name : names) {
        Node in = object({{(std::string(kind) + "Name").c_str(), name}, {"PolicyArn", arn}});
        if (auto ok = ignore_missing(as.call("iam", std::string("Detach") + kind + "Policy", in)); !ok) return ok;
    }
    return {};
}

constexpr std::pair<const char*, const char*> k_targets[] = {{"Group", "Groups"}, {"Role", "Roles"}, {"User", "Users"}};

class ManagedPolicyProvider final : public cfn::ResourceProvider {
public:
    explicit ManagedPolicyProvider(const ActAs& as) : m_as(as) {}

    Result<cfn::ResourceState> create(const cfn::ResourceRequest& r) override {
        std::string name = prop::text(r.properties, "ManagedPolicyName");
        Node in = object({{"PolicyName", name.empty() ? r.physical_name : name},
                          {"PolicyDocument", prop::document(r.properties, "PolicyDocument")}});
        for (const char* m : {"Path", "Description"})
            if (const Node* v = prop::find(r.properties, m)) in.add(m, *v);
        auto created = m_as.call("iam", "CreatePolicy", in);
        if (!created) return Unexpected(created.error());
        mark_created(r);
        const Node& policy = *created->find("Policy");
        cfn::ResourceState state{prop::text(policy, "Arn"), {}};
        for (const char* a : {"PolicyId", "DefaultVersionId", "CreateDate", "UpdateDate", "AttachmentCount",
                              "PermissionsBoundaryUsageCount", "IsAttachable"})
            if (const Node* v = policy.find(a)) state.attributes[a] = *v;
        state.attributes["PolicyArn"] = str(state.physical_id);
        for (const auto& [kind, property] : k_targets)
            if (auto ok = attach_to(m_as, state.physical_id, kind, prop::strings(r.properties, property)); !ok)
                return Unexpected(ok.error());
        return state;
    }

    Result<cfn::ResourceState> update(const cfn::ResourceState& current, const Node& before,
                                      const cfn::ResourceRequest& r) override {
        cfn::ResourceState state = current;
        if (prop::document(before, "PolicyDocument") != prop::document(r.properties, "PolicyDocument")) {
            if (auto ok = make_room(current.physical_id); !ok) return Unexpected(ok.error());
            Node in = object({{"PolicyArn", current.physical_id}, {"PolicyDocument", prop::document(r.properties, "PolicyDocument")}});
            in.add("SetAsDefault", boolean(true));
            auto v = m_as.call("iam", "CreatePolicyVersion", in);
            if (!v) return Unexpected(v.error());
            state.attributes["DefaultVersionId"] = str(prop::text(*v->find("PolicyVersion"), "VersionId"));
        }
        for (const auto& [kind, property] : k_targets) {
            auto old_names = prop::strings(before, property), new_names = prop::strings(r.properties, property);
            std::vector<std::string> gone, added;
            for (const auto& n : old_names)
                if (!contains(new_names, n)) gone.push_back(n);
            for (const auto& n : new_names)
                if (!contains(old_names, n)) added.push_back(n);
            if (auto ok = detach_from(m_as, current.physical_id, kind, gone); !ok) return Unexpected(ok.error());
            if (auto ok = attach_to(m_as, current.physical_id, kind, added); !ok) return Unexpected(ok.error());
        }
        return state;
    }

    Result<void> remove(const cfn::ResourceState& current, const cfn::ResourceRequest&) override {
        const std::string& arn = current.physical_id;
        Node in = object({{"PolicyArn", arn}});
        auto entities = m_as.call("iam", "ListEntitiesForPolicy", in);
        if (!entities) return ignore_missing(entities);
        for (const auto& [kind, list] : {std::pair{"Group", "PolicyGroups"}, {"Role", "PolicyRoles"}, {"User", "PolicyUsers"}}) {
            std::vector<std::string> names;
            if (const Node* l = entities->find(list); l && l->is_array())
                for (const auto& e : l->items) names.push_back(prop::text(e, std::string(kind) + "Name"));
            if (auto ok = detach_from(m_as, arn, kind, names); !ok) return ok;
        }
        auto versions = m_as.call("iam", "ListPolicyVersions", in);
        if (!versions) return ignore_missing(versions);
        for (const auto& v : versions->find("Versions")->items) {
            if (prop::text(v, "IsDefaultVersion") == "true") continue;
            if (auto ok = ignore_missing(m_as.call("iam", "DeletePolicyVersion", object({{"PolicyArn", arn}, {"VersionId", prop::text(v, "VersionId")}}))); !ok)
                return ok;
        }
        return ignore_missing(m_as.call("iam", "DeletePolicy", in));
    }

private:
    // IAM keeps at most five versions: CloudFormation deletes the oldest non-default one.
    Result<void> make_room(const std::string& arn) {
        auto versions = m_as.call("iam", "ListPolicyVersions", object({{"PolicyArn", arn}}));
        if (!versions) return Unexpected(versions.error());
        const auto& items = versions->find("Versions")->items;
        if (items.size() < 5) return {};
        const Node* oldest = nullptr;
        for (const auto& v : items)
            if (prop::text(v, "IsDefaultVersion") != "true" && (!oldest || prop::text(v, "CreateDate") < prop::text(*oldest, "CreateDate")))
                oldest = &v;
        if (!oldest) return {};
        auto gone = m_as.call("iam", "DeletePolicyVersion", object({{"PolicyArn", arn}, {"VersionId", prop::text(*oldest, "VersionId")}}));
        if (!gone) return Unexpected(gone.error());
        return {};
    }

    ActAs m_as;
};

// AWS::IAM::Policy: one inline policy put into each of its Groups, Roles and Users.
class InlinePolicyProvider final : public cfn::ResourceProvider {
public:
    explicit InlinePolicyProvider(const ActAs& as) : m_as(as) {}

    Result<cfn::ResourceState> create(const cfn::ResourceRequest& r) override {
        mark_created(r);  // a put may have landed before one failed
        if (auto ok = put_all(r.properties, Node::make_object()); !ok) return Unexpected(ok.error());
        return cfn::ResourceState{r.physical_name, {{"Id", str(r.physical_name)}}};
    }
    Result<cfn::ResourceState> update(const cfn::ResourceState& current, const Node& before,
                                      const cfn::ResourceRequest& r) override {
        if (auto ok = put_all(r.properties, before); !ok) return Unexpected(ok.error());
        return current;
    }
    Result<void> remove(const cfn::ResourceState&, const cfn::ResourceRequest& r) override {
        return delete_from(r.properties, Node::make_object());
    }

private:
    // Deletes from the entities of `props` that `keep` does not list under the same name.
    Result<void> delete_from(const Node& props, const Node& keep) {
        std::string name = prop::text(props, "PolicyName");
        bool renamed = name != prop::text(keep, "PolicyName");
        for (const auto& [kind, property] : k_targets)
            for (const auto& entity : prop::strings(props, property)) {
                if (!renamed && contains(prop::strings(keep, property), entity)) continue;
                Node in = object({{(std::string(kind) + "Name").c_str(), entity}, {"PolicyName", name}});
                if (auto ok = ignore_missing(m_as.call("iam", std::string("Delete") + kind + "Policy", in)); !ok) return ok;
            }
        return {};
    }
    Result<void> put_all(const Node& props, const Node& before) {
        if (auto ok = delete_from(before, props); !ok) return ok;
        for (const auto& [kind, property] : k_targets)
            for (const auto& entity : prop::strings(props, property)) {
                Node in = object({{(std::string(kind) + "Name").c_str(), entity},
                                  {"PolicyName", prop::text(props, "PolicyName")},
                                  {"PolicyDocument", prop::document(props, "PolicyDocument")}});
                if (auto r = m_as.call("iam", std::string("Put") + kind + "Policy", in); !r) return Unexpected(r.error());
            }
        return {};
    }

    ActAs m_as;
};

// AWS::IAM::RolePolicy / GroupPolicy / UserPolicy: one inline policy of one principal.
class PrincipalPolicyProvider final : public cfn::ResourceProvider {
public:
    PrincipalPolicyProvider(const ActAs& as, std::string kind) : m_as(as), m_kind(std::move(kind)) {}

    Result<cfn::ResourceState> create(const cfn::ResourceRequest& r) override {
        if (auto ok = put(r.properties); !ok) return Unexpected(ok.error());
        mark_created(r);
        return cfn::ResourceState{r.physical_name, {}};
    }
    Result<cfn::ResourceState> update(const cfn::ResourceState& current, const Node&, const cfn::ResourceRequest& r) override {
        if (auto ok = put(r.properties); !ok) return Unexpected(ok.error());
        return current;
    }
    Result<void> remove(const cfn::ResourceState&, const cfn::ResourceRequest& r) override {
        std::string member = m_kind + "Name";
        Node in = object({{member.c_str(), prop::text(r.properties, member)}, {"PolicyName", prop::text(r.properties, "PolicyName")}});
        return ignore_missing(m_as.call("iam", "Delete" + m_kind + "Policy", in));
    }

private:
    Result<void> put(const Node& props) {
        std::string member = m_kind + "Name";
        Node in = object({{member.c_str(), prop::text(props, member)},
                          {"PolicyName", prop::text(props, "PolicyName")},
                          {"PolicyDocument", prop::document(props, "PolicyDocument")}});
        if (auto r = m_as.call("iam", "Put" + m_kind + "Policy", in); !r) return Unexpected(r.error());
        return {};
    }

    ActAs m_as;
    std::string m_kind;
};

class UserToGroupAdditionProvider final : public cfn::ResourceProvider {
public:
    explicit UserToGroupAdditionProvider(const ActAs& as) : m_as(as) {}

    Result<cfn::ResourceState> create(const cfn::ResourceRequest& r) override {
        mark_created(r);
        if (auto ok = add(prop::text(r.properties, "GroupName"), prop::strings(r.properties, "Users"), {}); !ok)
            return Unexpected(ok.error());
        return cfn::ResourceState{r.physical_name, {}};
    }
    Result<cfn::ResourceState> update(const cfn::ResourceState& current, const Node& before, const cfn::ResourceRequest& r) override {
        std::string group = prop::text(r.properties, "GroupName");
        auto old_users = prop::strings(before, "Users"), new_users = prop::strings(r.properties, "Users");
        for (const auto& u : old_users)
            if (!contains(new_users, u))
                if (auto ok = ignore_missing(m_as.call("iam", "RemoveUserFromGroup", object({{"GroupName", group}, {"UserName", u}}))); !ok)
                    return Unexpected(ok.error());
        if (auto ok = add(group, new_users, old_users); !ok) return Unexpected(ok.error());
        return current;
    }
    Result<void> remove(const cfn::ResourceState&, const cfn::ResourceRequest& r) override {
        for (const auto& u : prop::strings(r.properties, "Users"))
            if (auto ok = ignore_missing(m_as.call("iam", "RemoveUserFromGroup",
                                                   object({{"GroupName", prop::text(r.properties, "GroupName")}, {"UserName", u}})));
                !ok)
                return ok;
        return {};
    }

private:
    Result<void> add(const std::string& group, const std::vector<std::string>& users, const std::vector<std::string>& already) {
        for (const auto& u : users)
            if (!contains(already, u))
                if (auto r = m_as.call("iam", "AddUserToGroup", object({{"GroupName", group}, {"UserName", u}})); !r)
                    return Unexpected(r.error());
        return {};
    }
    ActAs m_as;
};

class AccessKeyProvider final : public cfn::ResourceProvider {
public:
    explicit AccessKeyProvider(const ActAs& as) : m_as(as) {}

    Result<cfn::ResourceState> create(const cfn::ResourceRequest& r) override {
        std::string user = prop::text(r.properties, "UserName");
        auto created = m_as.call("iam", "CreateAccessKey", object({{"UserName", user}}));
        if (!created) return Unexpected(created.error());
        mark_created(r);
        const Node& key = *created->find("AccessKey");
        cfn::ResourceState state{prop::text(key, "AccessKeyId"), {{"SecretAccessKey", str(prop::text(key, "SecretAccessKey"))}}};
        if (prop::text(r.properties, "Status") == "Inactive")
            if (auto ok = set_status(user, state.physical_id, "Inactive"); !ok) return Unexpected(ok.error());
        return state;
    }
    Result<cfn::ResourceState> update(const cfn::ResourceState& current, const Node&, const cfn::ResourceRequest& r) override {
        std::string status = prop::text(r.properties, "Status");
        if (auto ok = set_status(prop::text(r.properties, "UserName"), current.physical_id, status.empty() ? "Active" : status); !ok)
            return Unexpected(ok.error());
        return current;
    }
    Result<void> remove(const cfn::ResourceState& current, const cfn::ResourceRequest& r) override {
        return ignore_missing(m_as.call("iam", "DeleteAccessKey",
                                        object({{"UserName", prop::text(r.properties, "UserName")}, {"AccessKeyId", current.physical_id}})));
    }

private:
    Result<void> set_status(const std::string& user, const std::string& id, const std::string& status) {
        auto r = m_as.call("iam", "UpdateAccessKey", object({{"UserName", user}, {"AccessKeyId", id}, {"Status", status}}));
        if (!r) return Unexpected(r.error());
        return {};
    }
    ActAs m_as;
};

}  // namespace

void add_iam_policy_providers(cfn::ProviderRegistry& registry, const ActAs& as) {
    registry.add("AWS::IAM::ManagedPolicy", std::make_unique<ManagedPolicyProvider>(as));
    registry.add("AWS::IAM::Policy", std::make_unique<InlinePolicyProvider>(as));
    registry.add("AWS::IAM::RolePolicy", std::make_unique<PrincipalPolicyProvider>(as, "Role"));
    registry.add("AWS::IAM::GroupPolicy", std::make_unique<PrincipalPolicyProvider>(as, "Group"));
    registry.add("AWS::IAM::UserPolicy", std::make_unique<PrincipalPolicyProvider>(as, "User"));
    registry.add("AWS::IAM::UserToGroupAddition", std::make_unique<UserToGroupAdditionProvider>(as));
    registry.add("AWS::IAM::AccessKey", std::make_unique<AccessKeyProvider>(as));
}

}  // namespace jg::cloud::cloudformation

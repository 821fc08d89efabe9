// Providers of AWS::IAM::Role, AWS::IAM::Group and AWS::IAM::User.
#include <fmt/format.h>

#include <algorithm>

#include "cloud/cloudformation/iam_attachments.hpp"
#include "cloud/cloudformation/providers.hpp"
#include "cloud/input.hpp"

namespace jg::cloud::cloudformation {

namespace {

std::string name_of(const cfn::ResourceRequest& r, std::string_view property) {
    std::string name = prop::text(r.properties, property);
    return name.empty() ? r.physical_name : name;
}

void copy_if(Node& in, const Node& props, std::string_view from, std::string_view to = {}) {
    if (const Node* v = prop::find(props, from)) in.add(std::string(to.empty() ? from : to), *v);
}

Result<void> sync_tags(const ActAs& as, const Principal& p, const Node& before, const Node& after) {
    const Node* old_tags = prop::find(before, "Tags");
    const Node* new_tags = prop::find(after, "Tags");
    if ((!old_tags && !new_tags) || (old_tags && new_tags && old_tags->same(*new_tags))) return {};
    if (old_tags && old_tags->is_array() && !old_tags->items.empty()) {
        Node in = object({{(p.kind + "Name").c_str(), p.name}});
        Node keys = Node::make_array();
        for (const auto& t : old_tags->items) keys.push(str(prop::text(t, "Key")));
        in.add("TagKeys", std::move(keys));
        if (auto r = as.call("iam", "Untag" + p.kind, in); !r) return Unexpected(r.error());
    }
    if (new_tags && new_tags->is_array() && !new_tags->items.empty()) {
        Node in = object({{(p.kind + "Name").c_str(), p.name}});
        in.add("Tags", *new_tags);
        if (auto r = as.call("iam", "Tag" + p.kind, in); !r) return Unexpected(r.error());
    }
    return {};
}

Result<void> sync_boundary(const ActAs& as, const Principal& p, const Node& before, const Node& after) {
    std::string old_b = prop::text(before, "PermissionsBoundary"), new_b = prop::text(after, "PermissionsBoundary");
    if (old_b == new_b) return {};
    Node in = object({{(p.kind + "Name").c_str(), p.name}});
    if (new_b.empty()) {
        if (auto r = as.call("iam", "Delete" + p.kind + "PermissionsBoundary", in); !r) return Unexpected(r.error());
        return {};
    }
    in.add("PermissionsBoundary", str(new_b));
    if (auto r = as.call("iam", "Put" + p.kind + "PermissionsBoundary", in); !r) return Unexpected(r.error());
    return {};
}

class RoleProvider final : public cfn::ResourceProvider {
public:
    explicit RoleProvider(const ActAs& as) : m_as(as) {}

    Result<cfn::ResourceState> create(const cfn::ResourceRequest& r) override {
        Principal p{"Role", name_of(r, "RoleName")};
        Node in = object({{"RoleName", p.name}, {"AssumeRolePolicyDocument", prop::document(r.properties, "AssumeRolePolicyDocument")}});
        for (const char* m : {"Path", "Description", "MaxSessionDuration", "PermissionsBoundary", "Tags"})
            copy_if(in, r.properties, m);
        auto created = m_as.call("iam", "CreateRole", in);
        if (!created) return Unexpected(created.error());
        mark_created(r);
        cfn::ResourceState state{p.name, {}};
        const Node* role = created->find("Role");
        state.attributes["Arn"] = str(prop::text(*role, "Arn"));
        state.attributes["RoleId"] = str(prop::text(*role, "RoleId"));
        if (auto ok = apply_policies(m_as, p, r.properties); !ok) return Unexpected(ok.error());
        return state;
    }

    Result<cfn::ResourceState> update(const cfn::ResourceState& current, const Node& before,
                                      const cfn::ResourceRequest& r) override {
        Principal p{"Role", current.physical_id};
        const Node& after = r.properties;
        if (prop::document(before, "AssumeRolePolicyDocument") != prop::document(after, "AssumeRolePolicyDocument")) {
            Node in = object({{"RoleName", p.name}, {"PolicyDocument", prop::document(after, "AssumeRolePolicyDocument")}});
            if (auto u = m_as.call("iam", "UpdateAssumeRolePolicy", in); !u) return Unexpected(u.error());
        }
        if (prop::text(before, "Description") != prop::text(after, "Description") ||
            prop::text(before, "MaxSessionDuration") != prop::text(after, "MaxSessionDuration")) {
            Node in = object({{"RoleName", p.name}, {"Description", prop::text(after, "Description")}});
            copy_if(in, after, "MaxSessionDuration");
            if (auto u = m_as.call("iam", "UpdateRole", in); !u) return Unexpected(u.error());
        }
        if (auto ok = sync_boundary(m_as, p, before, after); !ok) return Unexpected(ok.error());
        if (auto ok = sync_tags(m_as, p, before, after); !ok) return Unexpected(ok.error());
        if (auto ok = update_policies(m_as, p, before, after); !ok) return Unexpected(ok.error());
        return current;
    }

    Result<void> remove(const cfn::ResourceState& current, const cfn::ResourceRequest&) override {
        Principal p{"Role", current.physical_id};
        if (auto ok = strip_policies(m_as, p); !ok) return ok;
        auto gone = m_as.call("iam", "DeleteRole", object({{"RoleName", p.name}}));
        if (!gone && !is_not_found(gone.error())) return Unexpected(gone.error());
        return {};
    }

private:
    ActAs m_as;
};

class GroupProvider final : public cfn::ResourceProvider {
public:
    explicit GroupProvider(const ActAs& as) : m_as(as) {}

    Result<cfn::ResourceState> create(const cfn::ResourceRequest& r) override {
        Principal p{"Group", name_of(r, "GroupName")};
        Node in = object({{"GroupName", p.name}});
        copy_if(in, r.properties, "Path");
        auto created = m_as.call("iam", "CreateGroup", in);
        if (!created) return Unexpected(created.error());
        mark_created(r);
        cfn::ResourceState state{p.name, {}};
        state.attributes["Arn"] = str(prop::text(*created->find("Group"), "Arn"));
        if (auto ok = apply_policies(m_as, p, r.properties); !ok) return Unexpected(ok.error());
        return state;
    }

    Result<cfn::ResourceState> update(const cfn::ResourceState& current, const Node& before,
                                      const cfn::ResourceRequest& r) override {
        Principal p{"Group", current.physical_id};
        // AWS moves the group with UpdateGroup, which the local IAM does not serve.
        if (prop::text(before, "Path") != prop::text(r.properties, "Path"))
            return fail("InvalidRequest", "changing the Path of an AWS::IAM::Group needs UpdateGroup, which the local cloud does not implement");
        if (auto ok = update_policies(m_as, p, before, r.properties); !ok) return Unexpected(ok.error());
        return current;
    }

    Result<void> remove(const cfn::ResourceState& current, const cfn::ResourceRequest&) override {
        Principal p{"Group", current.physical_id};
        if (auto ok = strip_policies(m_as, p); !ok) return ok;
        auto gone = m_as.call("iam", "DeleteGroup", object({{"GroupName", p.name}}));
        if (!gone && !is_not_found(gone.error())) return Unexpected(gone.error());
        return {};
    }

private:
    ActAs m_as;
};

class UserProvider final : public cfn::ResourceProvider {
public:
    explicit UserProvider(const ActAs& as) : m_as(as) {}

    Result<cfn::ResourceState> create(const cfn::ResourceRequest& r) override {
        Principal p{"User", name_of(r, "UserName")};
        Node in = object({{"UserName", p.name}});
        for (const char* m : {"Path", "PermissionsBoundary", "Tags"}) copy_if(in, r.properties, m);
        auto created = m_as.call("iam", "CreateUser", in);
        if (!created) return Unexpected(created.error());
        mark_created(r);
        cfn::ResourceState state{p.name, {}};
        state.attributes["Arn"] = str(prop::text(*created->find("User"), "Arn"));
        if (auto ok = set_groups(p, {}, prop::strings(r.properties, "Groups")); !ok) return Unexpected(ok.error());
        if (const Node* login = prop::find(r.properties, "LoginProfile")) {
            Node lp = object({{"UserName", p.name}, {"Password", prop::text(*login, "Password")}});
            copy_if(lp, *login, "PasswordResetRequired");
            if (auto made = m_as.call("iam", "CreateLoginProfile", lp); !made) return Unexpected(made.error());
        }
        if (auto ok = apply_policies(m_as, p, r.properties); !ok) return Unexpected(ok.error());
        return state;
    }

    Result<cfn::ResourceState> update(const cfn::ResourceState& current, const Node& before,
                                      const cfn::ResourceRequest& r) override {
        Principal p{"User", current.physical_id};
        const Node& after = r.properties;
        if (auto ok = set_groups(p, prop::strings(before, "Groups"), prop::strings(after, "Groups")); !ok)
            return Unexpected(ok.error());
        if (auto ok = sync_boundary(m_as, p, before, after); !ok) return Unexpected(ok.error());
        if (auto ok = sync_tags(m_as, p, before, after); !ok) return Unexpected(ok.error());
        if (auto ok = update_policies(m_as, p, before, after); !ok) return Unexpected(ok.error());
        return current;
    }

    Result<void> remove(const cfn::ResourceState& current, const cfn::ResourceRequest&) override {
        Principal p{"User", current.physical_id};
        auto lp = m_as.call("iam", "DeleteLoginProfile", object({{"UserName", p.name}}));
        if (!lp && !is_not_found(lp.error())) return Unexpected(lp.error());
        auto groups = m_as.call("iam", "ListGroupsForUser", object({{"UserName", p.name}}));
        if (groups) {
            std::vector<std::string> names;
            for (const auto& g : groups->find("Groups")->items) names.push_back(prop::text(g, "GroupName"));
            if (auto ok = set_groups(p, names, {}); !ok) return ok;
        } else if (!is_not_found(groups.error())) {
            return Unexpected(groups.error());
        }
        if (auto ok = strip_policies(m_as, p); !ok) return ok;
        auto gone = m_as.call("iam", "DeleteUser", object({{"UserName", p.name}}));
        if (!gone && !is_not_found(gone.error())) return Unexpected(gone.error());
        return {};
    }

private:
    Result<void> set_groups(const Principal& p, const std::vector<std::string>& before, const std::vector<std::string>& after) {
        auto has = [](const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); };
        for (const auto& g : before)
            if (!has(after, g)) {
                auto r = m_as.call("iam", "RemoveUserFromGroup", object({{"GroupName", g}, {"UserName", p.name}}));
                if (!r && !is_not_found(r.error())) return Unexpected(r.error());
            }
        for (const auto& g : after)
            if (!has(before, g))
                if (auto r = m_as.call("iam", "AddUserToGroup", object({{"GroupName", g}, {"UserName", p.name}})); !r)
                    return Unexpected(r.error());
        return {};
    }

    ActAs m_as;
};

}  // namespace

void add_iam_principal_providers(cfn::ProviderRegistry& registry, const ActAs& as) {
    registry.add("AWS::IAM::Role", std::make_unique<RoleProvider>(as));
    registry.add("AWS::IAM::Group", std::make_unique<GroupProvider>(as));
    registry.add("AWS::IAM::User", std::make_unique<UserProvider>(as));
}

}  // namespace jg::cloud::cloudformation

#include "cli/template_policies.hpp"

#include <fmt/format.h>

#include <map>
#include <memory>

#include "cfn/plan.hpp"
#include "cfn/template.hpp"
#include "core/strings.hpp"

namespace jg::cli {
namespace {

// The property that holds a resource type's policy document.
std::string default_property(const std::string& type) {
    if (type == "AWS::IAM::Role") return "AssumeRolePolicyDocument";
    if (type == "AWS::IAM::ManagedPolicy" || type == "AWS::IAM::Policy" || type == "AWS::IAM::RolePolicy" ||
        type == "AWS::IAM::GroupPolicy" || type == "AWS::IAM::UserPolicy" || type == "AWS::S3::BucketPolicy")
        return "PolicyDocument";
    return {};
}

class Resolver {
public:
    explicit Resolver(std::string base_dir) : m_base(std::move(base_dir)) {}

    Result<void> resolve(Node& policy);

    Result<void> walk_case(Node& c) {
        if (!c.is_object()) return {};
        for (const char* list : {"identityPolicies", "permissionBoundaries"}) {
            Node* entries = c.find(list);
            if (!entries || !entries->is_array()) continue;
            for (Node& entry : entries->items) {
                Node* policy = entry.is_object() ? entry.find("policy") : nullptr;
                if (policy) {
                    if (auto r = resolve(*policy); !r) return r;
                }
            }
        }
        for (const char* single : {"resourcePolicy", "sessionPolicy"}) {
            if (Node* policy = c.find(single)) {
                if (auto r = resolve(*policy); !r) return r;
            }
        }
        return {};
    }

private:
    std::string m_base;
    std::map<std::string, std::shared_ptr<cfn::Plan>> m_plans;

    static Unexpected bad(const Node& at, std::string message) {
        return fail_at(at.loc, "InvalidInput", std::move(message));
    }

    Result<std::string> string_member(const Node& ref, const char* key, bool required) {
        const Node* v = ref.find(key);
        if (!v) {
            if (required) return bad(ref, fmt::format("a template policy reference needs \"{}\"", key));
            return std::string();
        }
        if (!v->is_string()) return bad(*v, fmt::format("\"{}\" must be a string", key));
        return v->text;
    }

    Result<void> resolve_impl(Node& policy) {
        if (!policy.is_object() || !policy.find("template")) return {};
        for (const auto& [key, value] : policy.members) {
            if (key != "template" && key != "resource" && key != "property" && key != "parameters" &&
                key != "account" && key != "region")
                return bad(value, fmt::format("unknown key \"{}\" in a template policy reference", key));
        }
        auto path = string_member(policy, "template", true);
        if (!path) return tl::unexpected(path.error());
        auto logical_id = string_member(policy, "resource", true);
        if (!logical_id) return tl::unexpected(logical_id.error());
        auto property = string_member(policy, "property", false);
        if (!property) return tl::unexpected(property.error());

        cfn::PlanInput input;
        for (const char* key : {"account", "region"}) {
            auto v = string_member(policy, key, false);
            if (!v) return tl::unexpected(v.error());
            if (!v->empty()) (key[0] == 'a' ? input.stack.account_id : input.stack.region) = *v;
        }
        if (const Node* params = policy.find("parameters")) {
            if (!params->is_object()) return bad(*params, "\"parameters\" must be an object of strings");
            for (const auto& [k, v] : params->members) {
                if (!v.is_string()) return bad(v, fmt::format("parameter \"{}\" must be a string", k));
                input.parameters[k] = v.text;
            }
        }
        std::string file = !path->empty() && (*path)[0] == '/' ? *path : m_base + "/" + *path;
        auto plan = plan_for(policy, file, input);
        if (!plan) return tl::unexpected(plan.error());

        for (const auto& r : (*plan)->resources) {
            if (r.logical_id != *logical_id) continue;
            std::string prop = property->empty() ? default_property(r.type) : *property;
            if (prop.empty())
                return bad(policy, fmt::format("resource {} is a {}, which holds no policy document; name one with \"property\"",
                                               r.logical_id, r.type));
            const Node* doc = r.properties.find(prop);
            if (!doc) return bad(policy, fmt::format("resource {} has no property {}", r.logical_id, prop));
            Location where = policy.loc;
            policy = *doc;
            policy.loc = where;
            return {};
        }
        return bad(policy, fmt::format("{}: no resource {} (or its condition is false)", file, *logical_id));
    }

    Result<std::shared_ptr<cfn::Plan>> plan_for(const Node& at, const std::string& file, const cfn::PlanInput& input) {
        std::string key = file + "\n" + input.stack.account_id + "\n" + input.stack.region;
        for (const auto& [k, v] : input.parameters) key += "\n" + k + "=" + v;
        if (auto it = m_plans.find(key); it != m_plans.end()) return it->second;
        std::string text;
        if (!read_file(file, text)) return bad(at, fmt::format("cannot read template {}", file));
        auto tmpl = cfn::load_template(text, file);
        if (!tmpl) return tl::unexpected(tmpl.error().front());
        auto plan = cfn::plan_template(*tmpl, input);
        if (!plan) return tl::unexpected(plan.error().front());
        auto shared = std::make_shared<cfn::Plan>(std::move(*plan));
        m_plans.emplace(key, shared);
        return shared;
    }
};

Result<void> Resolver::resolve(Node& policy) { return resolve_impl(policy); }

}  // namespace

Result<void> resolve_template_policy(Node& policy, const std::string& base_dir) {
    return Resolver(base_dir).resolve(policy);
}

Result<void> resolve_template_policies(Node& cases, const std::string& base_dir) {
    Resolver resolver(base_dir);
    if (cases.is_array()) {
        for (Node& c : cases.items)
            if (auto r = resolver.walk_case(c); !r) return r;
        return {};
    }
    return resolver.walk_case(cases);
}

}  // namespace jg::cli

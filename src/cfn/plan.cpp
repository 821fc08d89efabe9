#include "cfn/plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "cfn/capabilities.hpp"
#include "cfn/check.hpp"
#include "cfn/parameters.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"

namespace jg::cfn {
namespace {

Error unresolved(const std::string& id, const Location& where) {
    return Error{"ValidationError",
                 fmt::format("Template format error: Unresolved resource dependencies [{}] in the Resources block of the template", id),
                 where};
}

std::string indent(const std::string& text, const std::string& pad) {
    std::string out;
    for (const auto& line : jg::split(text, '\n')) out += pad + line + "\n";
    return out;
}

}  // namespace

tl::expected<Plan, Errors> plan_template(const Template& t, const PlanInput& input) {
    // 1. What ValidateTemplate would reject.
    if (Errors e = check_template(t); !e.empty()) return tl::unexpected(std::move(e));

    // 2. Parameter values.
    auto params = bind_parameters(t, input.parameters);
    if (!params) return tl::unexpected(params.error());
    Plan plan;
    plan.stack = input.stack;
    plan.parameters = *params;
    Scope scope;
    scope.tmpl = &t;
    scope.stack = input.stack;
    scope.parameters = std::move(*params);
    scope.bound = true;
    scope.resources = input.resources;
    scope.exports = input.exports;
    scope.missing_export_is_error = input.missing_export_is_error;
    Resolver resolver(scope);
    Errors errors;

    // 3. Conditions, then which resources exist at all.
    for (size_t i = 0; i < t.conditions.size(); ++i) {
        auto c = resolver.condition(t.conditions[i].first, t.condition_locs[i]);
        if (!c) return tl::unexpected(Errors{c.error()});
        plan.conditions.emplace_back(t.conditions[i].first, *c);
    }
    auto holds = [&](const std::optional<std::string>& c, const Location& where) -> Result<bool> {
        if (!c) return true;
        return resolver.condition(*c, where);
    };
    std::vector<const Resource*> included;
    for (const auto& r : t.resources) {
        auto h = holds(r.condition, r.condition_loc);
        if (!h) return tl::unexpected(Errors{h.error()});
        if (*h) included.push_back(&r);
        else {
            resolver.exclude(r.logical_id);
            plan.omitted.push_back(r.logical_id);
        }
    }

    // 4. Each resource's properties with intrinsics applied; its dependencies on the way.
    std::map<std::string, std::set<std::string>> deps;
    std::vector<std::string> ids;
    std::vector<PlannedResource> planned;
    for (const Resource* r : included) {
        auto& mine = deps[r->logical_id];
        for (const auto& [target, where] : r->depends_on) {
            if (resolver.excluded(target)) errors.push_back(unresolved(target, where));
            mine.insert(target);
        }
        PlannedResource p{r->logical_id, r->type, r->condition, {}, Node::make_object(r->loc),
                          r->deletion_policy, r->update_replace_policy, 0};
        if (r->has_properties) {
            auto v = resolver.value(r->properties, mine);
            if (!v) {
                errors.push_back(v.error());
                continue;
            }
            if (*v) p.properties = std::move(**v);
        }
        check_properties(*r, p.properties, errors);
        ids.push_back(r->logical_id);
        planned.push_back(std::move(p));
    }
    if (!errors.empty()) return tl::unexpected(std::move(errors));

    // 5. Creation order.
    auto order = order_resources(ids, deps);
    if (!order) return tl::unexpected(Errors{order.error()});
    std::unordered_map<std::string, size_t> wave_of, position;
    for (size_t w = 0; w < order->waves.size(); ++w)
        for (const auto& id : order->waves[w]) wave_of[id] = w;
    for (size_t i = 0; i < t.resources.size(); ++i) position[t.resources[i].logical_id] = i;
    for (auto& p : planned) {
        p.wave = wave_of[p.logical_id];
        p.depends_on.assign(deps[p.logical_id].begin(), deps[p.logical_id].end());
        std::sort(p.depends_on.begin(), p.depends_on.end(),
                  [&](const std::string& a, const std::string& b) { return position[a] < position[b]; });
    }
    std::unordered_map<std::string, size_t> rank;
    for (size_t i = 0; i < order->creation.size(); ++i) rank[order->creation[i]] = i;
    std::sort(planned.begin(), planned.end(),
              [&](const PlannedResource& a, const PlannedResource& b) { return rank[a.logical_id] < rank[b.logical_id]; });
    plan.resources = std::move(planned);
    plan.order = std::move(*order);

    // 6. Outputs whose condition holds.
    for (const auto& o : t.outputs) {
        auto h = holds(o.condition, o.condition_loc);
        if (!h) return tl::unexpected(Errors{h.error()});
        if (!*h) continue;
        std::set<std::string> ignored;
        auto v = resolver.value(o.value, ignored);
        if (!v) {
            errors.push_back(v.error());
            continue;
        }
        if (!*v) {
            errors.push_back(Error{"ValidationError", fmt::format("Template format error: Output {} is malformed: its Value resolves to AWS::NoValue", o.name), o.loc});
            continue;
        }
        PlannedOutput out{o.name, std::move(**v), o.description, std::nullopt};
        if (o.export_name) {
            resolver.forbid_resources(true);
            auto n = resolver.value(*o.export_name, ignored);
            resolver.forbid_resources(false);
            if (!n) {
                errors.push_back(n.error());
                continue;
            }
            if (!*n || !(*n)->is_string() || (*n)->text.empty()) {
                errors.push_back(Error{"ValidationError", fmt::format("Template format error: Output {} is malformed. The Name field of every Export member must be specified and consist only of alphanumeric characters, colons, or hyphens.", o.name), o.export_name->loc});
                continue;
            }
            out.export_name = (*n)->text;
        }
        plan.outputs.push_back(std::move(out));
    }
    if (!errors.empty()) return tl::unexpected(std::move(errors));

    // 7. Capabilities of what will actually be created.
    plan.capabilities = required_capabilities(included);
    return plan;
}

std::string plan_json(const Plan& plan, const Template& t) {
    Node root = Node::make_object();
    Node resources = Node::make_array();
    for (const auto& r : plan.resources) {
        Node n = Node::make_object();
        n.add("logical_id", Node::make_string(r.logical_id));
        n.add("type", Node::make_string(r.type));
        n.add("condition", r.condition ? Node::make_string(*r.condition) : Node());
        Node deps = Node::make_array();
        for (const auto& d : r.depends_on) deps.push(Node::make_string(d));
        n.add("depends_on", std::move(deps));
        n.add("wave", Node::make_number(std::to_string(r.wave + 1)));
        if (!r.deletion_policy.empty()) n.add("deletion_policy", Node::make_string(r.deletion_policy));
        if (!r.update_replace_policy.empty()) n.add("update_replace_policy", Node::make_string(r.update_replace_policy));
        n.add("properties", r.properties);
        resources.push(std::move(n));
    }
    root.add("resources", std::move(resources));
    Node outputs = Node::make_object();
    for (const auto& o : plan.outputs) {
        Node n = Node::make_object();
        n.add("value", o.value);
        if (!o.description.empty()) n.add("description", Node::make_string(o.description));
        if (o.export_name) n.add("export", Node::make_string(*o.export_name));
        outputs.add(o.name, std::move(n));
    }
    root.add("outputs", std::move(outputs));
    Node caps = Node::make_array();
    for (const auto& c : plan.capabilities) caps.push(Node::make_string(c));
    root.add("capabilities", std::move(caps));
    Node waves = Node::make_array();
    for (const auto& w : plan.order.waves) {
        Node wave = Node::make_array();
        for (const auto& id : w) wave.push(Node::make_string(id));
        waves.push(std::move(wave));
    }
    root.add("waves", std::move(waves));
    Node deletion = Node::make_array();
    for (const auto& id : plan.order.deletion) deletion.push(Node::make_string(id));
    root.add("deletion_order", std::move(deletion));
    Node omitted = Node::make_array();
    for (const auto& id : plan.omitted) omitted.push(Node::make_string(id));
    root.add("omitted", std::move(omitted));
    Node params = Node::make_object();
    for (const auto& p : t.parameters) {
        auto it = plan.parameters.find(p.name);
        if (it == plan.parameters.end()) continue;
        params.add(p.name, p.no_echo ? Node::make_string("****") : it->second);
    }
    root.add("parameters", std::move(params));
    Node conds = Node::make_object();
    for (const auto& [name, value] : plan.conditions) conds.add(name, Node::make_bool(value));
    root.add("conditions", std::move(conds));
    return to_json(root, 2) + "\n";
}

std::string plan_text(const Plan& plan, const Template& t) {
    std::string out = fmt::format("Stack {} in account {}, region {}\n", plan.stack.stack_name,
                                  plan.stack.account_id, plan.stack.region);
    if (!t.parameters.empty()) {
        out += "Parameters:\n";
        for (const auto& p : t.parameters) {
            const Node& v = plan.parameters.at(p.name);
            out += fmt::format("  {} = {}\n", p.name, p.no_echo ? std::string("****") : (v.is_string() ? v.text : to_json(v)));
        }
    }
    if (!plan.conditions.empty()) {
        out += "Conditions:\n";
        for (const auto& [name, value] : plan.conditions) out += fmt::format("  {} = {}\n", name, value);
    }
    out += fmt::format("Creation order ({} resources in {} waves):\n", plan.resources.size(), plan.order.waves.size());
    for (size_t w = 0; w < plan.order.waves.size(); ++w)
        out += fmt::format("  wave {}: {}\n", w + 1, jg::join(plan.order.waves[w], ", "));
    if (!plan.omitted.empty()) out += fmt::format("Omitted (condition false): {}\n", jg::join(plan.omitted, ", "));
    out += "Resources:\n";
    for (const auto& r : plan.resources) {
        out += fmt::format("  {} ({})\n", r.logical_id, r.type);
        if (r.condition) out += fmt::format("    Condition: {}\n", *r.condition);
        if (!r.depends_on.empty()) out += fmt::format("    DependsOn: {}\n", jg::join(r.depends_on, ", "));
        if (!r.properties.members.empty()) out += indent(to_json(r.properties, 2), "    ");
    }
    if (!plan.outputs.empty()) {
        out += "Outputs:\n";
        for (const auto& o : plan.outputs) {
            out += fmt::format("  {} = {}", o.name, o.value.is_string() ? o.value.text : to_json(o.value));
            if (o.export_name) out += fmt::format(" (export {})", *o.export_name);
            out += "\n";
        }
    }
    out += fmt::format("Capabilities: {}\n", plan.capabilities.empty() ? std::string("none") : jg::join(plan.capabilities, ", "));
    return out;
}

}  // namespace jg::cfn

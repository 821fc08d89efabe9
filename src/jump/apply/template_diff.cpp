#include "jump/apply/template_diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "cfn/template.hpp"
#include "core/json.hpp"

namespace jg::jump {

namespace {

// The policy documents of a resource's properties: label -> document.
std::vector<std::pair<std::string, const Node*>> policy_documents(const Node& properties) {
    std::vector<std::pair<std::string, const Node*>> out;
    if (!properties.is_object()) return out;
    for (const char* key : {"AssumeRolePolicyDocument", "PolicyDocument"})
        if (const Node* d = properties.find(key)) out.emplace_back(key, d);
    if (const Node* list = properties.find("Policies"); list && list->is_array())
        for (const Node& p : list->items) {
            const Node* name = p.find("PolicyName");
            const Node* doc = p.find("PolicyDocument");
            if (doc) out.emplace_back("Policies[" + (name && name->is_scalar() ? name->text : std::string("?")) + "]", doc);
        }
    return out;
}

bool is_policy_property(const std::string& key) {
    return key == "AssumeRolePolicyDocument" || key == "PolicyDocument" || key == "Policies";
}

std::vector<std::string> statements(const Node* doc) {
    std::vector<std::string> out;
    if (!doc) return out;
    const Node* s = doc->find("Statement");
    if (!s) return {to_json(*doc)};
    if (s->is_array())
        for (const Node& one : s->items) out.push_back(to_json(one));
    else
        out.push_back(to_json(*s));
    return out;
}

void diff_statements(const std::string& where, const Node* live, const Node* desired, std::vector<std::string>& out) {
    auto before = statements(live), after = statements(desired);
    for (const auto& s : before)
        if (std::find(after.begin(), after.end(), s) == after.end()) out.push_back(fmt::format("- {} statement {}", where, s));
    for (const auto& s : after)
        if (std::find(before.begin(), before.end(), s) == before.end())
            out.push_back(fmt::format("+ {} statement {}", where, s));
}

void diff_resource(const cfn::Resource& live, const cfn::Resource& desired, std::vector<std::string>& out) {
    const std::string& id = desired.logical_id;
    if (live.type != desired.type) {
        out.push_back(fmt::format("~ resource {}: type {} -> {} (replaced)", id, live.type, desired.type));
        return;
    }
    // Non-policy properties: which changed.
    std::vector<std::string> keys;
    auto note_keys = [&](const Node& props) {
        if (!props.is_object()) return;
        for (const auto& [k, v] : props.members)
            if (!is_policy_property(k) && std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    };
    note_keys(live.properties);
    note_keys(desired.properties);
    for (const auto& k : keys) {
        const Node* a = live.properties.is_object() ? live.properties.find(k) : nullptr;
        const Node* b = desired.properties.is_object() ? desired.properties.find(k) : nullptr;
        if (!a) out.push_back(fmt::format("+ {}.{} {}", id, k, to_json(*b)));
        else if (!b) out.push_back(fmt::format("- {}.{} {}", id, k, to_json(*a)));
        else if (to_json(*a) != to_json(*b)) out.push_back(fmt::format("~ {}.{}: {} -> {}", id, k, to_json(*a), to_json(*b)));
    }
    // Policy documents, statement by statement.
    auto before = policy_documents(live.properties), after = policy_documents(desired.properties);
    std::map<std::string, std::pair<const Node*, const Node*>> docs;
    for (const auto& [label, d] : before) docs[label].first = d;
    for (const auto& [label, d] : after) docs[label].second = d;
    for (const auto& [label, pair] : docs)
        if (!pair.first || !pair.second || to_json(*pair.first) != to_json(*pair.second))
            diff_statements(id + "." + label, pair.first, pair.second, out);
    // Conditions and policies of the resource itself.
    if (live.condition != desired.condition)
        out.push_back(fmt::format("~ {} Condition: {} -> {}", id, live.condition.value_or("(none)"),
                                  desired.condition.value_or("(none)")));
}

}  // namespace

std::vector<std::string> template_diff(std::string_view live_body, std::string_view desired_body) {
    std::vector<std::string> out;
    auto live = cfn::load_template(live_body, "live");
    auto desired = cfn::load_template(desired_body, "desired");
    if (!live || !desired) {
        out.push_back("~ template (one side could not be read for a detailed difference)");
        return out;
    }
    for (const auto& r : live->resources)
        if (!desired->find_resource(r.logical_id))
            out.push_back(fmt::format("- resource {} ({})", r.logical_id, r.type));
    for (const auto& r : desired->resources) {
        const cfn::Resource* before = live->find_resource(r.logical_id);
        if (!before) out.push_back(fmt::format("+ resource {} ({})", r.logical_id, r.type));
        else diff_resource(*before, r, out);
    }
    // What lies outside the resources (parameters, conditions, outputs) in one line.
    auto section = [](const cfn::Template& t) {
        std::string s;
        for (const auto& p : t.parameters) s += p.name + "=" + p.default_value.value_or("") + ";";
        for (const auto& [name, c] : t.conditions) s += name + ":" + to_json(c) + ";";
        for (const auto& o : t.outputs) s += o.name + ":" + to_json(o.value) + ";";
        return s;
    };
    if (section(*live) != section(*desired)) out.push_back("~ parameters, conditions or outputs of the template");
    return out;
}

std::vector<std::string> parameter_diff(const Parameters& live, const Parameters& desired) {
    std::vector<std::string> out;
    for (const auto& [k, v] : desired) {
        auto it = std::find_if(live.begin(), live.end(), [&](const auto& p) { return p.first == k; });
        if (it == live.end()) out.push_back(fmt::format("+ parameter {}: {}", k, v));
        else if (it->second != v) out.push_back(fmt::format("~ parameter {}: {} -> {}", k, it->second, v));
    }
    return out;
}

}  // namespace jg::jump

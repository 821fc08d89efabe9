#include "cloud/cloudformation/change_set_changes.hpp"

#include <optional>
#include <set>

#include "cfn/plan.hpp"
#include "cfn/provider.hpp"
#include "cfn/registry.hpp"
#include "cloud/input.hpp"

namespace jg::cloud::cloudformation {

namespace {

// The resource of `volatile_ids` a value refers to ("X" or "X.Attr"), if any: a value
// that the change of that resource changes too.
std::optional<std::string> mentions(const Node& n, const std::set<std::string>& volatile_ids) {
    if (n.is_object()) {
        if (n.members.size() == 1) {
            const auto& [key, value] = n.members.front();
            if (key == "Ref" && volatile_ids.count(value.text)) return value.text;
            if (key == "Fn::GetAtt" && value.is_array() && value.items.size() == 2 && volatile_ids.count(value.items[0].text))
                return value.items[0].text + "." + value.items[1].text;
        }
        for (const auto& [k, v] : n.members)
            if (auto m = mentions(v, volatile_ids)) return m;
        return std::nullopt;
    }
    if (n.is_array()) {
        for (const auto& i : n.items)
            if (auto m = mentions(i, volatile_ids)) return m;
        return std::nullopt;
    }
    for (const auto& id : volatile_ids) {
        // Symbolic values inside strings: ${X} and ${X.Attr}.
        for (const std::string& form : {"${" + id + "}", "${" + id + "."}) {
            auto at = n.text.find(form);
            if (at == std::string::npos) continue;
            auto end = n.text.find('}', at);
            return n.text.substr(at + 2, end - at - 2);
        }
    }
    return std::nullopt;
}

const StackResource* find_current(const std::vector<StackResource>* current, const std::string& id) {
    if (!current) return nullptr;
    for (const auto& r : *current)
        if (r.logical_id == id && !r.physical_id.empty() && r.status != "DELETE_COMPLETE") return &r;
    return nullptr;
}

Node change(Node resource_change) {
    Node c = Node::make_object();
    c.add("Type", str("Resource"));
    c.add("ResourceChange", std::move(resource_change));
    return c;
}

Node added(const cfn::PlannedResource& r) {
    Node rc = Node::make_object();
    rc.add("Action", str("Add"));
    rc.add("LogicalResourceId", str(r.logical_id));
    rc.add("ResourceType", str(r.type));
    rc.add("Scope", Node::make_array());
    rc.add("Details", Node::make_array());
    return change(std::move(rc));
}

Node removed(const StackResource& r) {
    Node rc = Node::make_object();
    rc.add("Action", str("Remove"));
    rc.add("LogicalResourceId", str(r.logical_id));
    rc.add("PhysicalResourceId", str(r.physical_id));
    rc.add("ResourceType", str(r.type));
    rc.add("Scope", Node::make_array());
    rc.add("Details", Node::make_array());
    return change(std::move(rc));
}

// Modify: one detail per changed property; nullopt when nothing changed.
std::optional<Node> modified(const StackResource& old, const cfn::PlannedResource& r, const std::set<std::string>& volatile_ids,
                             std::string& replacement) {
    std::set<std::string> names;
    for (const auto& [k, v] : old.properties.members) names.insert(k);
    for (const auto& [k, v] : r.properties.members) names.insert(k);
    const cfn::TypeSpec* spec = cfn::find_type(r.type);
    Node details = Node::make_array();
    bool properties = false, tags = false, always = false, conditionally = false;
    for (const auto& name : names) {
        const Node* before = old.properties.find(name);
        const Node* after = r.properties.find(name);
        if (before && after && before->same(*after)) continue;
        auto cause = after ? mentions(*after, volatile_ids) : std::nullopt;
        const cfn::PropertySpec* p = spec ? spec->property(name) : nullptr;
        bool recreates = old.type != r.type || (p && p->update == cfn::UpdateKind::replacement);
        std::string recreation = !recreates ? "Never" : cause ? "Conditionally" : "Always";
        always = always || recreation == "Always";
        conditionally = conditionally || recreation == "Conditionally";
        Node target = Node::make_object();
        if (name == "Tags") {
            tags = true;
            target.add("Attribute", str("Tags"));
        } else {
            properties = true;
            target.add("Attribute", str("Properties"));
            target.add("Name", str(name));
        }
        target.add("RequiresRecreation", str(recreation));
        Node d = Node::make_object();
        d.add("Target", std::move(target));
        d.add("Evaluation", str(cause ? "Dynamic" : "Static"));
        d.add("ChangeSource", str(cause ? "ResourceReference" : "DirectModification"));
        if (cause) d.add("CausingEntity", str(*cause));
        details.push(std::move(d));
    }
    if (details.items.empty() && old.type == r.type) return std::nullopt;
    replacement = old.type != r.type || always ? "True" : conditionally ? "Conditional" : "False";
    Node scope = Node::make_array();
    if (properties || old.type != r.type) scope.push(str("Properties"));
    if (tags) scope.push(str("Tags"));
    Node rc = Node::make_object();
    rc.add("Action", str("Modify"));
    rc.add("LogicalResourceId", str(r.logical_id));
    rc.add("PhysicalResourceId", str(old.physical_id));
    rc.add("ResourceType", str(r.type));
    rc.add("Replacement", str(replacement));
    rc.add("Scope", std::move(scope));
    rc.add("Details", std::move(details));
    return change(std::move(rc));
}

}  // namespace

Result<Node> compute_changes(const ChangeInput& in) {
    // Resources added or replaced have no known Ref/GetAtt yet: what refers to them
    // changes dynamically. Each pass may find more of them; stop when the set is stable.
    std::set<std::string> volatile_ids;
    for (std::size_t pass = 0;; ++pass) {
        cfn::PlanInput input;
        input.stack = in.stack;
        input.parameters = in.parameters;
        input.exports = in.exports;
        input.missing_export_is_error = true;
        input.resources = [&](std::string_view logical_id, std::string_view attribute) -> std::optional<Node> {
            const StackResource* r = find_current(in.current, std::string(logical_id));
            if (!r || volatile_ids.count(r->logical_id)) return std::nullopt;
            return cfn::reference_value(r->type, cfn::ResourceState{r->physical_id, r->attributes}, attribute);
        };
        auto plan = cfn::plan_template(*in.tmpl, input);
        if (!plan) return fail("ValidationError", plan.error().front().message);

        Node changes = Node::make_array();
        std::set<std::string> found;
        std::set<std::string> planned;
        for (const auto& r : plan->resources) {
            planned.insert(r.logical_id);
            const StackResource* old = find_current(in.current, r.logical_id);
            if (!old) {
                found.insert(r.logical_id);
                changes.push(added(r));
                continue;
            }
            std::string replacement;
            auto m = modified(*old, r, volatile_ids, replacement);
            if (!m) continue;
            if (replacement != "False") found.insert(r.logical_id);
            changes.push(std::move(*m));
        }
        if (in.current)
            for (const auto& r : *in.current)
                if (!planned.count(r.logical_id) && find_current(in.current, r.logical_id)) changes.push(removed(r));
        if (found == volatile_ids || pass > in.tmpl->resources.size()) return changes;
        volatile_ids = std::move(found);
    }
}

}  // namespace jg::cloud::cloudformation

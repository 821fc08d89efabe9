#include "cfn/check.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "cfn/graph.hpp"
#include "cfn/registry.hpp"
#include "cfn/resolve.hpp"
#include "core/strings.hpp"

namespace jg::cfn {
namespace {

// The type names AWS's schema validator uses in "expected type: X, found: Y".
const char* schema_type(const Node& n) {
    switch (n.kind) {
        case Node::Kind::null: return "Null";
        case Node::Kind::boolean: return "Boolean";
        case Node::Kind::number: return "Number";
        case Node::Kind::string: return "String";
        case Node::Kind::array: return "JSONArray";
        case Node::Kind::object: return "JSONObject";
    }
    return "?";
}

bool shape_fits(Shape s, const Node& n) {
    switch (s) {
        case Shape::any: return true;
        // CloudFormation turns scalars into the string/number/boolean the schema wants.
        case Shape::string: return n.is_scalar() && !n.is_null();
        case Shape::number: return n.is_number() || (n.is_string() && !n.text.empty() &&
                                   n.text.find_first_not_of("0123456789.-") == std::string::npos);
        case Shape::boolean: return n.is_bool() || n.text == "true" || n.text == "false";
        case Shape::list: return n.is_array();
        case Shape::object: return n.is_object();
    }
    return true;
}

const char* shape_name(Shape s) {
    switch (s) {
        case Shape::string: return "String";
        case Shape::number: return "Number";
        case Shape::boolean: return "Boolean";
        case Shape::list: return "JSONArray";
        case Shape::object: return "JSONObject";
        case Shape::any: return "any";
    }
    return "?";
}

}  // namespace

void check_properties(const Resource& r, const Node& properties, Errors& errors) {
    const TypeSpec* spec = find_type(r.type);
    if (!spec || is_symbolic(properties)) return;
    auto fail = [&](const Location& where, std::string what) {
        errors.push_back(Error{"ValidationError",
                               fmt::format("Properties validation failed for resource {} with message: {}", r.logical_id, what),
                               where});
    };
    for (size_t i = 0; i < properties.members.size(); ++i) {
        const auto& [name, value] = properties.members[i];
        const Location& where = i < properties.key_locs.size() ? properties.key_locs[i] : properties.loc;
        const PropertySpec* p = spec->property(name);
        if (!p) {
            fail(where, fmt::format("#: extraneous key [{}] is not permitted", name));
            continue;
        }
        if (!is_symbolic(value) && !shape_fits(p->shape, value))
            fail(value.loc.known() ? value.loc : where,
                 fmt::format("#/{}: expected type: {}, found: {}", name, shape_name(p->shape), schema_type(value)));
    }
    for (const auto& p : spec->properties)
        if (p.required && !properties.find(p.name))
            fail(properties.loc.known() ? properties.loc : r.loc, fmt::format("#: required key [{}] not found", p.name));
}

Errors check_template(const Template& t) {
    Errors errors;
    // Types first: CloudFormation reports unknown types before anything else.
    std::vector<std::string> unknown;
    Location unknown_loc;
    for (const auto& r : t.resources)
        if (!find_type(r.type) && std::find(unknown.begin(), unknown.end(), r.type) == unknown.end()) {
            if (unknown.empty()) unknown_loc = r.type_loc;
            unknown.push_back(r.type);
        }
    if (!unknown.empty())
        errors.push_back(Error{"ValidationError", fmt::format("Template format error: Unrecognized resource types: [{}]", jg::join(unknown, ", ")), unknown_loc});

    Scope scope;
    scope.tmpl = &t;
    Resolver resolver(scope);
    auto add = [&](const Error& e) {
        for (const auto& seen : errors)
            if (seen.message == e.message) return;  // one cause reached along several paths
        errors.push_back(e);
    };

    for (size_t i = 0; i < t.conditions.size(); ++i)
        if (auto c = resolver.condition(t.conditions[i].first, t.condition_locs[i]); !c) add(c.error());

    std::map<std::string, std::set<std::string>> deps;
    std::vector<std::string> ids;
    std::vector<std::pair<std::string, Location>> missing_deps;
    for (const auto& r : t.resources) {
        ids.push_back(r.logical_id);
        auto& mine = deps[r.logical_id];
        if (r.condition && !t.find_condition(*r.condition))
            add(Error{"ValidationError", fmt::format("Template format error: Unresolved condition dependency {} in the Resources block of the template", *r.condition), r.condition_loc});
        for (const auto& [target, where] : r.depends_on) {
            if (!t.find_resource(target)) missing_deps.emplace_back(target, where);
            else mine.insert(target);
        }
        if (r.has_properties) {
            auto v = resolver.value(r.properties, mine);
            if (!v) add(v.error());
            check_properties(r, r.properties, errors);
        } else {
            check_properties(r, Node::make_object(r.loc), errors);
        }
    }
    for (const auto& o : t.outputs) {
        if (o.condition && !t.find_condition(*o.condition))
            add(Error{"ValidationError", fmt::format("Template format error: Unresolved condition dependency {} in the Outputs block of the template", *o.condition), o.condition_loc});
        std::set<std::string> ignored;
        if (auto v = resolver.value(o.value, ignored); !v) add(v.error());
        if (o.export_name) {
            resolver.forbid_resources(true);
            if (auto v = resolver.value(*o.export_name, ignored); !v) add(v.error());
            resolver.forbid_resources(false);
        }
    }
    // Every name that refers to nothing, in one message as CloudFormation does.
    auto all_missing = missing_deps;
    all_missing.insert(all_missing.end(), resolver.unresolved().begin(), resolver.unresolved().end());
    std::sort(all_missing.begin(), all_missing.end(), [](const auto& a, const auto& b) {
        return std::make_pair(a.second.line, a.second.col) < std::make_pair(b.second.line, b.second.col);
    });
    std::vector<std::string> names;
    for (const auto& [name, where] : all_missing)
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    if (!names.empty())
        errors.push_back(Error{"ValidationError",
                               fmt::format("Template format error: Unresolved resource dependencies [{}] in the Resources block of the template", jg::join(names, ", ")),
                               all_missing.front().second});
    if (errors.empty()) {
        if (auto order = order_resources(ids, deps); !order) {
            // Point at the first resource of the cycle (the message lists them).
            Error e = order.error();
            e.where = t.loc;
            size_t open = e.message.find('['), close = e.message.rfind(']');
            if (open != std::string::npos && close != std::string::npos && close > open) {
                auto names = jg::split(e.message.substr(open + 1, close - open - 1), ',');
                std::string first = names.empty() ? std::string() : jg::trim(names.front());
                if (const Resource* r = t.find_resource(first)) e.where = r->loc;
            }
            errors.push_back(std::move(e));
        }
    }
    std::stable_sort(errors.begin(), errors.end(), [](const Error& a, const Error& b) {
        int la = a.where ? a.where->line : 0, lb = b.where ? b.where->line : 0;
        int ca = a.where ? a.where->col : 0, cb = b.where ? b.where->col : 0;
        return std::make_pair(la, ca) < std::make_pair(lb, cb);
    });
    return errors;
}

}  // namespace jg::cfn

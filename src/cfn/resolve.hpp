// Intrinsic functions, conditions and pseudo parameters: turns template values into
// plain values. What cannot be known before resources exist stays symbolic
// ({"Ref": "X"}, {"Fn::GetAtt": ["X", "Arn"]}, "${X.Arn}" inside strings).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "cfn/template.hpp"
#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cfn {

// The stack a template is being resolved for (pseudo parameters).
struct StackInfo {
    std::string account_id = "123456789012";
    std::string region = "us-east-1";
    std::string stack_name = "jumpgate-stack";
    std::optional<std::string> stack_id;  // unknown before creation: Ref stays symbolic
    std::vector<std::string> notification_arns;
};

std::string partition_of(std::string_view region);
std::string url_suffix_of(std::string_view region);

// A created resource's Ref ("" attribute) or GetAtt value; nullopt while not yet created.
using ResourceLookup =
    std::function<std::optional<Node>(std::string_view logical_id, std::string_view attribute)>;
// An export's value by name; nullopt when no stack exports it.
using ExportLookup = std::function<std::optional<std::string>(std::string_view name)>;

struct Scope {
    const Template* tmpl = nullptr;
    StackInfo stack;
    // Bound parameter values (strings, or lists of strings for list types). In static
    // mode (`bound == false`) parameters are unknown and stay symbolic.
    std::map<std::string, Node> parameters;
    bool bound = false;
    ResourceLookup resources;         // empty: every resource is symbolic
    ExportLookup exports;             // empty: imports stay symbolic
    bool missing_export_is_error = false;
};

// Whether `n` is a value left symbolic by resolution (a single-key Ref / Fn:: object).
bool is_symbolic(const Node& n);
// A symbolic value written inside a string: ${X}, ${X.Attr}, ${Fn::ImportValue:N} ...
std::string symbolic_text(const Node& n);

class Resolver {
public:
    explicit Resolver(const Scope& scope);

    // A value with every intrinsic applied; nullopt when it is AWS::NoValue (the caller
    // drops the property or list item). Resources referenced (Ref, GetAtt, Sub) are
    // added to `deps`. In static mode both branches of Fn::If are checked.
    Result<std::optional<Node>> value(const Node& n, std::set<std::string>& deps);

    // A named condition from the Conditions section (evaluated once, cycles reported).
    Result<bool> condition(const std::string& name, const Location& where);

    // Names referenced but defined nowhere (static mode collects them instead of failing).
    const std::vector<std::pair<std::string, Location>>& unresolved() const { return m_unresolved; }

    // Resources whose Condition is false: referring to one is an unresolved dependency.
    void exclude(std::string logical_id) { m_excluded.insert(std::move(logical_id)); }
    bool excluded(const std::string& id) const { return m_excluded.count(id) > 0; }

    // While true, Ref/GetAtt of resources are errors (the Conditions section, export names).
    void forbid_resources(bool forbid) { m_forbid_resources = forbid; }

private:
    const Scope& m_scope;
    std::map<std::string, bool> m_conditions;
    std::set<std::string> m_evaluating;
    std::set<std::string> m_excluded;
    std::vector<std::pair<std::string, Location>> m_unresolved;
    bool m_forbid_resources = false;
    int m_depth = 0;

    using Value = Result<std::optional<Node>>;
    Value dispatch(const std::string& fn, const Node& arg, const Node& whole, std::set<std::string>& deps);
    Value ref(const Node& arg, std::set<std::string>& deps);
    Value get_att(const Node& arg, std::set<std::string>& deps);
    Value sub(const Node& arg, std::set<std::string>& deps);
    Value join(const Node& arg, std::set<std::string>& deps);
    Value select(const Node& arg, std::set<std::string>& deps);
    Value split(const Node& arg, std::set<std::string>& deps);
    Value fn_if(const Node& arg, std::set<std::string>& deps);
    Value find_in_map(const Node& arg, std::set<std::string>& deps);
    Value base64(const Node& arg, std::set<std::string>& deps);
    Value get_azs(const Node& arg, std::set<std::string>& deps);
    Value cidr(const Node& arg, std::set<std::string>& deps);
    Value import_value(const Node& arg, std::set<std::string>& deps);
    Result<bool> boolean(const Node& n);  // Fn::Equals/And/Or/Not/Condition
    Result<Node> required(const Node& n, std::set<std::string>& deps, std::string_view what);
    Result<Node> resource_ref_checked(const std::string& id, const std::string& attr, const Location& where,
                                      std::set<std::string>& deps);
    bool unresolved_name(const std::string& name, const Location& where);
};

}  // namespace jg::cfn

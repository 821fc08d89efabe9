#include "cfn/resolve.hpp"

#include <fmt/format.h>

#include <array>
#include <cstring>

#include "cfn/functions.hpp"
#include "cfn/registry.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"

namespace jg::cfn {
namespace {

constexpr int k_max_depth = 200;

Unexpected err(const Location& where, std::string message) {
    return fail_at(where, "ValidationError", std::move(message));
}

std::string unresolved_message(const std::string& name) {
    return fmt::format(
        "Template format error: Unresolved resource dependencies [{}] in the Resources block of the template",
        name);
}

Node symbol(std::string key, Node arg, const Location& where) {
    Node n = Node::make_object(where);
    n.add(std::move(key), std::move(arg), where);
    return n;
}

Node pair(Node a, Node b, const Location& where) {
    Node n = Node::make_array(where);
    n.push(std::move(a));
    n.push(std::move(b));
    return n;
}

std::optional<std::string> text_of(const Node& n) {
    if (n.is_string() || n.is_number() || n.is_bool()) return n.text;
    return std::nullopt;
}

std::optional<long long> integer_of(const Node& n) {
    auto s = text_of(n);
    if (!s || s->empty() || s->size() > 12) return std::nullopt;
    long long v = 0;
    for (char c : *s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

}  // namespace

std::string partition_of(std::string_view region) {
    if (region.rfind("cn-", 0) == 0) return "aws-cn";
    if (region.rfind("us-gov-", 0) == 0) return "aws-us-gov";
    return "aws";
}

std::string url_suffix_of(std::string_view region) {
    return region.rfind("cn-", 0) == 0 ? "amazonaws.com.cn" : "amazonaws.com";
}

bool is_symbolic(const Node& n) {
    if (!n.is_object() || n.members.size() != 1) return false;
    const std::string& k = n.members[0].first;
    return k == "Ref" || k.rfind("Fn::", 0) == 0;
}

std::string symbolic_text(const Node& n) {
    if (is_symbolic(n)) {
        const auto& [key, arg] = n.members[0];
        if (key == "Ref" && arg.is_string()) return "${" + arg.text + "}";
        if (key == "Fn::GetAtt" && arg.is_array() && arg.items.size() == 2)
            return "${" + arg.items[0].text + "." + arg.items[1].text + "}";
        if (key == "Fn::ImportValue" && arg.is_string()) return "${Fn::ImportValue:" + arg.text + "}";
    }
    return "${" + to_json(n) + "}";
}

Resolver::Resolver(const Scope& scope) : m_scope(scope) {}

bool Resolver::unresolved_name(const std::string& name, const Location& where) {
    if (m_scope.bound) return false;
    m_unresolved.emplace_back(name, where);
    return true;
}

Result<std::optional<Node>> Resolver::value(const Node& n, std::set<std::string>& deps) {
    if (m_depth > k_max_depth) return err(n.loc, fmt::format("template values nest deeper than {} levels", k_max_depth));
    struct Depth {
        int& d;
        explicit Depth(int& x) : d(x) { ++d; }
        ~Depth() { --d; }
    } guard(m_depth);
    if (n.is_array()) {
        Node out = Node::make_array(n.loc);
        for (const auto& item : n.items) {
            auto v = value(item, deps);
            if (!v) return v;
            if (*v) out.push(std::move(**v));
        }
        return out;
    }
    if (n.is_object()) {
        if (n.members.size() == 1) {
            const std::string& key = n.members[0].first;
            if (key == "Ref" || key.rfind("Fn::", 0) == 0) return dispatch(key, n.members[0].second, n, deps);
        }
        Node out = Node::make_object(n.loc);
        for (size_t i = 0; i < n.members.size(); ++i) {
            auto v = value(n.members[i].second, deps);
            if (!v) return v;
            if (*v) out.add(n.members[i].first, std::move(**v), i < n.key_locs.size() ? n.key_locs[i] : n.loc);
        }
        return out;
    }
    return n;
}

Result<std::optional<Node>> Resolver::dispatch(const std::string& fn, const Node& arg, const Node& whole,
                                               std::set<std::string>& deps) {
    if (fn == "Ref") return ref(arg, deps);
    if (fn == "Fn::GetAtt") return get_att(arg, deps);
    if (fn == "Fn::Sub") return sub(arg, deps);
    if (fn == "Fn::Join") return join(arg, deps);
    if (fn == "Fn::Select") return select(arg, deps);
    if (fn == "Fn::Split") return split(arg, deps);
    if (fn == "Fn::If") return fn_if(arg, deps);
    if (fn == "Fn::FindInMap") return find_in_map(arg, deps);
    if (fn == "Fn::Base64") return base64(arg, deps);
    if (fn == "Fn::GetAZs") return get_azs(arg, deps);
    if (fn == "Fn::Cidr") return cidr(arg, deps);
    if (fn == "Fn::ImportValue") return import_value(arg, deps);
    if (fn == "Fn::Equals" || fn == "Fn::And" || fn == "Fn::Or" || fn == "Fn::Not")
        return err(whole.loc, fmt::format("Template error: {} may only be used in the Conditions section (name a condition in Fn::If instead)", fn));
    return err(whole.loc, fmt::format(
        "Template format error: Encountered unsupported function: {} Supported functions are: [Fn::Base64, "
        "Fn::GetAtt, Fn::GetAZs, Fn::ImportValue, Fn::Join, Fn::Split, Fn::FindInMap, Fn::Select, Ref, "
        "Fn::Equals, Fn::If, Fn::Not, Condition, Fn::And, Fn::Or, Fn::Sub, Fn::Cidr]", fn));
}

Result<Node> Resolver::required(const Node& n, std::set<std::string>& deps, std::string_view what) {
    auto v = value(n, deps);
    if (!v) return tl::unexpected(v.error());
    if (!*v) return err(n.loc, fmt::format("Template error: AWS::NoValue cannot be used as {}", what));
    return std::move(**v);
}

Result<Node> Resolver::resource_ref_checked(const std::string& id, const std::string& attr, const Location& where,
                                            std::set<std::string>& deps) {
    if (m_forbid_resources)
        return err(where, fmt::format("Template format error: Unresolved dependencies [{}]. Cannot reference resources in the Conditions block of the template", id));
    if (excluded(id)) return err(where, unresolved_message(id));
    deps.insert(id);
    if (m_scope.resources)
        if (auto v = m_scope.resources(id, attr)) return *v;
    if (attr.empty()) return symbol("Ref", Node::make_string(id, where), where);
    return symbol("Fn::GetAtt", pair(Node::make_string(id, where), Node::make_string(attr, where), where), where);
}

Result<std::optional<Node>> Resolver::ref(const Node& arg, std::set<std::string>& deps) {
    if (!arg.is_string()) return err(arg.loc, "Template format error: Every Ref object must have a single String value.");
    const std::string& name = arg.text;
    const Location& at = arg.loc;
    const StackInfo& s = m_scope.stack;
    if (name.rfind("AWS::", 0) == 0) {
        if (name == "AWS::NoValue") return std::optional<Node>{};
        if (name == "AWS::AccountId") return Node::make_string(s.account_id, at);
        if (name == "AWS::Region") return Node::make_string(s.region, at);
        if (name == "AWS::StackName") return Node::make_string(s.stack_name, at);
        if (name == "AWS::Partition") return Node::make_string(partition_of(s.region), at);
        if (name == "AWS::URLSuffix") return Node::make_string(url_suffix_of(s.region), at);
        if (name == "AWS::StackId") {
            if (s.stack_id) return Node::make_string(*s.stack_id, at);
            return symbol("Ref", Node::make_string(name, at), at);
        }
        if (name == "AWS::NotificationARNs") {
            Node list = Node::make_array(at);
            for (const auto& a : s.notification_arns) list.push(Node::make_string(a, at));
            return list;
        }
    }
    if (m_scope.tmpl->find_parameter(name)) {
        if (!m_scope.bound) return symbol("Ref", Node::make_string(name, at), at);
        Node v = m_scope.parameters.at(name);
        v.loc = at;
        return v;
    }
    if (m_scope.tmpl->find_resource(name)) {
        auto r = resource_ref_checked(name, "", at, deps);
        if (!r) return tl::unexpected(r.error());
        return std::move(*r);
    }
    if (unresolved_name(name, at)) return symbol("Ref", Node::make_string(name, at), at);
    return err(at, unresolved_message(name));
}

Result<std::optional<Node>> Resolver::get_att(const Node& arg, std::set<std::string>& deps) {
    std::string id, attr;
    Location at = arg.loc;
    if (arg.is_string()) {
        size_t dot = arg.text.find('.');
        if (dot != std::string::npos) {
            id = arg.text.substr(0, dot);
            attr = arg.text.substr(dot + 1);
        }
    } else if (arg.is_array() && arg.items.size() == 2 && arg.items[0].is_string()) {
        id = arg.items[0].text;
        auto a = required(arg.items[1], deps, "a Fn::GetAtt attribute name");
        if (!a) return tl::unexpected(a.error());
        if (auto t = text_of(*a)) attr = *t;
        else if (is_symbolic(*a)) attr = "*";  // static mode: a parameter chooses the attribute
    }
    if (id.empty() || attr.empty())
        return err(at, "Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute");
    const Resource* r = m_scope.tmpl->find_resource(id);
    if (!r) {
        return err(at, fmt::format("Template error: instance of Fn::GetAtt references undefined resource {}", id));
    }
    if (const TypeSpec* spec = find_type(r->type); spec && attr != "*" && !spec->has_attribute(attr))
        return err(at, fmt::format("Template error: resource {} does not support attribute type {} in Fn::GetAtt", id, attr));
    auto v = resource_ref_checked(id, attr, at, deps);
    if (!v) return tl::unexpected(v.error());
    return std::move(*v);
}

Result<std::optional<Node>> Resolver::sub(const Node& arg, std::set<std::string>& deps) {
    const Node* text = nullptr;
    const Node* vars = nullptr;
    if (arg.is_string()) {
        text = &arg;
    } else if (arg.is_array() && arg.items.size() == 2 && arg.items[0].is_string() && arg.items[1].is_object()) {
        text = &arg.items[0];
        vars = &arg.items[1];
    } else {
        return err(arg.loc, "Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string");
    }
    std::map<std::string, Node> bound;
    if (vars)
        for (const auto& [k, v] : vars->members) {
            auto r = required(v, deps, "a Fn::Sub variable");
            if (!r) return tl::unexpected(r.error());
            bound.emplace(k, std::move(*r));
        }
    const std::string& s = text->text;
    std::string out;
    size_t pos = 0;
    while (pos < s.size()) {
        size_t open = s.find("${", pos);
        if (open == std::string::npos) break;
        size_t close = s.find('}', open + 2);
        if (close == std::string::npos) break;
        out.append(s, pos, open - pos);
        std::string name = s.substr(open + 2, close - open - 2);
        pos = close + 1;
        if (!name.empty() && name[0] == '!') {  // ${!Literal} -> ${Literal}
            out += "${" + name.substr(1) + "}";
            continue;
        }
        Node v;
        if (auto it = bound.find(name); it != bound.end()) {
            v = it->second;
        } else if (size_t dot = name.find('.'); dot != std::string::npos && name.rfind("AWS::", 0) != 0) {
            auto r = get_att(Node::make_string(name, text->loc), deps);
            if (!r) return tl::unexpected(r.error());
            v = std::move(**r);
        } else {
            if (name.empty()) return err(text->loc, "Template error: variable names in Fn::Sub syntax must contain only alphanumeric characters, underscores, periods, and colons");
            auto r = ref(Node::make_string(name, text->loc), deps);
            if (!r) return tl::unexpected(r.error());
            if (!*r) return err(text->loc, fmt::format("Template error: variable {} in Fn::Sub expression does not resolve to a string", name));
            v = std::move(**r);
        }
        if (auto t = text_of(v)) out += *t;
        else if (is_symbolic(v)) out += symbolic_text(v);
        else return err(text->loc, fmt::format("Template error: variable {} in Fn::Sub expression does not resolve to a string", name));
    }
    out.append(s, std::min(pos, s.size()), std::string::npos);
    return Node::make_string(std::move(out), text->loc);
}

Result<std::optional<Node>> Resolver::join(const Node& arg, std::set<std::string>& deps) {
    auto bad = [&] {
        return err(arg.loc, "Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.");
    };
    if (!arg.is_array() || arg.items.size() != 2 || !arg.items[0].is_string()) return bad();
    auto list = required(arg.items[1], deps, "the list of Fn::Join");
    if (!list) return tl::unexpected(list.error());
    if (is_symbolic(*list)) return symbol("Fn::Join", pair(arg.items[0], std::move(*list), arg.loc), arg.loc);
    if (!list->is_array()) return bad();
    std::vector<std::string> parts;
    for (const auto& item : list->items) {
        if (auto t = text_of(item)) parts.push_back(*t);
        else if (is_symbolic(item)) parts.push_back(symbolic_text(item));
        else return bad();
    }
    return Node::make_string(jg::join(parts, arg.items[0].text), arg.loc);
}

Result<std::optional<Node>> Resolver::select(const Node& arg, std::set<std::string>& deps) {
    if (!arg.is_array() || arg.items.size() != 2)
        return err(arg.loc, "Template error: Fn::Select requires a list argument with two elements: an integer index and a list of values");
    auto index = required(arg.items[0], deps, "a Fn::Select index");
    if (!index) return tl::unexpected(index.error());
    auto list = required(arg.items[1], deps, "the list of Fn::Select");
    if (!list) return tl::unexpected(list.error());
    if (is_symbolic(*index) || is_symbolic(*list))
        return symbol("Fn::Select", pair(std::move(*index), std::move(*list), arg.loc), arg.loc);
    auto i = integer_of(*index);
    if (!i) return err(arg.items[0].loc, "Template error: Fn::Select requires a list argument with two elements: an integer index and a list of values");
    if (!list->is_array()) return err(arg.items[1].loc, "Template error: the second argument of Fn::Select must be a list");
    if (*i >= static_cast<long long>(list->items.size()))
        return err(arg.loc, fmt::format("Template error: Fn::Select cannot select nonexistent value at index {}", *i));
    return list->items[static_cast<size_t>(*i)];
}

Result<std::optional<Node>> Resolver::split(const Node& arg, std::set<std::string>& deps) {
    if (!arg.is_array() || arg.items.size() != 2 || !arg.items[0].is_string() || arg.items[0].text.empty())
        return err(arg.loc, "Template error: every Fn::Split object requires two parameters, (1) a non-empty string delimiter and (2) a string to be split or a function that returns a string to be split.");
    auto source = required(arg.items[1], deps, "the string of Fn::Split");
    if (!source) return tl::unexpected(source.error());
    if (is_symbolic(*source)) return symbol("Fn::Split", pair(arg.items[0], std::move(*source), arg.loc), arg.loc);
    auto text = text_of(*source);
    if (!text) return err(arg.items[1].loc, "Template error: Fn::Split can only split a string");
    Node out = Node::make_array(arg.loc);
    const std::string& d = arg.items[0].text;
    size_t pos = 0;
    while (true) {
        size_t next = text->find(d, pos);
        out.push(Node::make_string(text->substr(pos, next == std::string::npos ? std::string::npos : next - pos), arg.loc));
        if (next == std::string::npos) break;
        pos = next + d.size();
    }
    return out;
}

Result<std::optional<Node>> Resolver::fn_if(const Node& arg, std::set<std::string>& deps) {
    if (!arg.is_array() || arg.items.size() != 3 || !arg.items[0].is_string())
        return err(arg.loc, "Template error: Fn::If requires a list argument with three elements: a condition name, the value if true and the value if false");
    auto c = condition(arg.items[0].text, arg.items[0].loc);
    if (!c) return tl::unexpected(c.error());
    if (!m_scope.bound) {  // static: check both branches, keep the first
        auto b = value(arg.items[2], deps);
        if (!b) return b;
        return value(arg.items[1], deps);
    }
    return value(arg.items[*c ? 1 : 2], deps);
}

Result<bool> Resolver::condition(const std::string& name, const Location& where) {
    if (auto it = m_conditions.find(name); it != m_conditions.end()) return it->second;
    const Node* expr = m_scope.tmpl->find_condition(name);
    if (!expr) return err(where, fmt::format("Template error: unresolved condition dependency {} in Fn::If", name));
    if (m_evaluating.count(name))
        return err(where, fmt::format("Template format error: Circular dependency between conditions: [{}]", jg::join(std::vector<std::string>(m_evaluating.begin(), m_evaluating.end()), ", ")));
    m_evaluating.insert(name);
    bool forbid = m_forbid_resources;
    m_forbid_resources = true;
    auto r = boolean(*expr);
    m_forbid_resources = forbid;
    m_evaluating.erase(name);
    if (!r) return r;
    m_conditions[name] = *r;
    return *r;
}

Result<bool> Resolver::boolean(const Node& n) {
    auto bad = [&] {
        return err(n.loc, "Template format error: Conditions can only be boolean operations on parameters and other conditions");
    };
    if (!n.is_object() || n.members.size() != 1) return bad();
    const auto& [fn, arg] = n.members[0];
    std::set<std::string> no_deps;
    if (fn == "Condition") {
        if (!arg.is_string()) return bad();
        return condition(arg.text, arg.loc);
    }
    if (fn == "Fn::Equals") {
        if (!arg.is_array() || arg.items.size() != 2)
            return err(n.loc, "Template error: Fn::Equals requires a list argument with two elements");
        auto a = required(arg.items[0], no_deps, "an argument of Fn::Equals");
        if (!a) return tl::unexpected(a.error());
        auto b = required(arg.items[1], no_deps, "an argument of Fn::Equals");
        if (!b) return tl::unexpected(b.error());
        if (is_symbolic(*a) || is_symbolic(*b)) return true;  // static mode: unknown
        auto ta = text_of(*a), tb = text_of(*b);
        if (ta && tb) return *ta == *tb;
        return a->same(*b);
    }
    if (fn == "Fn::Not" || fn == "Fn::And" || fn == "Fn::Or") {
        size_t lo = fn == "Fn::Not" ? 1 : 2, hi = fn == "Fn::Not" ? 1 : 10;
        if (!arg.is_array() || arg.items.size() < lo || arg.items.size() > hi)
            return err(n.loc, fn == "Fn::Not" ? std::string("Template error: Fn::Not requires a list argument with one element")
                                             : fmt::format("Template error: {} requires a list argument with 2 to 10 conditions", fn));
        std::vector<bool> values;
        for (const auto& item : arg.items) {
            auto v = boolean(item);
            if (!v) return v;
            values.push_back(*v);
        }
        if (fn == "Fn::Not") return !values[0];
        bool all = true, any = false;
        for (bool v : values) all = all && v, any = any || v;
        return fn == "Fn::And" ? all : any;
    }
    return bad();
}

Result<std::optional<Node>> Resolver::find_in_map(const Node& arg, std::set<std::string>& deps) {
    if (!arg.is_array() || arg.items.size() != 3)
        return err(arg.loc, "Template error: Fn::FindInMap requires a list argument with three elements: the map name, the top-level key and the second-level key");
    std::array<std::string, 3> keys;
    bool symbolic = false;
    for (size_t i = 0; i < 3; ++i) {
        auto k = required(arg.items[i], deps, "a Fn::FindInMap key");
        if (!k) return tl::unexpected(k.error());
        if (is_symbolic(*k)) symbolic = true;
        else if (auto t = text_of(*k)) keys[i] = *t;
        else return err(arg.items[i].loc, "Template error: every Fn::FindInMap key must resolve to a string");
    }
    const Node* map = keys[0].empty() ? nullptr : m_scope.tmpl->mappings.find(keys[0]);
    if (!map && !keys[0].empty())
        return err(arg.loc, fmt::format("Template error: Mapping named '{}' is not present in the 'Mappings' section of template.", keys[0]));
    if (symbolic) return symbol("Fn::FindInMap", arg, arg.loc);
    const Node* top = map ? map->find(keys[1]) : nullptr;
    const Node* leaf = top && top->is_object() ? top->find(keys[2]) : nullptr;
    if (!leaf) return err(arg.loc, fmt::format("Template error: Unable to get mapping for {}::{}::{}", keys[0], keys[1], keys[2]));
    return *leaf;
}

Result<std::optional<Node>> Resolver::base64(const Node& arg, std::set<std::string>& deps) {
    auto v = required(arg, deps, "the argument of Fn::Base64");
    if (!v) return tl::unexpected(v.error());
    if (is_symbolic(*v)) return symbol("Fn::Base64", std::move(*v), arg.loc);
    auto t = text_of(*v);
    if (!t) return err(arg.loc, "Template error: Fn::Base64 requires a string argument");
    return Node::make_string(base64_encode(*t), arg.loc);
}

// The local cloud gives every region three availability zones, a to c.
Result<std::optional<Node>> Resolver::get_azs(const Node& arg, std::set<std::string>& deps) {
    auto v = required(arg, deps, "the argument of Fn::GetAZs");
    if (!v) return tl::unexpected(v.error());
    if (is_symbolic(*v)) return symbol("Fn::GetAZs", std::move(*v), arg.loc);
    auto t = text_of(*v);
    if (!t) return err(arg.loc, "Template error: Fn::GetAZs requires a region name (or an empty string)");
    std::string region = t->empty() ? m_scope.stack.region : *t;
    Node out = Node::make_array(arg.loc);
    for (char z : {'a', 'b', 'c'}) out.push(Node::make_string(region + z, arg.loc));
    return out;
}

Result<std::optional<Node>> Resolver::cidr(const Node& arg, std::set<std::string>& deps) {
    if (!arg.is_array() || arg.items.size() != 3)
        return err(arg.loc, "Template error: Fn::Cidr requires a list argument with three elements: an address block, a count of subnets and the number of subnet bits");
    Node parts = Node::make_array(arg.loc);
    bool symbolic = false;
    for (const auto& item : arg.items) {
        auto v = required(item, deps, "an argument of Fn::Cidr");
        if (!v) return tl::unexpected(v.error());
        symbolic = symbolic || is_symbolic(*v);
        parts.push(std::move(*v));
    }
    if (symbolic) return symbol("Fn::Cidr", std::move(parts), arg.loc);
    auto block = text_of(parts.items[0]);
    auto count = integer_of(parts.items[1]);
    auto bits = integer_of(parts.items[2]);
    if (!block || !count || !bits)
        return err(arg.loc, "Template error: Fn::Cidr requires a CIDR block string and two integers");
    auto subnets = cidr_subnets(*block, *count, *bits);
    if (!subnets) return err(arg.loc, "Template error: Fn::Cidr: " + subnets.error());
    Node out = Node::make_array(arg.loc);
    for (auto& subnet : *subnets) out.push(Node::make_string(std::move(subnet), arg.loc));
    return out;
}

Result<std::optional<Node>> Resolver::import_value(const Node& arg, std::set<std::string>& deps) {
    bool forbid = m_forbid_resources;
    m_forbid_resources = true;  // an import's name cannot depend on this stack's resources
    auto v = required(arg, deps, "the name of Fn::ImportValue");
    m_forbid_resources = forbid;
    if (!v) return tl::unexpected(v.error());
    if (is_symbolic(*v)) return symbol("Fn::ImportValue", std::move(*v), arg.loc);
    auto name = text_of(*v);
    if (!name) return err(arg.loc, "Template error: Fn::ImportValue requires the name of an export (a string)");
    if (m_scope.exports) {
        if (auto found = m_scope.exports(*name)) return Node::make_string(*found, arg.loc);
        if (m_scope.missing_export_is_error) return err(arg.loc, fmt::format("No export named {} found.", *name));
    }
    return symbol("Fn::ImportValue", Node::make_string(*name, arg.loc), arg.loc);
}

}  // namespace jg::cfn

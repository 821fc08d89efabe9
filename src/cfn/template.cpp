#include "cfn/template.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdlib>

#include "core/json.hpp"
#include "core/strings.hpp"
#include "core/yaml.hpp"

namespace jg::cfn {
namespace {

constexpr std::string_view k_fmt = "Template format error: ";

Error err_at(const Location& where, std::string message) {
    return Error{"ValidationError", std::move(message), where};
}

bool alphanumeric(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    });
}

// Scalar text of a node, as CloudFormation reads parameter attributes ("5" and 5 alike).
std::optional<std::string> scalar_text(const Node& n) {
    if (n.is_string() || n.is_number() || n.is_bool()) return n.text;
    return std::nullopt;
}

std::optional<double> number_of(const Node& n) {
    auto s = scalar_text(n);
    if (!s || s->empty()) return std::nullopt;
    char* end = nullptr;
    double v = std::strtod(s->c_str(), &end);
    if (end != s->c_str() + s->size()) return std::nullopt;
    return v;
}

std::optional<ParamKind> param_kind(std::string_view type) {
    if (type == "String") return ParamKind::string;
    if (type == "Number") return ParamKind::number;
    if (type == "List<Number>") return ParamKind::number_list;
    if (type == "CommaDelimitedList") return ParamKind::string_list;
    if (type.rfind("AWS::SSM::Parameter::", 0) == 0) return std::nullopt;
    if (type.rfind("List<AWS::", 0) == 0 && type.back() == '>') return ParamKind::string_list;
    if (type.rfind("AWS::", 0) == 0) return ParamKind::string;
    return std::nullopt;
}

void parse_parameters(const Node& section, Template& t, Errors& errors) {
    static const std::array<std::string_view, 11> k_attrs = {
        "Type", "Default", "Description", "AllowedValues", "AllowedPattern", "MinLength",
        "MaxLength", "MinValue", "MaxValue", "NoEcho", "ConstraintDescription"};
    for (size_t i = 0; i < section.members.size(); ++i) {
        // Plain references, not a structured binding: lambdas below capture them (clang 14).
        const std::string& name = section.members[i].first;
        const Node& def = section.members[i].second;
        Parameter p;
        p.name = name;
        p.loc = section.key_locs[i];
        if (!alphanumeric(name)) {
            errors.push_back(err_at(p.loc, fmt::format("{}Parameter name {} is non alphanumeric.", k_fmt, name)));
            continue;
        }
        if (!def.is_object()) {
            errors.push_back(err_at(def.loc, fmt::format("{}Every Parameters object must be a map; '{}' is a {}", k_fmt, name, def.kind_name())));
            continue;
        }
        for (size_t j = 0; j < def.members.size(); ++j) {
            const auto& key = def.members[j].first;
            if (std::find(k_attrs.begin(), k_attrs.end(), key) == k_attrs.end())
                errors.push_back(err_at(def.key_locs[j], fmt::format("{}Invalid template parameter property '{}'", k_fmt, key)));
        }
        const Node* type = def.find("Type");
        if (!type || !type->is_string()) {
            errors.push_back(err_at(type ? type->loc : p.loc, fmt::format("{}Every Parameters object must contain a Type member.", k_fmt)));
            continue;
        }
        p.type = type->text;
        if (p.type.rfind("AWS::SSM::Parameter::", 0) == 0) {
            errors.push_back(err_at(type->loc, fmt::format("parameter '{}': SSM parameter types ({}) are not supported: jumpgate has no Systems Manager Parameter Store", name, p.type)));
            continue;
        }
        auto kind = param_kind(p.type);
        if (!kind) {
            errors.push_back(err_at(type->loc, fmt::format("{}Unrecognized parameter type: {}", k_fmt, p.type)));
            continue;
        }
        p.kind = *kind;
        if (const Node* d = def.find("Default")) {
            if (d->is_array()) {  // CloudFormation accepts a YAML list for list defaults
                std::vector<std::string> parts;
                for (const auto& item : d->items)
                    if (auto s = scalar_text(item)) parts.push_back(*s);
                p.default_value = jg::join(parts, ",");
            } else if (auto s = scalar_text(*d)) {
                p.default_value = *s;
            } else if (!d->is_null()) {
                errors.push_back(err_at(d->loc, fmt::format("{}Parameter '{}' Default must be a string, not a {}", k_fmt, name, d->kind_name())));
            }
        }
        if (const Node* d = def.find("Description"); d && scalar_text(*d)) p.description = d->text;
        if (const Node* a = def.find("AllowedValues")) {
            if (!a->is_array()) {
                errors.push_back(err_at(a->loc, fmt::format("{}Parameter '{}' AllowedValues must be a list", k_fmt, name)));
            } else {
                for (const auto& v : a->items)
                    if (auto s = scalar_text(v)) p.allowed_values.push_back(*s);
            }
        }
        if (const Node* a = def.find("AllowedPattern")) {
            if (auto s = scalar_text(*a)) p.allowed_pattern = *s;
        }
        auto numeric = [&](const char* key, std::optional<double>& into) {
            if (const Node* v = def.find(key)) {
                into = number_of(*v);
                if (!into)
                    errors.push_back(err_at(v->loc, fmt::format("{}Parameter '{}' {} must be a number", k_fmt, name, key)));
            }
        };
        numeric("MinLength", p.min_length);
        numeric("MaxLength", p.max_length);
        numeric("MinValue", p.min_value);
        numeric("MaxValue", p.max_value);
        if (const Node* v = def.find("NoEcho")) p.no_echo = v->text == "true" || v->text == "True";
        if (const Node* v = def.find("ConstraintDescription"); v && scalar_text(*v)) p.constraint_description = v->text;
        t.parameters.push_back(std::move(p));
    }
}

// AWS::CloudFormation::Interface: parameter groups and labels (console presentation only).
void parse_interface(const Node& metadata, Template& t) {
    const Node* ui = metadata.find("AWS::CloudFormation::Interface");
    if (!ui || !ui->is_object()) return;
    auto label_of = [](const Node* n) -> std::string {
        const Node* d = n && n->is_object() ? n->find("default") : nullptr;
        return d && d->is_string() ? d->text : std::string();
    };
    if (const Node* groups = ui->find("ParameterGroups"); groups && groups->is_array())
        for (const auto& g : groups->items) {
            if (!g.is_object()) continue;
            ParameterGroup group{label_of(g.find("Label")), {}};
            if (const Node* ps = g.find("Parameters"); ps && ps->is_array())
                for (const auto& p : ps->items)
                    if (p.is_string()) group.parameters.push_back(p.text);
            t.parameter_groups.push_back(std::move(group));
        }
    if (const Node* labels = ui->find("ParameterLabels"); labels && labels->is_object())
        for (const auto& [name, l] : labels->members) t.parameter_labels.emplace_back(name, label_of(&l));
}

void parse_resources(Node& section, Template& t, Errors& errors) {
    static const std::array<std::string_view, 8> k_attrs = {
        "Type", "Properties", "DependsOn", "Condition", "DeletionPolicy", "UpdateReplacePolicy",
        "Metadata", "CreationPolicy"};
    static const std::array<std::string_view, 4> k_policies = {"Delete", "Retain", "Snapshot",
                                                              "RetainExceptOnCreate"};
    if (section.members.empty())
        errors.push_back(err_at(section.loc, fmt::format("{}At least one Resources member must be defined.", k_fmt)));
    for (size_t i = 0; i < section.members.size(); ++i) {
        const std::string& id = section.members[i].first;
        Node& def = section.members[i].second;
        Resource r;
        r.logical_id = id;
        r.loc = section.key_locs[i];
        if (!alphanumeric(id)) {
            errors.push_back(err_at(r.loc, fmt::format("{}Resource name {} is non alphanumeric.", k_fmt, id)));
            continue;
        }
        if (!def.is_object()) {
            errors.push_back(err_at(def.loc, fmt::format("{}Every Resources object must contain a Type member.", k_fmt)));
            continue;
        }
        for (size_t j = 0; j < def.members.size(); ++j) {
            const auto& key = def.members[j].first;
            if (std::find(k_attrs.begin(), k_attrs.end(), key) == k_attrs.end())
                errors.push_back(err_at(def.key_locs[j], fmt::format("{}Invalid template resource property '{}'", k_fmt, key)));
        }
        const Node* type = def.find("Type");
        if (!type || !type->is_string() || type->text.empty()) {
            errors.push_back(err_at(type ? type->loc : r.loc, fmt::format("{}Every Resources object must contain a Type member.", k_fmt)));
            continue;
        }
        r.type = type->text;
        r.type_loc = type->loc;
        if (Node* p = def.find("Properties")) {
            if (!p->is_object() && !p->is_null()) {
                errors.push_back(err_at(p->loc, fmt::format("{}[/Resources/{}/Properties] Every Properties member must be an object", k_fmt, id)));
            } else if (p->is_object()) {
                r.properties = std::move(*p);  // the section is not read again
                r.has_properties = true;
            }
        }
        if (const Node* d = def.find("DependsOn")) {
            auto add = [&](const Node& n) {
                if (n.is_string()) r.depends_on.emplace_back(n.text, n.loc);
                else errors.push_back(err_at(n.loc, fmt::format("{}DependsOn must be a string or a list of strings", k_fmt)));
            };
            if (d->is_array()) for (const auto& item : d->items) add(item);
            else add(*d);
        }
        if (const Node* c = def.find("Condition")) {
            if (c->is_string()) {
                r.condition = c->text;
                r.condition_loc = c->loc;
            } else {
                errors.push_back(err_at(c->loc, fmt::format("{}Condition of resource {} must be a string", k_fmt, id)));
            }
        }
        auto policy = [&](const char* key, std::string& into) {
            if (const Node* p = def.find(key)) {
                if (!p->is_string() || std::find(k_policies.begin(), k_policies.end(), p->text) == k_policies.end())
                    errors.push_back(err_at(p->loc, fmt::format("{}Unrecognized {} {} for resource {}", k_fmt, key, p->text, id)));
                else into = p->text;
            }
        };
        policy("DeletionPolicy", r.deletion_policy);
        policy("UpdateReplacePolicy", r.update_replace_policy);
        if (Node* m = def.find("Metadata")) r.metadata = std::move(*m);
        t.resources.push_back(std::move(r));
    }
}

void parse_outputs(const Node& section, Template& t, Errors& errors) {
    for (size_t i = 0; i < section.members.size(); ++i) {
        const auto& [name, def] = section.members[i];
        Output o;
        o.name = name;
        o.loc = section.key_locs[i];
        if (!alphanumeric(name)) {
            errors.push_back(err_at(o.loc, fmt::format("{}Output name {} is non alphanumeric.", k_fmt, name)));
            continue;
        }
        const Node* value = def.is_object() ? def.find("Value") : nullptr;
        if (!value) {
            errors.push_back(err_at(o.loc, fmt::format("{}Every Outputs member must contain a Value object", k_fmt)));
            continue;
        }
        for (size_t j = 0; j < def.members.size(); ++j) {
            const auto& key = def.members[j].first;
            if (key != "Value" && key != "Description" && key != "Export" && key != "Condition")
                errors.push_back(err_at(def.key_locs[j], fmt::format("{}Invalid outputs property : [{}]", k_fmt, key)));
        }
        o.value = *value;
        if (const Node* d = def.find("Description"); d && d->is_string()) o.description = d->text;
        if (const Node* e = def.find("Export")) {
            const Node* n = e->is_object() ? e->find("Name") : nullptr;
            if (!n) errors.push_back(err_at(e->loc, fmt::format("{}Output {} is malformed. The Name field of every Export member must be specified and consist only of alphanumeric characters, colons, or hyphens.", k_fmt, name)));
            else o.export_name = *n;
        }
        if (const Node* c = def.find("Condition")) {
            if (c->is_string()) {
                o.condition = c->text;
                o.condition_loc = c->loc;
            } else {
                errors.push_back(err_at(c->loc, fmt::format("{}Condition of output {} must be a string", k_fmt, name)));
            }
        }
        t.outputs.push_back(std::move(o));
    }
}

void parse_mappings(const Node& section, Errors& errors) {
    for (size_t i = 0; i < section.members.size(); ++i) {
        const auto& [name, map] = section.members[i];
        if (!alphanumeric(name))
            errors.push_back(err_at(section.key_locs[i], fmt::format("{}Mappings attribute name '{}' must contain only alphanumeric characters.", k_fmt, name)));
        bool ok = map.is_object() && !map.members.empty();
        if (ok)
            for (const auto& [key, inner] : map.members)
                if (!inner.is_object() || inner.members.empty()) ok = false;
        if (!ok)
            errors.push_back(err_at(map.loc, fmt::format("{}Mappings attribute '{}' must be a map of maps, each with at least one key", k_fmt, name)));
    }
}

// JSON keeps duplicate keys in order; in a template they are an error, as in YAML.
std::optional<Error> duplicate_key(const Node& n, int depth = 0) {
    if (depth > 512) return std::nullopt;  // parse_json already bounds nesting
    for (size_t i = 0; i < n.members.size(); ++i) {
        for (size_t j = 0; j < i; ++j)
            if (n.members[j].first == n.members[i].first)
                return err_at(n.key_locs[i], fmt::format("{}JSON not well-formed: duplicate key '{}'", k_fmt, n.members[i].first));
        if (auto e = duplicate_key(n.members[i].second, depth + 1)) return e;
    }
    for (const auto& item : n.items)
        if (auto e = duplicate_key(item, depth + 1)) return e;
    return std::nullopt;
}

}  // namespace

const Parameter* Template::find_parameter(std::string_view name) const {
    auto it = parameter_index.find(std::string(name));
    return it == parameter_index.end() ? nullptr : &parameters[it->second];
}

const Resource* Template::find_resource(std::string_view id) const {
    auto it = resource_index.find(std::string(id));
    return it == resource_index.end() ? nullptr : &resources[it->second];
}

const Node* Template::find_condition(std::string_view name) const {
    for (const auto& [n, c] : conditions)
        if (n == name) return &c;
    return nullptr;
}

Result<Node> expand_short_forms(Node node) {
    for (auto& item : node.items) {
        auto r = expand_short_forms(std::move(item));
        if (!r) return r;
        item = std::move(*r);
    }
    for (auto& member : node.members) {
        auto r = expand_short_forms(std::move(member.second));
        if (!r) return r;
        member.second = std::move(*r);
    }
    if (node.tag.empty() || node.tag.rfind("tag:yaml.org,2002:", 0) == 0) {
        node.tag.clear();
        return node;
    }
    static const std::array<std::string_view, 17> k_functions = {
        "Sub", "GetAtt", "If", "Equals", "Not", "And", "Or", "ImportValue", "Join", "Select",
        "Split", "FindInMap", "Base64", "GetAZs", "Cidr", "Length", "ToJsonString"};
    std::string name = node.tag.substr(1);
    std::string key;
    if (name == "Ref" || name == "Condition") key = name;
    else if (std::find(k_functions.begin(), k_functions.end(), name) != k_functions.end()) key = "Fn::" + name;
    else return fail_at(node.loc, "ValidationError", fmt::format("unknown YAML tag {}: CloudFormation's short forms are !Ref, !Condition and !Fn (e.g. !Sub, !GetAtt)", node.tag));
    Location where = node.loc;
    node.tag.clear();
    Node wrapper = Node::make_object(where);
    wrapper.add(std::move(key), std::move(node), where);
    return wrapper;
}

tl::expected<Template, Errors> parse_template(Node root) {
    Template t;
    t.loc = root.loc;
    Errors errors;
    if (!root.is_object())
        return tl::unexpected(Errors{err_at(root.loc, fmt::format("{}the template must be a JSON object or a YAML mapping, not a {}", k_fmt, root.kind_name()))});
    static const std::array<std::string_view, 9> k_sections = {
        "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules",
        "Mappings", "Conditions", "Resources", "Outputs"};
    std::vector<std::string> invalid;
    Location invalid_loc;
    for (size_t i = 0; i < root.members.size(); ++i) {
        const auto& [key, value] = root.members[i];
        if (key == "Transform") {
            errors.push_back(err_at(root.key_locs[i], "transforms are not supported: jumpgate does not run CloudFormation macros (Transform: " + (value.is_string() ? value.text : to_json(value)) + ")"));
        } else if (key == "Rules") {
            // Accepting rules without evaluating them would let invalid parameters through.
            errors.push_back(err_at(root.key_locs[i], "the Rules section is not supported: jumpgate does not evaluate template rules"));
        } else if (std::find(k_sections.begin(), k_sections.end(), key) == k_sections.end()) {
            if (invalid.empty()) invalid_loc = root.key_locs[i];
            invalid.push_back(key);
        } else if (key != "AWSTemplateFormatVersion" && key != "Description" && !value.is_object()) {
            errors.push_back(err_at(value.loc, fmt::format("{}{} must be an object, not a {}", k_fmt, key, value.kind_name())));
        }
    }
    if (!invalid.empty())
        errors.push_back(err_at(invalid_loc, fmt::format("{}Invalid template property or properties [{}]", k_fmt, jg::join(invalid, ", "))));
    if (const Node* v = root.find("AWSTemplateFormatVersion")) {
        t.format_version = v->text;
        if (v->text != "2010-09-09")
            errors.push_back(err_at(v->loc, fmt::format("{}Unsupported template version {}; the only valid version is 2010-09-09", k_fmt, v->text)));
    }
    if (const Node* d = root.find("Description")) {
        if (!d->is_string()) errors.push_back(err_at(d->loc, fmt::format("{}Description must be a string", k_fmt)));
        else t.description = d->text;
    }
    if (const Node* m = root.find("Metadata"); m && m->is_object()) {
        t.metadata = *m;
        parse_interface(*m, t);
    }
    if (const Node* p = root.find("Parameters"); p && p->is_object()) parse_parameters(*p, t, errors);
    for (auto& p : t.parameters)
        for (const auto& [name, label] : t.parameter_labels)
            if (name == p.name) p.label = label;
    if (const Node* m = root.find("Mappings"); m && m->is_object()) {
        t.mappings = *m;
        parse_mappings(*m, errors);
    } else {
        t.mappings = Node::make_object();
    }
    if (const Node* c = root.find("Conditions"); c && c->is_object()) {
        t.conditions = c->members;
        t.condition_locs = c->key_locs;
    }
    Node* resources = root.find("Resources");
    if (!resources)
        errors.push_back(err_at(root.loc, fmt::format("{}At least one Resources member must be defined.", k_fmt)));
    else if (resources->is_object())
        parse_resources(*resources, t, errors);
    if (const Node* o = root.find("Outputs"); o && o->is_object()) parse_outputs(*o, t, errors);
    if (!errors.empty()) return tl::unexpected(std::move(errors));
    for (size_t i = 0; i < t.resources.size(); ++i) t.resource_index.emplace(t.resources[i].logical_id, i);
    for (size_t i = 0; i < t.parameters.size(); ++i) t.parameter_index.emplace(t.parameters[i].name, i);
    return t;
}

tl::expected<Template, Errors> load_template(std::string_view text, std::string file_name) {
    size_t first = text.find_first_not_of(" \t\r\n");
    bool json = first != std::string_view::npos && text[first] == '{';
    Result<Node> doc = json ? parse_json(text, file_name) : parse_yaml(text, file_name);
    if (!doc) {
        Error e = doc.error();
        e.message = fmt::format("{}{} not well-formed: {}", k_fmt, json ? "JSON" : "YAML", e.message);
        return tl::unexpected(Errors{std::move(e)});
    }
    if (json)
        if (auto dup = duplicate_key(*doc)) return tl::unexpected(Errors{std::move(*dup)});
    auto expanded = expand_short_forms(std::move(*doc));
    if (!expanded) return tl::unexpected(Errors{expanded.error()});
    return parse_template(std::move(*expanded));
}

}  // namespace jg::cfn

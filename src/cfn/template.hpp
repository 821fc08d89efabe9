// A CloudFormation template read into its sections, each element with its source location.
// Structure only: references, types and values are checked by check.hpp and plan.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cfn {

// Problems found in a template; CloudFormation reports several at once where it can.
using Errors = std::vector<Error>;

enum class ParamKind { string, number, number_list, string_list };

struct Parameter {
    std::string name;
    Location loc;
    std::string type;  // as written: String, Number, AWS::EC2::KeyPair::KeyName, ...
    ParamKind kind = ParamKind::string;
    std::optional<std::string> default_value;  // lists as written, comma-separated
    std::string description;
    std::vector<std::string> allowed_values;
    std::optional<std::string> allowed_pattern;
    std::optional<double> min_length, max_length, min_value, max_value;
    bool no_echo = false;
    std::string constraint_description;
    std::string label;  // from AWS::CloudFormation::Interface ParameterLabels
};

struct Resource {
    std::string logical_id;
    Location loc;
    std::string type;
    Location type_loc;
    Node properties;                  // object (or null when absent)
    bool has_properties = false;
    std::vector<std::pair<std::string, Location>> depends_on;
    std::optional<std::string> condition;
    Location condition_loc;
    std::string deletion_policy;       // Delete (default), Retain, Snapshot, RetainExceptOnCreate
    std::string update_replace_policy;
    Node metadata;
};

struct Output {
    std::string name;
    Location loc;
    Node value;
    std::string description;
    std::optional<Node> export_name;
    std::optional<std::string> condition;
    Location condition_loc;
};

// Metadata: AWS::CloudFormation::Interface, how consoles group and label parameters.
struct ParameterGroup {
    std::string label;
    std::vector<std::string> parameters;
};

struct Template {
    std::string format_version;
    std::string description;
    Node metadata;
    std::vector<ParameterGroup> parameter_groups;
    std::vector<std::pair<std::string, std::string>> parameter_labels;
    std::vector<Parameter> parameters;
    Node mappings;  // object of objects of objects
    std::vector<std::pair<std::string, Node>> conditions;
    std::vector<Location> condition_locs;
    std::vector<Resource> resources;
    std::vector<Output> outputs;
    Location loc;  // the document

    // Name -> position in `resources` / `parameters`, filled by parse_template (lookups
    // happen for every Ref, so a scan per lookup is quadratic on large templates).
    std::unordered_map<std::string, size_t> resource_index;
    std::unordered_map<std::string, size_t> parameter_index;

    const Parameter* find_parameter(std::string_view name) const;
    const Resource* find_resource(std::string_view id) const;
    const Node* find_condition(std::string_view name) const;
};

// Reads YAML or JSON (JSON when the first non-blank byte is '{'), turns short-form tags
// (`!Ref X`) into their long forms (`{"Ref": "X"}`) and splits the sections.
tl::expected<Template, Errors> load_template(std::string_view text, std::string file_name);

// The same from an already parsed document (tags already turned into long forms or absent).
tl::expected<Template, Errors> parse_template(Node root);

// `!Ref X` -> {"Ref": X}, `!GetAtt A.B` -> {"Fn::GetAtt": "A.B"}, `!Condition C` ->
// {"Condition": C}, `!Sub ...` -> {"Fn::Sub": ...}, etc. Unknown tags are errors.
Result<Node> expand_short_forms(Node node);

}  // namespace jg::cfn

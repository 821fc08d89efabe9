// What CloudFormation checks in a template before any parameter has a value: resource types
// and properties, references (Ref, GetAtt, Sub, DependsOn, conditions, mappings) and cycles.
#pragma once

#include <map>
#include <set>
#include <string>

#include "cfn/template.hpp"

namespace jg::cfn {

// Every problem found (empty: the template is valid).
Errors check_template(const Template& t);

// A resource's (resolved or raw) properties against its type's schema: unknown and missing
// required properties, and the kind of each value that is already known.
void check_properties(const Resource& r, const Node& properties, Errors& errors);

}  // namespace jg::cfn

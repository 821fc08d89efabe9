// Policies taken from CloudFormation templates, so that `policy simulate` cases can name
// the documents a template would create instead of copying them.
#pragma once

#include <string>

#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cli {

// Replaces, in a simulate case file (one case or an array), every policy given as a
// reference to a template resource
//   {"template": PATH, "resource": LOGICAL_ID, "property": NAME?, "parameters": {K: V}?,
//    "account": ID?, "region": R?}
// with the document CloudFormation would create: the resource's PolicyDocument (managed
// and inline policies, bucket policies) or AssumeRolePolicyDocument (roles) unless
// "property" names another, after parameters, pseudo parameters and intrinsics are
// applied. PATH is relative to `base_dir`. Each template is planned once per parameter set.
Result<void> resolve_template_policies(Node& cases, const std::string& base_dir);

// The same for one policy: when `policy` is such a reference it becomes the document (whose
// locations then point into the template); any other document is left as it is.
Result<void> resolve_template_policy(Node& policy, const std::string& base_dir);

}  // namespace jg::cli

// The IAM policy language as a typed document model: what the parser produces and what
// lint and the compiler read. Values are kept as written (strings), each element with the
// place it came from, so that every later finding can point at the source.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace jg::policy {

// "2012-10-17" enables policy variables; "2008-10-17" (also what a missing Version means)
// treats "${...}" as literal text.
enum class Version { v2008_10_17, v2012_10_17 };

enum class Effect { allow, deny };

// Which slot a policy fills; it decides which elements are required or forbidden.
enum class PolicyKind {
    identity,  // identity policy, permissions boundary, session policy: no Principal
    resource,  // resource-based or role trust policy: Principal or NotPrincipal required
};

// Every condition operator AWS documents, without the IfExists suffix or set qualifier.
enum class ConditionOp {
    string_equals, string_not_equals, string_equals_ignore_case, string_not_equals_ignore_case,
    string_like, string_not_like,
    numeric_equals, numeric_not_equals, numeric_less_than, numeric_less_than_equals,
    numeric_greater_than, numeric_greater_than_equals,
    date_equals, date_not_equals, date_less_than, date_less_than_equals, date_greater_than,
    date_greater_than_equals,
    bool_, binary_equals, ip_address, not_ip_address,
    arn_equals, arn_like, arn_not_equals, arn_not_like,
    null,
};

// ForAllValues:/ForAnyValue: in front of an operator.
enum class SetQualifier { none, for_all_values, for_any_value };

// Name as AWS spells it ("StringNotLike"), for messages.
const char* op_name(ConditionOp op);
// Negated operators (StringNotEquals, NotIpAddress, ...) combine their values as NOR and
// are true when the key is missing.
bool op_is_negated(ConditionOp op);

// A string value that may hold policy variables (and where it was written).
struct Value {
    std::string text;
    Location loc;
};

// One key under one operator: "StringEquals": {"aws:username": ["a", "b"]}.
struct Condition {
    std::string operator_text;  // as written, e.g. "ForAnyValue:StringLikeIfExists"
    ConditionOp op = ConditionOp::string_equals;
    SetQualifier qualifier = SetQualifier::none;
    bool if_exists = false;
    std::string key;  // as written; compare case-insensitively
    std::vector<Value> values;
    Location loc;  // the key
};

// Principal or NotPrincipal. `any` is "*" (or {"AWS": "*"}).
struct Principals {
    bool any = false;
    std::vector<Value> aws;             // account ids, account root ARNs, user/role/session ARNs
    std::vector<Value> service;         // "cloudformation.amazonaws.com"
    std::vector<Value> federated;       // identity providers
    std::vector<Value> canonical_user;  // S3 canonical user ids
    Location loc;
};

struct Statement {
    size_t index = 0;  // 0-based position in the policy
    std::string sid;
    Effect effect = Effect::allow;
    bool has_principal = false;  // Principal or NotPrincipal present
    bool not_principal = false;
    Principals principal;
    bool not_action = false;  // the action list came from NotAction
    std::vector<Value> actions;
    bool has_resource = false;  // Resource or NotResource present
    bool not_resource = false;
    std::vector<Value> resources;
    std::vector<Condition> conditions;
    Location loc;
};

struct Policy {
    Version version = Version::v2008_10_17;
    bool version_present = false;
    Location version_loc;
    std::string id;
    std::vector<Statement> statements;
    Location loc;
    size_t size = 0;  // characters as IAM counts them (whitespace outside strings excluded)
};

}  // namespace jg::policy

// The resource types jumpgate knows: their properties (which are required, which force
// a replacement when changed), their GetAtt attributes and what Ref returns. One table
// (registry.cpp) is the single source of truth for validation, planning and providers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jg::cfn {

enum class Shape { string, number, boolean, list, object, any };

// What changing a property does to an existing resource.
enum class UpdateKind { in_place, replacement };

struct PropertySpec {
    std::string name;
    Shape shape = Shape::any;
    bool required = false;
    UpdateKind update = UpdateKind::in_place;
};

// What `Ref` returns for a resource of the type.
enum class RefKind { name, arn, physical_id };

struct TypeSpec {
    std::string type;
    std::vector<PropertySpec> properties;
    std::vector<std::string> attributes;
    RefKind ref = RefKind::physical_id;
    bool needs_iam_capability = false;
    std::string name_property;  // a custom name here requires CAPABILITY_NAMED_IAM

    const PropertySpec* property(std::string_view name) const;
    bool has_attribute(std::string_view name) const;
};

// nullptr for an unknown type.
const TypeSpec* find_type(std::string_view type);
const std::vector<TypeSpec>& all_types();

}  // namespace jg::cfn

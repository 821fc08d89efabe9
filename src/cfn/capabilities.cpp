#include "cfn/capabilities.hpp"

#include "cfn/registry.hpp"

namespace jg::cfn {

std::vector<std::string> required_capabilities(const std::vector<const Resource*>& resources) {
    bool iam = false, named = false;
    for (const Resource* r : resources) {
        const TypeSpec* spec = find_type(r->type);
        if (!spec || !spec->needs_iam_capability) continue;
        iam = true;
        if (!spec->name_property.empty() && r->properties.is_object() &&
            r->properties.find(spec->name_property))
            named = true;
    }
    if (named) return {"CAPABILITY_NAMED_IAM"};
    if (iam) return {"CAPABILITY_IAM"};
    return {};
}

}  // namespace jg::cfn

// The interface the local cloud implements for each resource type: create, update and
// delete one resource, and report its physical id and attributes. The stack engine uses
// the registry (registry.hpp) to decide whether an update is in place or a replacement.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cfn/resolve.hpp"
#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cfn {

// A created resource: what Ref returns is the physical id or an attribute, per the type's
// RefKind; GetAtt reads `attributes`.
struct ResourceState {
    std::string physical_id;
    std::map<std::string, Node> attributes;
};

struct ResourceRequest {
    std::string logical_id;
    std::string type;
    const StackInfo* stack = nullptr;
    Node properties;  // fully resolved, no symbolic values left
    // The name the resource gets when its template gives none (its name property is
    // absent): CloudFormation's STACK-LOGICALID-RANDOM, chosen by the stack engine and
    // recorded before creation so that a rollback can find what a crash left behind.
    std::string physical_name;
    // Set by create() as soon as something exists that a rollback must delete: a create
    // that fails before that point (the name is taken, access is denied) leaves nothing.
    bool* created = nullptr;
};

class ResourceProvider {
public:
    virtual ~ResourceProvider() = default;
    virtual Result<ResourceState> create(const ResourceRequest& request) = 0;
    // Only called for changes that need no replacement (see replacement_properties).
    virtual Result<ResourceState> update(const ResourceState& current, const Node& old_properties,
                                         const ResourceRequest& request) = 0;
    virtual Result<void> remove(const ResourceState& current, const ResourceRequest& request) = 0;
};

// The properties whose change from `before` to `after` forces a replacement (create the
// new resource, then delete the old one); empty means an in-place update.
std::vector<std::string> replacement_properties(std::string_view type, const Node& before, const Node& after);

// Ref of a created resource per the type's RefKind, and GetAtt.
std::optional<Node> reference_value(std::string_view type, const ResourceState& state,
                                    std::string_view attribute);

// Providers by resource type.
class ProviderRegistry {
public:
    void add(std::string type, std::unique_ptr<ResourceProvider> provider);
    ResourceProvider* find(std::string_view type) const;

private:
    std::map<std::string, std::unique_ptr<ResourceProvider>, std::less<>> m_providers;
};

}  // namespace jg::cfn

#include "cfn/provider.hpp"

#include "cfn/registry.hpp"

namespace jg::cfn {

std::vector<std::string> replacement_properties(std::string_view type, const Node& before, const Node& after) {
    std::vector<std::string> out;
    const TypeSpec* spec = find_type(type);
    if (!spec) return out;
    for (const auto& p : spec->properties) {
        if (p.update != UpdateKind::replacement) continue;
        const Node* a = before.is_object() ? before.find(p.name) : nullptr;
        const Node* b = after.is_object() ? after.find(p.name) : nullptr;
        bool changed = (a == nullptr) != (b == nullptr) || (a && b && !a->same(*b));
        if (changed) out.push_back(p.name);
    }
    return out;
}

std::optional<Node> reference_value(std::string_view type, const ResourceState& state,
                                    std::string_view attribute) {
    if (attribute.empty()) {
        // The physical id is what Ref returns for every type here: the name for
        // RefKind::name, the ARN for RefKind::arn (a ManagedPolicy's physical id is its ARN).
        (void)type;
        return Node::make_string(state.physical_id);
    }
    auto it = state.attributes.find(std::string(attribute));
    if (it == state.attributes.end()) return std::nullopt;
    return it->second;
}

void ProviderRegistry::add(std::string type, std::unique_ptr<ResourceProvider> provider) {
    m_providers[std::move(type)] = std::move(provider);
}

ResourceProvider* ProviderRegistry::find(std::string_view type) const {
    auto it = m_providers.find(type);
    return it == m_providers.end() ? nullptr : it->second.get();
}

}  // namespace jg::cfn

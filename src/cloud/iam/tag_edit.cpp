#include "cloud/iam/tag_edit.hpp"

#include <algorithm>

#include "core/strings.hpp"

namespace jg::cloud::iam {

Result<Tags> read_new_tags(const Node& input) {
    auto tags = read_tags(input);
    if (!tags) return tags;
    if (tags->empty()) return validation_error("Tags", std::nullopt, "Member must have length greater than or equal to 1");
    return tags;
}

Result<std::vector<std::string>> read_tag_keys(const Node& input) {
    const Node* keys = input.find("TagKeys");
    if (!keys || !keys->is_array()) return validation_error("TagKeys", std::nullopt, "Member must not be null");
    std::vector<std::string> names;
    for (const Node& k : keys->items) {
        if (auto ok = check_length("TagKeys.member", k.text, 1, 128); !ok) return Unexpected(ok.error());
        names.push_back(k.text);
    }
    return names;
}

Result<Tags> merge_tags(Tags now, const Tags& given) {
    for (const auto& [k, v] : given) {
        auto it = std::find_if(now.begin(), now.end(), [&](const auto& t) { return iequals(t.first, k); });
        if (it != now.end()) *it = {k, v};
        else now.emplace_back(k, v);
    }
    if (now.size() > k_max_tags_per_resource)
        return fail("LimitExceeded", "The number of tags has reached the maximum limit.");
    return now;
}

Tags remove_tags(Tags now, const std::vector<std::string>& keys) {
    std::erase_if(now, [&](const auto& t) {
        return std::any_of(keys.begin(), keys.end(), [&](const std::string& n) { return iequals(n, t.first); });
    });
    return now;
}

}  // namespace jg::cloud::iam

namespace jg::cloud::iam {

Result<Node> tags_page(const Node& input, const Tags& tags) {
    auto paging = read_paging(input);
    if (!paging) return Unexpected(paging.error());
    std::size_t start = 0;
    if (!paging->marker.empty()) {
        if (paging->marker.find_first_not_of("0123456789") != std::string::npos || paging->marker.size() > 6)
            return fail("ValidationError", "Invalid Marker.");
        start = std::min(tags.size(), static_cast<std::size_t>(std::stoul(paging->marker)));
    }
    std::size_t end = std::min(tags.size(), start + paging->max_items);
    Node out = Node::make_object();
    out.add("Tags", tags_node(Tags(tags.begin() + static_cast<std::ptrdiff_t>(start),
                                   tags.begin() + static_cast<std::ptrdiff_t>(end))));
    out.add("IsTruncated", boolean(end < tags.size()));
    if (end < tags.size()) out.add("Marker", str(std::to_string(end)));
    return out;
}

}  // namespace jg::cloud::iam

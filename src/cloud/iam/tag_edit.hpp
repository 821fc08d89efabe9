// Tag changes shared by the Tag*/Untag* handlers of instance profiles and managed policies:
// the TagKeys input, AWS's merge (keys are case-insensitive: a key given again replaces
// the value) and the 50-tag quota.
#pragma once

#include <string>
#include <vector>

#include "cloud/input.hpp"
#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::cloud::iam {

inline constexpr std::size_t k_max_tags_per_resource = 50;

// Tags of a Tag* call: at least one (ValidationError otherwise).
Result<Tags> read_new_tags(const Node& input);
// TagKeys of an Untag* call: a list of 1–128 character keys (ValidationError otherwise).
Result<std::vector<std::string>> read_tag_keys(const Node& input);
// `now` with `given` merged in; LimitExceeded past 50 tags.
Result<Tags> merge_tags(Tags now, const Tags& given);
// `now` without the keys named (case-insensitively).
Tags remove_tags(Tags now, const std::vector<std::string>& keys);

}  // namespace jg::cloud::iam

namespace jg::cloud::iam {

// A List*Tags answer: the tags from the input's Marker (the index of the next tag) up to
// MaxItems, with IsTruncated and Marker.
Result<Node> tags_page(const Node& input, const Tags& tags);

}  // namespace jg::cloud::iam

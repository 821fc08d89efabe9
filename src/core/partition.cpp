#include "core/partition.hpp"

#include <utility>

namespace jg {

std::string_view partition_of_region(std::string_view region) {
    static constexpr std::pair<std::string_view, std::string_view> k_prefixes[] = {
        {"cn-", "aws-cn"},         {"us-gov-", "aws-us-gov"}, {"us-isob-", "aws-iso-b"}, {"us-isof-", "aws-iso-f"},
        {"us-iso-", "aws-iso"},    {"eu-isoe-", "aws-iso-e"}, {"eusc-", "aws-eusc"}};
    for (const auto& [prefix, partition] : k_prefixes)
        if (region.starts_with(prefix)) return partition;
    return "aws";
}

}  // namespace jg

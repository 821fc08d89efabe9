// AWS partitions: which one a region belongs to, as ARNs write it.
#pragma once

#include <string_view>

namespace jg {

// "aws-cn" for cn-*, "aws-us-gov" for us-gov-*, "aws-iso" for us-iso-*, "aws-iso-b" for
// us-isob-*, "aws-iso-e" for eu-isoe-*, "aws-iso-f" for us-isof-*, "aws-eusc" for eusc-*,
// else "aws".
std::string_view partition_of_region(std::string_view region);

}  // namespace jg

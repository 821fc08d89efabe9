#include "core/arn.hpp"
#include "core/partition.hpp"

#include <gtest/gtest.h>

namespace jg {
namespace {

TEST(Partition, FromTheRegion) {
    EXPECT_EQ(partition_of_region("us-east-1"), "aws");
    EXPECT_EQ(partition_of_region("eu-central-1"), "aws");
    EXPECT_EQ(partition_of_region("cn-north-1"), "aws-cn");
    EXPECT_EQ(partition_of_region("cn-northwest-1"), "aws-cn");
    EXPECT_EQ(partition_of_region("us-gov-west-1"), "aws-us-gov");
    EXPECT_EQ(partition_of_region("us-iso-east-1"), "aws-iso");
    EXPECT_EQ(partition_of_region("us-isob-east-1"), "aws-iso-b");
    EXPECT_EQ(partition_of_region("us-isof-south-1"), "aws-iso-f");
    EXPECT_EQ(partition_of_region("eu-isoe-west-1"), "aws-iso-e");
    EXPECT_EQ(partition_of_region("eusc-de-east-1"), "aws-eusc");
    EXPECT_EQ(partition_of_region(""), "aws");
}

TEST(Arn, ParsesEveryPartition) {
    auto arn = parse_arn("arn:aws-cn:cloudformation:cn-north-1:111111111111:stack/s/uuid");
    ASSERT_TRUE(arn);
    EXPECT_EQ(arn->partition, "aws-cn");
    EXPECT_EQ(arn->resource, "stack/s/uuid");
}

}  // namespace
}  // namespace jg

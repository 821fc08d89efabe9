// PutBucketPolicy's validation: every MalformedPolicy message S3 gives, and the article's
// own policy accepted.
#include "cloud/s3/bucket_policy.hpp"

#include <gtest/gtest.h>

#include <string>

namespace jg::cloud::s3 {
namespace {

constexpr const char* k_bucket = "aws-iam-templates-111111111111";

const PrincipalExists k_everyone_exists = [](std::string_view) { return true; };

std::string statement_policy(const std::string& statement) {
    return R"({"Version":"2012-10-17","Statement":[)" + statement + "]}";
}

void expect_malformed(const std::string& text, const std::string& message,
                      const PrincipalExists& exists = k_everyone_exists) {
    auto r = validate_bucket_policy(text, k_bucket, exists);
    ASSERT_FALSE(r.has_value()) << text;
    EXPECT_EQ(r.error().code, "MalformedPolicy") << text;
    EXPECT_EQ(r.error().message, message) << text;
}

TEST(S3BucketPolicy, TheArticlesPolicyIsAccepted) {
    const std::string text = R"({
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": { "AWS": "arn:aws:iam::111111111111:root" },
          "Action": "s3:GetObject",
          "Resource": "arn:aws:s3:::aws-iam-templates-111111111111/*"
        }
      ]
    })";
    auto r = validate_bucket_policy(text, k_bucket, k_everyone_exists);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    ASSERT_EQ(r->statements.size(), 1u);
    EXPECT_EQ(r->statements[0].principal.aws[0].text, "arn:aws:iam::111111111111:root");
}

TEST(S3BucketPolicy, OtherAcceptedShapes) {
    for (const std::string statement : {
             R"({"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::aws-iam-templates-111111111111","arn:aws:s3:::aws-iam-templates-111111111111/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}})",
             R"({"Effect":"Allow","Principal":{"AWS":["222222222222","arn:aws:iam::222222222222:user/alice","arn:aws:iam::222222222222:role/r"]},"Action":["s3:ListBucket","s3:GetObject"],"Resource":["arn:aws:s3:::aws-iam-templates-111111111111","arn:aws:s3:::aws-iam-templates-111111111111/*"]})",
             R"({"Effect":"Allow","Principal":{"Service":"cloudformation.amazonaws.com"},"Action":"s3:Get*","Resource":"arn:aws:s3:::aws-iam-templates-111111111111/*"})",
             R"({"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::aws-iam-templates-*/*"})",
             R"({"Effect":"Deny","Principal":"*","NotAction":"s3:GetObject","Resource":"arn:aws:s3:::aws-iam-templates-111111111111/*"})",
         }) {
        auto r = validate_bucket_policy(statement_policy(statement), k_bucket, k_everyone_exists);
        EXPECT_TRUE(r.has_value()) << statement << ": " << (r ? "" : r.error().message);
    }
}

TEST(S3BucketPolicy, NotJson) {
    expect_malformed("", "Policies must be valid JSON and the first byte must be '{'");
    expect_malformed("random string", "Policies must be valid JSON and the first byte must be '{'");
    expect_malformed(" {}", "Policies must be valid JSON and the first byte must be '{'");
    expect_malformed("{\"Statement\": [", "This policy contains invalid Json");
}

TEST(S3BucketPolicy, StatementAndPrincipalRequired) {
    expect_malformed("{}", "Missing required field Statement");
    expect_malformed(R"({"Version":"2012-10-17","Statement":[]})", "Could not parse the policy: Statement is empty!");
    expect_malformed(statement_policy(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::aws-iam-templates-111111111111/*"})"),
                     "Missing required field Principal");
}

TEST(S3BucketPolicy, SizeLimit) {
    const std::string statement =
        R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::aws-iam-templates-111111111111/*"})";
    std::string big = R"({"Version":"2012-10-17","Statement":[)" + statement;
    while (big.size() <= k_max_bucket_policy_bytes) big += "," + statement;
    big += "]}";
    expect_malformed(big, "Policy exceeds the maximum allowed document size.");
}

TEST(S3BucketPolicy, InvalidPrincipal) {
    for (const char* p : {"arn:aws:iam::12345:root", "alice", "arn:aws:iam::111111111111:group/g",
                          "arn:aws:s3:::bucket", "arn:aws:iam::111111111111:user/"}) {
        expect_malformed(statement_policy(std::string(R"({"Effect":"Allow","Principal":{"AWS":")") + p +
                                          R"("},"Action":"s3:GetObject","Resource":"arn:aws:s3:::aws-iam-templates-111111111111/*"})"),
                         "Invalid principal in policy");
    }
    // Well formed but unknown to the cloud.
    const PrincipalExists nobody = [](std::string_view) { return false; };
    expect_malformed(statement_policy(R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/ghost"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::aws-iam-templates-111111111111/*"})"),
                     "Invalid principal in policy", nobody);
    expect_malformed(statement_policy(R"({"Effect":"Allow","Principal":{"Service":"evil.example.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::aws-iam-templates-111111111111/*"})"),
                     "Invalid principal in policy");
}

TEST(S3BucketPolicy, InvalidActionAndResource) {
    expect_malformed(statement_policy(R"({"Effect":"Allow","Principal":"*","Action":"iam:CreateUser","Resource":"arn:aws:s3:::aws-iam-templates-111111111111/*"})"),
                     "Policy has invalid action");
    expect_malformed(statement_policy(R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObjectz","Resource":"arn:aws:s3:::aws-iam-templates-111111111111/*"})"),
                     "Policy has invalid action");
    expect_malformed(statement_policy(R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::another-bucket/*"})"),
                     "Policy has invalid resource");
    expect_malformed(statement_policy(R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:iam::111111111111:user/x"})"),
                     "Policy has invalid resource");
}

TEST(S3BucketPolicy, ActionMustApplyToAResource) {
    expect_malformed(statement_policy(R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::aws-iam-templates-111111111111"})"),
                     "Action does not apply to any resource(s) in statement");
    expect_malformed(statement_policy(R"({"Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:ListBucket"],"Resource":"arn:aws:s3:::aws-iam-templates-111111111111/*"})"),
                     "Action does not apply to any resource(s) in statement");
    expect_malformed(statement_policy(R"({"Effect":"Allow","Principal":"*","Action":"s3:ListAllMyBuckets","Resource":"arn:aws:s3:::aws-iam-templates-111111111111"})"),
                     "Action does not apply to any resource(s) in statement");
}

TEST(S3BucketPolicy, EngineErrorsStayMalformedPolicy) {
    auto r = validate_bucket_policy(
        statement_policy(R"({"Effect":"Maybe","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::aws-iam-templates-111111111111/*"})"),
        k_bucket, k_everyone_exists);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, "MalformedPolicy");
    EXPECT_NE(r.error().message.find("Effect"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace jg::cloud::s3

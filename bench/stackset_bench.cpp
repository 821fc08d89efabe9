// bench_stackset: the article's role StackSet (seed template iam-roles.yaml) deployed by
// CreateStackInstances to N member accounts (default 1,000) with MaxConcurrentPercentage
// 100, in-process on a fresh home with the store's default durability. Setup (accounts,
// the administration role, each account's execution role) is not timed; the time runs
// from the CreateStackInstances call until DescribeStackSetOperation, polled as a client
// does, reports SUCCEEDED. Prints the time, stacks/s, and checks every account got its
// three roles.
//
// usage: bench_stackset SHARED_DIR [--accounts N] [--mode strict|soft]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "cloud/accounts.hpp"
#include "cloud/cloud.hpp"
#include "core/json.hpp"

namespace {

using namespace jg;

Node input(const std::string& json) {
    auto n = parse_json(json);
    if (!n) {
        std::fprintf(stderr, "bench: bad input %s\n", json.c_str());
        std::exit(1);
    }
    return *n;
}

Node must(Result<Node> r, const char* what) {
    if (!r) {
        std::fprintf(stderr, "bench: %s failed: %s: %s\n", what, r.error().code.c_str(), r.error().message.c_str());
        std::exit(1);
    }
    return *r;
}

std::string read_file(const std::string& path) {
    std::ifstream f(path);
    if (!f) {
        std::fprintf(stderr, "bench: cannot read %s\n", path.c_str());
        std::exit(1);
    }
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

std::string account_id(int i) { return std::to_string(200000000000LL + i); }

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_stackset SHARED_DIR [--accounts N] [--mode strict|soft]\n");
        return 2;
    }
    std::string shared = argv[1];
    int accounts = 1000;
    std::string mode = "strict";
    for (int i = 2; i + 1 < argc; ++i) {
        if (std::string(argv[i]) == "--accounts") accounts = std::atoi(argv[i + 1]);
        if (std::string(argv[i]) == "--mode") mode = argv[i + 1];
    }
    std::string templates = shared + "/seed/templates/";
    std::string roles_template = read_file(templates + "iam-roles.yaml");

    std::string root = (std::filesystem::temp_directory_path() / "jg_bench_stackset_XXXXXX").string();
    if (!mkdtemp(root.data())) return 1;
    int status = 0;
    {
        auto store = store::Store::open(root + "/home");  // Durability::full, as the CLI and server use
        if (!store) return 1;
        SystemClock clock;
        SystemRandom random;
        auto c = cloud::Cloud::open(**store, clock, random);
        if (!c) return 1;
        cloud::Cloud& cl = **c;

        // Setup: the administrator account with its administration role, the members with
        // their execution roles (what the article's stackset-*-role.yaml stacks create).
        auto admin_account = cloud::add_account(cl, "111111111111");
        if (!admin_account) return 1;
        cloud::Credentials admin{admin_account->root_access_key_id, {}};
        must(cl.call(admin, "iam", "CreateRole",
                     input(R"({"RoleName":"AWSCloudFormationStackSetAdministrationRole","AssumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudformation.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"})")),
             "CreateRole admin");
        must(cl.call(admin, "iam", "PutRolePolicy",
                     input(R"({"RoleName":"AWSCloudFormationStackSetAdministrationRole","PolicyName":"StackSetAdministrationPolicy","PolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::*:role/AWSCloudFormationStackSetExecutionRole\"}]}"})")),
             "PutRolePolicy admin");
        auto setup_start = std::chrono::steady_clock::now();
        std::vector<cloud::Credentials> members;
        for (int i = 0; i < accounts; ++i) {
            auto a = cloud::add_account(cl, account_id(i));
            if (!a) {
                std::fprintf(stderr, "bench: add_account: %s\n", a.error().message.c_str());
                return 1;
            }
            cloud::Credentials m{a->root_access_key_id, {}};
            must(cl.call(m, "iam", "CreateRole",
                         input(R"({"RoleName":"AWSCloudFormationStackSetExecutionRole","AssumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"sts:AssumeRole\"}]}"})")),
                 "CreateRole execution");
            must(cl.call(m, "iam", "AttachRolePolicy",
                         input(R"({"RoleName":"AWSCloudFormationStackSetExecutionRole","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"})")),
                 "AttachRolePolicy execution");
            members.push_back(m);
        }
        double setup = std::chrono::duration<double>(std::chrono::steady_clock::now() - setup_start).count();

        Node create_set = Node::make_object();
        create_set.add("StackSetName", Node::make_string("jump-roles"));
        create_set.add("TemplateBody", Node::make_string(roles_template));
        create_set.add("Capabilities", input(R"(["CAPABILITY_NAMED_IAM"])"));
        create_set.add("Parameters", input(R"([{"ParameterKey":"AdminAccountId","ParameterValue":"111111111111"}])"));
        must(cl.call(admin, "cloudformation", "CreateStackSet", create_set), "CreateStackSet");

        // The timed part: one CreateStackInstances to every account, polled to the end.
        Node create = Node::make_object();
        create.add("StackSetName", Node::make_string("jump-roles"));
        std::string list;
        for (int i = 0; i < accounts; ++i) {
            if (i) list += ',';  // not `(i ? "," : "") + id`: GCC 12 -O3 false -Wrestrict
            list += account_id(i);
        }
        Node accounts_node = Node::make_array();
        accounts_node.push(Node::make_string(list));  // as the aws CLI v2 sends `--accounts A,B,...`
        create.add("Accounts", accounts_node);
        create.add("Regions", input(R"(["us-east-1"])"));
        create.add("OperationPreferences", input(mode == "soft" ? R"({"MaxConcurrentPercentage":100,"ConcurrencyMode":"SOFT_FAILURE_TOLERANCE"})"
                                                                : R"({"MaxConcurrentPercentage":100})"));
        auto start = std::chrono::steady_clock::now();
        Node op = must(cl.call(admin, "cloudformation", "CreateStackInstances", create), "CreateStackInstances");
        std::string id = op.find("OperationId")->text;
        Node describe = input(R"({"StackSetName":"jump-roles","OperationId":")" + id + R"("})");
        std::string final_status;
        while (true) {
            Node d = must(cl.call(admin, "cloudformation", "DescribeStackSetOperation", describe), "DescribeStackSetOperation");
            final_status = d.find("StackSetOperation")->find("Status")->text;
            if (final_status == "SUCCEEDED" || final_status == "FAILED" || final_status == "STOPPED") break;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

        // Every account has the three roles.
        int missing = 0;
        for (const auto& m : members)
            for (const char* role : {"role-admin", "role-developer", "role-operator"})
                if (!cl.call(m, "iam", "GetRole", input(std::string(R"({"RoleName":")") + role + R"("})"))) ++missing;

        std::printf("setup (accounts + execution roles, untimed): %d accounts in %.2f s\n", accounts, setup);
        std::printf("mode: %s (MaxConcurrentPercentage 100%s)\n", mode.c_str(),
                    mode == "soft" ? ", SOFT_FAILURE_TOLERANCE" : ", default STRICT_FAILURE_TOLERANCE, tolerance 0");
        std::printf("operation: %s\n", final_status.c_str());
        std::printf("CreateStackInstances -> %s: %.2f s for %d accounts\n", final_status.c_str(), elapsed, accounts);
        std::printf("stacks/s: %.1f\n", accounts / elapsed);
        std::printf("roles missing afterwards: %d\n", missing);
        if (final_status != "SUCCEEDED" || missing != 0) status = 1;
    }
    std::error_code ec;
    std::filesystem::remove_all(root, ec);
    return status;
}

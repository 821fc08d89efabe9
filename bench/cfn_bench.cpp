// Plans the article's five templates and a generated template of 500 IAM resources with
// cross-references, and prints the median time per plan: loading (YAML parse) and
// planning (validation, parameters, conditions, intrinsics, graph) separately.
// usage: bench_cfn [SHARED_DIR]   (default $JUMPGATE_SHARED, else ../shared)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <map>
#include <vector>

#include "cfn/plan.hpp"
#include "cfn/template.hpp"
#include "core/strings.hpp"

namespace {

// 125 each of managed policies, groups, roles and users; every group attaches its policy
// (Ref), every role names the previous role's ARN (GetAtt, Sub), every user joins a group.
std::string generated_template() {
    std::string t = "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Prefix: {Type: String, Default: bench}\nResources:\n";
    for (int i = 0; i < 125; ++i) {
        t += "  Policy" + std::to_string(i) + ":\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n"
             "      ManagedPolicyName: !Sub '${Prefix}-policy-" + std::to_string(i) + "'\n"
             "      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n"
             "          - {Effect: Allow, Action: 's3:GetObject', Resource: !Sub 'arn:${AWS::Partition}:s3:::${Prefix}-" + std::to_string(i) + "/*'}\n";
        t += "  Group" + std::to_string(i) + ":\n    Type: AWS::IAM::Group\n    Properties:\n"
             "      GroupName: !Sub '${Prefix}-group-" + std::to_string(i) + "'\n"
             "      ManagedPolicyArns: [!Ref Policy" + std::to_string(i) + "]\n";
        t += "  Role" + std::to_string(i) + ":\n    Type: AWS::IAM::Role\n    Properties:\n"
             "      RoleName: !Join ['-', [!Ref Prefix, role, '" + std::to_string(i) + "']]\n"
             "      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n"
             "          - Effect: Allow\n            Action: 'sts:AssumeRole'\n            Principal:\n"
             "              AWS: " + (i == 0 ? std::string("!Sub 'arn:aws:iam::${AWS::AccountId}:root'")
                                          : "!GetAtt Role" + std::to_string(i - 1) + ".Arn") + "\n"
             "      ManagedPolicyArns: [!Ref Policy" + std::to_string(i) + "]\n";
        t += "  User" + std::to_string(i) + ":\n    Type: AWS::IAM::User\n    Properties:\n"
             "      UserName: !Sub '${Prefix}-user-" + std::to_string(i) + "'\n"
             "      Groups: [!Ref Group" + std::to_string(i) + "]\n";
    }
    return t;
}

struct Timing {
    double load_us = -1;  // YAML/JSON parse + sections
    double plan_us = -1;  // validation + parameters + conditions + intrinsics + graph
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Medians over `reps` runs; -1 on an error.
Timing time_plan(const std::string& text, const jg::cfn::PlanInput& input, int reps) {
    std::vector<double> load, plan;
    for (int r = 0; r < reps; ++r) {
        auto start = std::chrono::steady_clock::now();
        auto t = jg::cfn::load_template(text, "bench.yaml");
        auto loaded = std::chrono::steady_clock::now();
        if (!t) return {};
        auto p = jg::cfn::plan_template(*t, input);
        auto end = std::chrono::steady_clock::now();
        if (!p) {
            for (const auto& e : p.error()) std::fprintf(stderr, "%s\n", e.str().c_str());
            return {};
        }
        load.push_back(std::chrono::duration<double, std::micro>(loaded - start).count());
        plan.push_back(std::chrono::duration<double, std::micro>(end - loaded).count());
    }
    return {median(load), median(plan)};
}

}  // namespace

int main(int argc, char** argv) {
    std::string shared = argc > 1 ? argv[1] : (std::getenv("JUMPGATE_SHARED") ? std::getenv("JUMPGATE_SHARED") : "../shared");
    struct Seed {
        const char* file;
        std::map<std::string, std::string> params;
    };
    std::vector<Seed> seeds = {
        {"iam-global-groups.yaml", {}},
        {"iam-groups.yaml", {{"ProdAccountId", "222222222222"}, {"StagingAccountId", "333333333333"}, {"ProjectName", "alpha"}}},
        {"iam-roles.yaml", {{"AdminAccountId", "111111111111"}}},
        {"stackset-admin-role.yaml", {}},
        {"stackset-execution-role.yaml", {{"AdminAccountId", "111111111111"}}},
    };
    int status = 0;
    std::printf("%-32s %12s %12s %12s\n", "template", "load", "plan", "total");
    for (const auto& s : seeds) {
        std::string path = shared + "/seed/templates/" + s.file, text;
        if (!jg::read_file(path, text)) {
            std::printf("%-32s %12s\n", s.file, "skipped (no ../shared)");
            continue;
        }
        jg::cfn::PlanInput input;
        input.parameters = s.params;
        Timing t = time_plan(text, input, 200);
        if (t.plan_us < 0) status = 1;
        std::printf("%-32s %9.1f us %9.1f us %9.1f us\n", s.file, t.load_us, t.plan_us, t.load_us + t.plan_us);
    }
    jg::cfn::PlanInput input;
    Timing t = time_plan(generated_template(), input, 25);
    if (t.plan_us < 0) status = 1;
    std::printf("%-32s %9.2f ms %9.2f ms %9.2f ms  (target: plan < 20 ms)\n", "generated 500 IAM resources",
                t.load_us / 1000.0, t.plan_us / 1000.0, (t.load_us + t.plan_us) / 1000.0);
    return status;
}

// bench_cloud: the local cloud in-process, single-threaded, on a fresh home with the
// store's default durability (Durability::full: every acknowledged write is fsynced).
// Prints AssumeRole/s (authorise + issue; sessions are sealed tokens, nothing to persist),
// CreateUser/s (authorise + one committed transaction each) and GetCallerIdentity/s with
// a role-session credential (token opened and checked on every call).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>

#include "cloud/accounts.hpp"
#include "cloud/cloud.hpp"
#include "cloud/iam/keys.hpp"
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

cloud::Credentials session_of(const Node& out) {
    const Node* c = out.find("Credentials");
    return {c->find("AccessKeyId")->text, c->find("SessionToken")->text};
}

// Runs `op` until `seconds` have passed (or `limit` calls); returns calls per second.
double rate(double seconds, long limit, const std::function<void(long)>& op) {
    auto start = std::chrono::steady_clock::now();
    long n = 0;
    double elapsed = 0;
    while (n < limit) {
        op(n++);
        if ((n & 15) == 0) {
            elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (elapsed >= seconds) break;
        }
    }
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return static_cast<double>(n) / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
    double seconds = 3;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string(argv[i]) == "--seconds") seconds = std::atof(argv[i + 1]);

    std::string root = (std::filesystem::temp_directory_path() / "jg_bench_cloud_XXXXXX").string();
    if (!mkdtemp(root.data())) return 1;
    int status = 0;
    {
        auto store = store::Store::open(root + "/home");  // Durability::full
        if (!store) return 1;
        SystemClock clock;
        SystemRandom random;
        auto c = cloud::Cloud::open(**store, clock, random);
        if (!c) return 1;
        cloud::Cloud& cl = **c;
        auto admin = cloud::add_account(cl, "111111111111");
        auto member = cloud::add_account(cl, "222222222222");
        if (!admin || !member) return 1;
        cloud::Credentials admin_root{admin->root_access_key_id, {}}, member_root{member->root_access_key_id, {}};

        // The seed's shape: a user in the admin account allowed to assume role-admin in
        // the member account, whose trust policy names the admin account.
        must(cl.call(member_root, "iam", "CreateRole",
                     input(R"({"RoleName":"role-admin","AssumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}"})")),
             "CreateRole");
        must(cl.call(member_root, "iam", "AttachRolePolicy",
                     input(R"({"RoleName":"role-admin","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"})")),
             "AttachRolePolicy");
        must(cl.call(admin_root, "iam", "CreateUser", input(R"({"UserName":"alice"})")), "CreateUser");
        must(cl.call(admin_root, "iam", "PutUserPolicy",
                     input(R"({"UserName":"alice","PolicyName":"assume","PolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::*:role/role-admin\",\"Condition\":{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}"})")),
             "PutUserPolicy");
        // alice's long-term access key, written with the schema of cloud/iam/keys.hpp (the
        // access-key API is another helper's part). BoolIfExists lets long-term keys pass.
        std::string alice_key = "AKIABENCHALICE000001";
        auto keyed = (*store)->write([&](store::Tx& tx) -> Result<bool> {
            Node key = Node::make_object();
            key.add("AccessKeyId", Node::make_string(alice_key));
            key.add("SecretAccessKey", Node::make_string("bench-secret"));
            key.add("Account", Node::make_string("111111111111"));
            key.add("UserName", Node::make_string("alice"));
            key.add("Status", Node::make_string("Active"));
            if (auto ok = cloud::iam::put_doc(tx, "", cloud::iam::k_access_key, alice_key, key); !ok)
                return Unexpected(ok.error());
            return true;
        });
        if (!keyed) return 1;
        cloud::Credentials alice{alice_key, {}};
        Node assume = input(R"({"RoleArn":"arn:aws:iam::222222222222:role/role-admin","RoleSessionName":"bench"})");
        cloud::Credentials admin_session = session_of(must(cl.call(alice, "sts", "AssumeRole", assume), "AssumeRole"));

        double assume_rate = rate(seconds, 1L << 40, [&](long) { must(cl.call(alice, "sts", "AssumeRole", assume), "AssumeRole"); });
        std::printf("AssumeRole/s: %.0f\n", assume_rate);
        std::fflush(stdout);

        // CreateUser: one committed (fsynced) transaction each; bounded by the 5,000-user quota.
        double create_rate = rate(seconds, 4900, [&](long i) {
            must(cl.call(member_root, "iam", "CreateUser", input(R"({"UserName":"u)" + std::to_string(i) + R"("})")),
                 "CreateUser");
        });
        std::printf("CreateUser/s: %.0f\n", create_rate);
        std::fflush(stdout);

        Node empty = Node::make_object();
        double gci_rate = rate(seconds, 1L << 40, [&](long) {
            must(cl.call(admin_session, "sts", "GetCallerIdentity", empty), "GetCallerIdentity");
        });
        std::printf("GetCallerIdentity/s: %.0f\n", gci_rate);
        status = 0;
    }
    std::filesystem::remove_all(root);
    return status;
}

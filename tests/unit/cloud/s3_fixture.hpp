// The cloud fixture plus what S3 tests need: IAM users with an inline policy (through
// IAM's PutUserPolicy) and an access key (written in IAM's documented store layout,
// cloud/iam/keys.hpp, until CreateAccessKey lands in the dispatch table).
#pragma once

#include <string>

#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "cloud/s3/records.hpp"
#include "core/encoding.hpp"
#include "core/hash.hpp"
#include "core/json.hpp"
#include "fixture.hpp"

namespace jg::cloud::testing {

class S3Test : public CloudTest {
protected:
    // A user of `account` (created with that account's root credentials) whose only
    // permissions are `policy_json` ("" = none); returns its long-term credentials.
    Credentials user(const Credentials& root, const std::string& account, const std::string& name,
                     const std::string& policy_json = {}) {
        ok(root, "iam", "CreateUser", R"({"UserName":")" + name + R"("})");
        const std::string key_id = "AKIA" + account + (name + "XXXX").substr(0, 4);
        auto written = cloud().store().write([&](store::Tx& tx) -> Result<void> {
            Node key = Node::make_object();
            key.add("AccessKeyId", str(key_id));
            key.add("SecretAccessKey", str("secret"));
            key.add("Account", str(account));
            key.add("UserName", str(name));
            key.add("Status", str("Active"));
            if (auto put = iam::put_doc(tx, "", iam::k_access_key, key_id, key); !put) return put;
            return iam::policies_changed(tx, account);
        });
        EXPECT_TRUE(written) << written.error().str();
        if (!policy_json.empty()) {
            Node input = Node::make_object();
            input.add("UserName", str(name));
            input.add("PolicyName", str("inline"));
            input.add("PolicyDocument", str(policy_json));
            auto put = cloud().call(root, "iam", "PutUserPolicy", input);
            EXPECT_TRUE(put) << put.error().str();
        }
        return Credentials{key_id, {}};
    }

    static std::string allow(const std::string& actions, const std::string& resources) {
        return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":)" + actions +
               R"(,"Resource":)" + resources + "}]}";
    }

    // An S3 call in a given endpoint region (CreateBucket's LocationConstraint rules).
    Result<Node> call_in(const std::string& region, const Credentials& who, std::string_view action,
                         std::string_view input_json) {
        RequestInfo info;
        info.region = region;
        return cloud().call(who, "s3", action, in(input_json), info);
    }

    // Input with a Body of raw bytes (which JSON text cannot always spell).
    Result<Node> put(const Credentials& who, const std::string& bucket, const std::string& key,
                     const std::string& body, std::string_view extra_json = "{}") {
        Node input = in(extra_json);
        input.add("Bucket", str(bucket));
        input.add("Key", str(key));
        input.add("Body", str(body));
        return cloud().call(who, "s3", "PutObject", input);
    }
};

}  // namespace jg::cloud::testing

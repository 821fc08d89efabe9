// The S3 block of the dispatch table against botocore's S3 model (the one Debian's aws CLI
// ships, which the wire layer follows): every operation exists there, and every member
// the handlers return — recursively — is a member of that operation's output shape.
#include <string>

#include "cloud/operations.hpp"
#include "core/strings.hpp"
#include "s3_fixture.hpp"

namespace jg::cloud::testing {
namespace {

constexpr const char* k_model_path =
    "/usr/lib/python3/dist-packages/awscli/botocore/data/s3/2006-03-01/service-2.json";

class S3ModelTest : public S3Test {
protected:
    void SetUp() override {
        S3Test::SetUp();
        std::string text;
        ASSERT_TRUE(read_file(k_model_path, text)) << "botocore's S3 model is missing: " << k_model_path;
        auto model = parse_json(text);
        ASSERT_TRUE(model) << model.error().str();
        m_model = std::move(*model);
    }

    const Node* shape(const std::string& name) const { return m_model.find("shapes")->find(name); }

    // Every member of `value` is declared by `shape_name`, all the way down.
    void expect_conforms(const Node& value, const std::string& shape_name, const std::string& where) const {
        const Node* s = shape(shape_name);
        ASSERT_NE(s, nullptr) << where << ": no shape " << shape_name;
        const std::string type = s->find("type")->text;
        if (type == "structure") {
            ASSERT_TRUE(value.is_object()) << where;
            const Node* members = s->find("members");
            for (const auto& [name, child] : value.members) {
                const Node* m = members->find(name);
                ASSERT_NE(m, nullptr) << where << "." << name << " is not a member of " << shape_name;
                expect_conforms(child, m->find("shape")->text, where + "." + name);
            }
        } else if (type == "list") {
            ASSERT_TRUE(value.is_array()) << where;
            for (const auto& item : value.items)
                expect_conforms(item, s->find("member")->find("shape")->text, where + "[]");
        } else if (type == "map") {
            ASSERT_TRUE(value.is_object()) << where;
            for (const auto& [k, v] : value.members)
                expect_conforms(v, s->find("value")->find("shape")->text, where + "{" + k + "}");
        } else if (type == "boolean") {
            EXPECT_TRUE(value.is_bool()) << where;
        } else if (type == "integer" || type == "long") {
            EXPECT_TRUE(value.is_number()) << where;
        } else {
            EXPECT_TRUE(value.is_string()) << where << " (" << type << ")";
        }
    }

    void expect_output(const std::string& action, const Node& out) const {
        const Node* op = m_model.find("operations")->find(action);
        ASSERT_NE(op, nullptr) << action;
        const Node* output = op->find("output");
        if (!output) {
            EXPECT_TRUE(out.members.empty()) << action << " has no output shape but returned " << to_json(out);
            return;
        }
        expect_conforms(out, output->find("shape")->text, action);
    }

    Node m_model;
};

TEST_F(S3ModelTest, EveryS3OperationIsBotocores) {
    int count = 0;
    for (const auto& op : operations()) {
        if (op.service != "s3") continue;
        ++count;
        EXPECT_NE(m_model.find("operations")->find(op.action), nullptr) << op.action;
    }
    EXPECT_EQ(count, 15);
}

TEST_F(S3ModelTest, OutputsHaveBotocoresShapes) {
    Credentials root = account("111111111111");
    auto run = [&](const std::string& action, const std::string& input) {
        Node out = ok(root, "s3", action, input);
        expect_output(action, out);
    };
    run("CreateBucket", R"({"Bucket":"model-bucket"})");
    ASSERT_TRUE(put(root, "model-bucket", "dir/a.yaml", "a", R"({"Metadata":{"k":"v"},"ContentType":"text/yaml"})"));
    expect_output("PutObject", *put(root, "model-bucket", "b.yaml", "b"));
    run("HeadBucket", R"({"Bucket":"model-bucket"})");
    run("ListBuckets", "{}");
    run("GetBucketLocation", R"({"Bucket":"model-bucket"})");
    run("GetObject", R"({"Bucket":"model-bucket","Key":"dir/a.yaml"})");
    run("HeadObject", R"({"Bucket":"model-bucket","Key":"dir/a.yaml"})");
    run("CopyObject", R"({"Bucket":"model-bucket","Key":"c.yaml","CopySource":"model-bucket/b.yaml"})");
    run("ListObjectsV2", R"({"Bucket":"model-bucket","Delimiter":"/","MaxKeys":1})");
    run("ListObjectsV2", R"({"Bucket":"model-bucket","StartAfter":"a","EncodingType":"url"})");
    run("ListObjects", R"({"Bucket":"model-bucket","Delimiter":"/","MaxKeys":1})");
    run("ListObjects", R"({"Bucket":"model-bucket","Marker":"a","EncodingType":"url"})");
    run("PutBucketPolicy",
        R"({"Bucket":"model-bucket","Policy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::model-bucket/*\"}]}"})");
    run("GetBucketPolicy", R"({"Bucket":"model-bucket"})");
    run("DeleteBucketPolicy", R"({"Bucket":"model-bucket"})");
    for (const char* key : {"dir/a.yaml", "b.yaml", "c.yaml"})
        run("DeleteObject", std::string(R"({"Bucket":"model-bucket","Key":")") + key + "\"}");
    run("DeleteBucket", R"({"Bucket":"model-bucket"})");
}

}  // namespace
}  // namespace jg::cloud::testing

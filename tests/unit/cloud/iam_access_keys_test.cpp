// Access keys through the dispatch table: creation with its quota, listing, status
// changes that the caller resolution honours, deletion, last-used, and the errors.
#include "fixture.hpp"

namespace jg::cloud::testing {
namespace {

class IamAccessKeys : public CloudTest {
protected:
    void SetUp() override {
        CloudTest::SetUp();
        root = account("111111111111");
        ok(root, "iam", "CreateUser", R"({"UserName":"alice"})");
        ok(root, "iam", "CreateUser", R"({"UserName":"bob"})");
    }
    Credentials new_key(const std::string& user) {
        Node out = ok(root, "iam", "CreateAccessKey", R"({"UserName":")" + user + R"("})");
        return {text(out, "AccessKey", "AccessKeyId"), {}};
    }
    Credentials root;
};

TEST_F(IamAccessKeys, CreateReturnsTheSecretOnceAndTheKeyWorks) {
    Node out = ok(root, "iam", "CreateAccessKey", R"({"UserName":"alice"})");
    const Node* key = out.find("AccessKey");
    ASSERT_NE(key, nullptr);
    EXPECT_EQ(text(*key, "UserName"), "alice");
    EXPECT_EQ(text(*key, "Status"), "Active");
    EXPECT_EQ(text(*key, "AccessKeyId").substr(0, 4), "AKIA");
    EXPECT_EQ(text(*key, "AccessKeyId").size(), 20u);
    EXPECT_EQ(text(*key, "SecretAccessKey").size(), 40u);
    EXPECT_FALSE(text(*key, "CreateDate").empty());

    Credentials alice{text(*key, "AccessKeyId"), {}};
    Node who = ok(alice, "sts", "GetCallerIdentity");
    EXPECT_EQ(text(who, "Arn"), "arn:aws:iam::111111111111:user/alice");

    Node list = ok(root, "iam", "ListAccessKeys", R"({"UserName":"alice"})");
    ASSERT_EQ(list.find("AccessKeyMetadata")->items.size(), 1u);
    const Node& meta = list.find("AccessKeyMetadata")->items[0];
    EXPECT_EQ(text(meta, "AccessKeyId"), alice.access_key_id);
    EXPECT_EQ(meta.find("SecretAccessKey"), nullptr);  // never shown again
    EXPECT_EQ(text(list, "IsTruncated"), "false");
}

TEST_F(IamAccessKeys, TwoKeysPerUser) {
    new_key("alice");
    new_key("alice");
    Error e = error_of(root, "iam", "CreateAccessKey", R"({"UserName":"alice"})");
    EXPECT_EQ(e.code, "LimitExceeded");
    EXPECT_EQ(e.message, "Cannot exceed quota for AccessKeysPerUser: 2");
    // Nothing was added by the refused call; bob's quota is his own.
    EXPECT_EQ(ok(root, "iam", "ListAccessKeys", R"({"UserName":"alice"})").find("AccessKeyMetadata")->items.size(), 2u);
    new_key("bob");
}

TEST_F(IamAccessKeys, InactiveKeyIsRefusedUntilReactivated) {
    Credentials alice = new_key("alice");
    const std::string id = alice.access_key_id;
    ok(root, "iam", "UpdateAccessKey", R"({"UserName":"alice","AccessKeyId":")" + id + R"(","Status":"Inactive"})");
    EXPECT_EQ(error(alice, "sts", "GetCallerIdentity"), "InvalidClientTokenId");
    Node list = ok(root, "iam", "ListAccessKeys", R"({"UserName":"alice"})");
    EXPECT_EQ(text(list.find("AccessKeyMetadata")->items[0], "Status"), "Inactive");
    ok(root, "iam", "UpdateAccessKey", R"({"UserName":"alice","AccessKeyId":")" + id + R"(","Status":"Active"})");
    EXPECT_EQ(text(ok(alice, "sts", "GetCallerIdentity"), "Account"), "111111111111");
}

TEST_F(IamAccessKeys, DeletedKeyIsGone) {
    Credentials alice = new_key("alice");
    ok(root, "iam", "DeleteAccessKey", R"({"UserName":"alice","AccessKeyId":")" + alice.access_key_id + R"("})");
    EXPECT_EQ(error(alice, "sts", "GetCallerIdentity"), "InvalidClientTokenId");
    EXPECT_TRUE(ok(root, "iam", "ListAccessKeys", R"({"UserName":"alice"})").find("AccessKeyMetadata")->items.empty());
    Error again = error_of(root, "iam", "DeleteAccessKey",
                           R"({"UserName":"alice","AccessKeyId":")" + alice.access_key_id + R"("})");
    EXPECT_EQ(again.code, "NoSuchEntity");
    EXPECT_EQ(again.message, "The Access Key with id " + alice.access_key_id + " cannot be found");
}

TEST_F(IamAccessKeys, AnotherUsersKeyIsNotFound) {
    Credentials alice = new_key("alice");
    EXPECT_EQ(error(root, "iam", "UpdateAccessKey",
                    R"({"UserName":"bob","AccessKeyId":")" + alice.access_key_id + R"(","Status":"Inactive"})"),
              "NoSuchEntity");
    EXPECT_EQ(error(root, "iam", "DeleteAccessKey", R"({"UserName":"bob","AccessKeyId":")" + alice.access_key_id + R"("})"),
              "NoSuchEntity");
    EXPECT_EQ(text(ok(alice, "sts", "GetCallerIdentity"), "Account"), "111111111111");  // untouched
}

TEST_F(IamAccessKeys, ValidationAndMissingUser) {
    Error missing = error_of(root, "iam", "CreateAccessKey", R"({"UserName":"nobody"})");
    EXPECT_EQ(missing.code, "NoSuchEntity");
    EXPECT_EQ(missing.message, "The user with name nobody cannot be found.");
    Credentials alice = new_key("alice");
    Error status = error_of(root, "iam", "UpdateAccessKey",
                            R"({"UserName":"alice","AccessKeyId":")" + alice.access_key_id + R"(","Status":"On"})");
    EXPECT_EQ(status.code, "ValidationError");
    EXPECT_EQ(status.message,
              "1 validation error detected: Value 'On' at 'status' failed to satisfy constraint: Member must satisfy "
              "enum value set: [Active, Inactive]");
    EXPECT_EQ(error(root, "iam", "DeleteAccessKey", R"({"UserName":"alice","AccessKeyId":"short"})"), "ValidationError");
    EXPECT_EQ(error(root, "iam", "DeleteAccessKey", R"({"UserName":"alice"})"), "ValidationError");
    EXPECT_EQ(error(root, "iam", "CreateAccessKey", R"({"UserName":"bad name"})"), "ValidationError");
}

TEST_F(IamAccessKeys, UsersWithoutPolicyAreDeniedEvenForThemselves) {
    Credentials alice = new_key("alice");
    Error e = error_of(alice, "iam", "CreateAccessKey");
    EXPECT_EQ(e.code, "AccessDenied");
    EXPECT_EQ(e.message,
              "User: arn:aws:iam::111111111111:user/alice is not authorized to perform: iam:CreateAccessKey on "
              "resource: arn:aws:iam::111111111111:user/alice because no identity-based policy allows the "
              "iam:CreateAccessKey action");
    // A denied caller learns nothing about users that do not exist.
    EXPECT_EQ(error(alice, "iam", "ListAccessKeys", R"({"UserName":"nobody"})"), "AccessDenied");
}

TEST_F(IamAccessKeys, RootManagesItsOwnKeysWithoutUserName) {
    Node list = ok(root, "iam", "ListAccessKeys");
    ASSERT_EQ(list.find("AccessKeyMetadata")->items.size(), 1u);  // the one the account was created with
    EXPECT_EQ(text(list.find("AccessKeyMetadata")->items[0], "AccessKeyId"), root.access_key_id);
    Node second = ok(root, "iam", "CreateAccessKey");
    EXPECT_EQ(second.find("AccessKey")->find("UserName"), nullptr);
    EXPECT_EQ(error(root, "iam", "CreateAccessKey"), "LimitExceeded");
    Credentials root2{text(second, "AccessKey", "AccessKeyId"), {}};
    EXPECT_EQ(text(ok(root2, "sts", "GetCallerIdentity"), "Arn"), "arn:aws:iam::111111111111:root");
}

TEST_F(IamAccessKeys, ListPagesWithMarker) {
    new_key("alice");
    new_key("alice");
    Node first = ok(root, "iam", "ListAccessKeys", R"({"UserName":"alice","MaxItems":1})");
    ASSERT_EQ(first.find("AccessKeyMetadata")->items.size(), 1u);
    EXPECT_EQ(text(first, "IsTruncated"), "true");
    const std::string marker = text(first, "Marker");
    ASSERT_FALSE(marker.empty());
    Node second = ok(root, "iam", "ListAccessKeys", R"({"UserName":"alice","MaxItems":1,"Marker":")" + marker + R"("})");
    ASSERT_EQ(second.find("AccessKeyMetadata")->items.size(), 1u);
    EXPECT_EQ(text(second, "IsTruncated"), "false");
    EXPECT_NE(text(second.find("AccessKeyMetadata")->items[0], "AccessKeyId"),
              text(first.find("AccessKeyMetadata")->items[0], "AccessKeyId"));
}

TEST_F(IamAccessKeys, LastUsedOfANewKeyIsNotApplicable) {
    Credentials alice = new_key("alice");
    Node out = ok(root, "iam", "GetAccessKeyLastUsed", R"({"AccessKeyId":")" + alice.access_key_id + R"("})");
    EXPECT_EQ(text(out, "UserName"), "alice");
    EXPECT_EQ(text(out, "AccessKeyLastUsed", "ServiceName"), "N/A");
    EXPECT_EQ(text(out, "AccessKeyLastUsed", "Region"), "N/A");
    EXPECT_EQ(out.find("AccessKeyLastUsed")->find("LastUsedDate"), nullptr);
    EXPECT_EQ(error(root, "iam", "GetAccessKeyLastUsed", R"({"AccessKeyId":"AKIAAAAAAAAAAAAAAAAA"})"), "NoSuchEntity");
    // Another account's key is not this account's to inspect.
    Credentials other = account("222222222222");
    EXPECT_EQ(error(other, "iam", "GetAccessKeyLastUsed", R"({"AccessKeyId":")" + alice.access_key_id + R"("})"),
              "NoSuchEntity");
}

}  // namespace
}  // namespace jg::cloud::testing

namespace jg::cloud::testing {
namespace {

TEST_F(IamAccessKeys, UseOfAKeyIsRecordedWithServiceAndRegion) {
    Credentials alice = new_key("alice");
    clock.advance(std::chrono::minutes(5));
    // Denied or not, the key authenticated the request.
    RequestInfo tokyo;
    tokyo.region = "ap-northeast-1";
    ASSERT_TRUE(cloud().call(alice, "sts", "GetCallerIdentity", in("{}"), tokyo));
    Node out = ok(root, "iam", "GetAccessKeyLastUsed", R"({"AccessKeyId":")" + alice.access_key_id + R"("})");
    EXPECT_EQ(text(out, "AccessKeyLastUsed", "ServiceName"), "sts");
    EXPECT_EQ(text(out, "AccessKeyLastUsed", "Region"), "ap-northeast-1");
    EXPECT_EQ(text(out, "AccessKeyLastUsed", "LastUsedDate"), format_iso8601(clock.now()));

    // IAM is global: its uses are reported in us-east-1, whatever the request's region.
    clock.advance(std::chrono::seconds(10));
    EXPECT_EQ(error(alice, "iam", "ListUsers"), "AccessDenied");
    out = ok(root, "iam", "GetAccessKeyLastUsed", R"({"AccessKeyId":")" + alice.access_key_id + R"("})");
    EXPECT_EQ(text(out, "AccessKeyLastUsed", "ServiceName"), "iam");
    EXPECT_EQ(text(out, "AccessKeyLastUsed", "Region"), "us-east-1");

    // The same service and region again within a minute refreshes nothing; later it does.
    const std::string before = text(out, "AccessKeyLastUsed", "LastUsedDate");
    clock.advance(std::chrono::seconds(30));
    EXPECT_EQ(error(alice, "iam", "ListUsers"), "AccessDenied");
    out = ok(root, "iam", "GetAccessKeyLastUsed", R"({"AccessKeyId":")" + alice.access_key_id + R"("})");
    EXPECT_EQ(text(out, "AccessKeyLastUsed", "LastUsedDate"), before);
    clock.advance(std::chrono::minutes(2));
    EXPECT_EQ(error(alice, "iam", "ListUsers"), "AccessDenied");
    out = ok(root, "iam", "GetAccessKeyLastUsed", R"({"AccessKeyId":")" + alice.access_key_id + R"("})");
    EXPECT_EQ(text(out, "AccessKeyLastUsed", "LastUsedDate"), format_iso8601(clock.now()));
}

TEST_F(IamAccessKeys, SessionCredentialsDoNotCountAsUsesOfTheKey) {
    Credentials alice = new_key("alice");
    Node session = ok(alice, "sts", "GetSessionToken");
    Node before = ok(root, "iam", "GetAccessKeyLastUsed", R"({"AccessKeyId":")" + alice.access_key_id + R"("})");
    clock.advance(std::chrono::minutes(5));
    ok(session_of(session), "sts", "GetCallerIdentity");
    Node after = ok(root, "iam", "GetAccessKeyLastUsed", R"({"AccessKeyId":")" + alice.access_key_id + R"("})");
    EXPECT_EQ(text(after, "AccessKeyLastUsed", "LastUsedDate"), text(before, "AccessKeyLastUsed", "LastUsedDate"));
    EXPECT_EQ(text(after, "AccessKeyLastUsed", "ServiceName"), "sts");
}

}  // namespace
}  // namespace jg::cloud::testing

namespace jg::cloud::testing {
namespace {

TEST_F(IamAccessKeys, AnotherProcessWithinTheMinuteDoesNotRewriteTheUse) {
    Credentials alice = new_key("alice");
    clock.advance(std::chrono::minutes(5));
    EXPECT_EQ(error(alice, "iam", "ListUsers"), "AccessDenied");
    auto last_used = [&] {
        return text(ok(root, "iam", "GetAccessKeyLastUsed", R"({"AccessKeyId":")" + alice.access_key_id + R"("})"),
                    "AccessKeyLastUsed", "LastUsedDate");
    };
    const std::string first = last_used();
    // A second process on the same home (a CLI command beside a server): its own
    // in-memory record is empty, the stored one is fresh.
    auto store = store::Store::open(home());
    ASSERT_TRUE(store) << store.error().str();
    auto other = Cloud::open(**store, clock, random);
    ASSERT_TRUE(other) << other.error().str();
    clock.advance(std::chrono::seconds(20));
    EXPECT_FALSE((*other)->call(alice, "iam", "ListUsers", in("{}"), {}));
    EXPECT_EQ(last_used(), first);
    clock.advance(std::chrono::minutes(2));
    EXPECT_FALSE((*other)->call(alice, "iam", "ListUsers", in("{}"), {}));
    EXPECT_EQ(last_used(), format_iso8601(clock.now()));
}

}  // namespace
}  // namespace jg::cloud::testing

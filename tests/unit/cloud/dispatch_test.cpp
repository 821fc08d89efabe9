// The cloud's contract: accounts with root keys, credentials resolved to callers,
// the dispatch table, authorisation with AWS's denial wording.
#include "cloud/operations.hpp"
#include "cloud/session_token.hpp"
#include "fixture.hpp"

namespace jg::cloud::testing {
namespace {

using SkeletonTest = CloudTest;

TEST_F(SkeletonTest, RootCallerIdentity) {
    Credentials root = account("111111111111", "admin");
    Node out = ok(root, "sts", "GetCallerIdentity");
    EXPECT_EQ(text(out, "Account"), "111111111111");
    EXPECT_EQ(text(out, "Arn"), "arn:aws:iam::111111111111:root");
    EXPECT_EQ(text(out, "UserId"), "111111111111");
    EXPECT_EQ(root.access_key_id.substr(0, 4), "AKIA");
}

TEST_F(SkeletonTest, DuplicateAccountAndBadIdsAreRefused) {
    account("111111111111", "admin");
    EXPECT_EQ(add_account(cloud(), "111111111111").error().code, "EntityAlreadyExists");
    EXPECT_EQ(add_account(cloud(), "222222222222", "admin").error().code, "EntityAlreadyExists");
    EXPECT_EQ(add_account(cloud(), "12345").error().code, "ValidationError");
    EXPECT_EQ(add_account(cloud(), "333333333333", "-bad").error().code, "ValidationError");
    auto all = list_accounts(cloud());
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), 1u);  // the failed ones changed nothing
    // Listed with the root key's secret, as find_account gives it (callers act as root).
    auto one = find_account(cloud(), "111111111111");
    ASSERT_TRUE(one && *one);
    EXPECT_FALSE(all->front().root_secret_access_key.empty());
    EXPECT_EQ(all->front().root_secret_access_key, (*one)->root_secret_access_key);
}

TEST_F(SkeletonTest, UnknownKeyAndForgedTokenAreInvalid) {
    account("111111111111");
    EXPECT_EQ(error({"AKIAAAAAAAAAAAAAAAAA", {}}, "sts", "GetCallerIdentity"), "InvalidClientTokenId");
    EXPECT_EQ(error({"ASIAAAAAAAAAAAAAAAAA", "bm90IGEgdG9rZW4="}, "sts", "GetCallerIdentity"), "InvalidClientTokenId");
}

TEST_F(SkeletonTest, SessionTokenRoundTripsAndRejectsTampering) {
    Caller c;
    c.kind = CredentialKind::role_session;
    c.access_key_id = "ASIAEXAMPLE000000001";
    c.account = "111111111111";
    c.arn = "arn:aws:sts::111111111111:assumed-role/r/s";
    c.session_name = "s";
    c.mfa_present = true;
    c.expiration = clock.now() + std::chrono::hours(1);
    std::string key(32, 'k');
    std::string token = seal_session(key, c, random);
    auto back = open_session(key, token, c.access_key_id);
    ASSERT_TRUE(back) << back.error().str();
    EXPECT_EQ(back->arn, c.arn);
    EXPECT_EQ(back->mfa_present, std::optional<bool>(true));
    EXPECT_EQ(back->expiration, c.expiration);
    EXPECT_FALSE(open_session(key, token, "ASIAOTHER00000000001"));  // bound to its key id
    EXPECT_FALSE(open_session(std::string(32, 'x'), token, c.access_key_id));
    std::string tampered = token;
    tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(open_session(key, tampered, c.access_key_id));
    EXPECT_EQ(derive_session_secret(key, c.access_key_id).size(), 40u);
}

TEST_F(SkeletonTest, CreateUserThenGetUser) {
    Credentials root = account("111111111111");
    Node created = ok(root, "iam", "CreateUser", R"({"UserName":"alice","Path":"/team/","Tags":[{"Key":"k","Value":"v"}]})");
    EXPECT_EQ(text(created, "User", "Arn"), "arn:aws:iam::111111111111:user/team/alice");
    EXPECT_EQ(text(created, "User", "UserId").substr(0, 4), "AIDA");
    Node got = ok(root, "iam", "GetUser", R"({"UserName":"ALICE"})");  // names ignore case
    EXPECT_EQ(text(got, "User", "UserName"), "alice");
    EXPECT_EQ(error(root, "iam", "CreateUser", R"({"UserName":"Alice"})"), "EntityAlreadyExists");
    EXPECT_EQ(error(root, "iam", "GetUser", R"({"UserName":"bob"})"), "NoSuchEntity");
    EXPECT_EQ(error(root, "iam", "CreateUser", R"({"UserName":"a b"})"), "ValidationError");
    EXPECT_EQ(error(root, "iam", "CreateUser", R"({})"), "ValidationError");
    EXPECT_EQ(error(root, "iam", "CreateUser", R"({"UserName":"x","Path":"nope"})"), "ValidationError");
    EXPECT_EQ(error(root, "iam", "NoSuchAction"), "InvalidAction");
}

TEST_F(SkeletonTest, DispatchTableHasNoDuplicates) {
    auto ops = operations();
    for (std::size_t i = 0; i < ops.size(); ++i)
        for (std::size_t j = i + 1; j < ops.size(); ++j)
            EXPECT_FALSE(ops[i].service == ops[j].service && ops[i].action == ops[j].action) << ops[i].action;
    EXPECT_NE(find_operation("sts", "GetCallerIdentity"), nullptr);
}

}  // namespace
}  // namespace jg::cloud::testing

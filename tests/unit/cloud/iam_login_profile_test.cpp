#include "cloud/iam/login_profile.hpp"

#include <gtest/gtest.h>

#include "core/json.hpp"

namespace jg::cloud::iam {
namespace {

// Cheap scrypt so that the reuse tests stay fast (the handlers use the default cost).
const ScryptParams k_cheap{1 << 4, 8, 1};
const Time k_t0 = from_epoch_seconds(1'800'000'000);

PasswordPolicy reuse_policy(int n) {
    PasswordPolicyInput in;
    in.password_reuse_prevention = n;
    return *make_password_policy(in);
}

LoginProfile profile_of(std::string name) {
    LoginProfile p;
    p.user_name = std::move(name);
    p.create_date = k_t0;
    return p;
}

TEST(IamLoginProfile, SetPasswordHashesNeverKeepsClearText) {
    SeededRandom random(1);
    LoginProfile p = profile_of("alice");
    ASSERT_TRUE(set_password(p, "Correct-Horse-1", std::nullopt, k_t0, random, k_cheap));
    EXPECT_EQ(p.password_hash.rfind("scrypt$", 0), 0u);
    EXPECT_EQ(p.password_hash.find("Correct-Horse-1"), std::string::npos);
    EXPECT_TRUE(*password_matches(p, "Correct-Horse-1"));
    EXPECT_FALSE(*password_matches(p, "correct-horse-1"));
    const std::string stored = to_json(login_profile_to_node(p));
    EXPECT_EQ(stored.find("Correct-Horse-1"), std::string::npos);
}

TEST(IamLoginProfile, PolicyViolationLeavesProfileUnchanged) {
    SeededRandom random(2);
    LoginProfile p = profile_of("alice");
    ASSERT_TRUE(set_password(p, "Correct-Horse-1", std::nullopt, k_t0, random, k_cheap));
    const LoginProfile before = p;
    auto r = set_password(p, "short", std::nullopt, k_t0 + std::chrono::hours(1), random, k_cheap);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "PasswordPolicyViolation");
    EXPECT_EQ(p.password_hash, before.password_hash);
    EXPECT_EQ(p.password_last_changed, before.password_last_changed);
    EXPECT_TRUE(p.previous_hashes.empty());
}

TEST(IamLoginProfile, ReusePreventionCountsTheCurrentPassword) {
    SeededRandom random(3);
    const PasswordPolicy policy = reuse_policy(2);
    LoginProfile p = profile_of("bob");
    ASSERT_TRUE(set_password(p, "first-pass", policy, k_t0, random, k_cheap));
    ASSERT_TRUE(set_password(p, "second-pass", policy, k_t0, random, k_cheap));

    auto again = set_password(p, "second-pass", policy, k_t0, random, k_cheap);  // the current one
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, "PasswordPolicyViolation");
    EXPECT_EQ(again.error().message, "Password should not be one of your previous 2 passwords");
    EXPECT_FALSE(set_password(p, "first-pass", policy, k_t0, random, k_cheap));  // the one before

    ASSERT_TRUE(set_password(p, "third-pass", policy, k_t0, random, k_cheap));
    // Now "first-pass" is three back: allowed again under N = 2, refused under N = 3.
    EXPECT_FALSE(set_password(p, "first-pass", reuse_policy(3), k_t0, random, k_cheap));
    EXPECT_TRUE(set_password(p, "first-pass", policy, k_t0, random, k_cheap));
}

TEST(IamLoginProfile, WithoutReusePreventionTheSamePasswordMayBeSetAgain) {
    SeededRandom random(4);
    const PasswordPolicy policy = *make_password_policy({});
    LoginProfile p = profile_of("carol");
    ASSERT_TRUE(set_password(p, "same-pass", policy, k_t0, random, k_cheap));
    EXPECT_TRUE(set_password(p, "same-pass", policy, k_t0, random, k_cheap));
}

TEST(IamLoginProfile, HistoryIsBoundedAt24) {
    SeededRandom random(5);
    const PasswordPolicy policy = *make_password_policy({});
    LoginProfile p = profile_of("dave");
    for (int i = 0; i < 30; ++i)
        ASSERT_TRUE(set_password(p, "password-" + std::to_string(i), policy, k_t0, random, k_cheap));
    EXPECT_EQ(p.previous_hashes.size(), 24u);
    // Most recent first: the newest history entry is password-28.
    EXPECT_TRUE(*verify_password("password-28", p.previous_hashes.front()));
    EXPECT_TRUE(*verify_password("password-5", p.previous_hashes.back()));
}

TEST(IamLoginProfile, DocumentRoundTripsAndOutputIsAwsShape) {
    SeededRandom random(6);
    LoginProfile p = profile_of("erin");
    p.password_reset_required = true;
    ASSERT_TRUE(set_password(p, "Erin-pass-1", std::nullopt, k_t0 + std::chrono::minutes(5), random, k_cheap));
    ASSERT_TRUE(set_password(p, "Erin-pass-2", std::nullopt, k_t0 + std::chrono::minutes(9), random, k_cheap));

    EXPECT_EQ(to_json(login_profile_output(p)),
              R"({"UserName":"erin","CreateDate":"2027-01-15T08:00:00Z","PasswordResetRequired":true})");

    auto back = login_profile_from_node(*parse_json(to_json(login_profile_to_node(p)), "profile"));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->user_name, "erin");
    EXPECT_EQ(back->create_date, p.create_date);
    EXPECT_TRUE(back->password_reset_required);
    EXPECT_EQ(back->password_hash, p.password_hash);
    EXPECT_EQ(back->password_last_changed, k_t0 + std::chrono::minutes(9));
    EXPECT_EQ(back->previous_hashes, p.previous_hashes);
    EXPECT_TRUE(*password_matches(*back, "Erin-pass-2"));

    EXPECT_FALSE(login_profile_from_node(Node::make_array()));
    EXPECT_FALSE(login_profile_from_node(*parse_json(R"({"UserName":"x"})", "bad")));
}

TEST(IamLoginProfile, HandlersHashAtOwaspCost) {
    // OWASP's scrypt parameters (N = 2^17, r = 8, p = 1) or more: issue 15 item 8.
    EXPECT_GE(k_login_profile_scrypt.n, std::uint64_t{1} << 17);
    EXPECT_GE(k_login_profile_scrypt.r, 8u);
    EXPECT_GE(k_login_profile_scrypt.p, 1u);
    SeededRandom random(11);
    LoginProfile p = profile_of("olivia");
    ASSERT_TRUE(set_password(p, "Correct-Horse-1", std::nullopt, k_t0, random));
    EXPECT_EQ(p.password_hash.rfind("scrypt$131072$8$1$", 0), 0u) << p.password_hash;
    EXPECT_TRUE(*password_matches(p, "Correct-Horse-1"));
}

TEST(IamLoginProfile, SignInRehashesAnOlderCheaperHash) {
    SeededRandom random(12);
    LoginProfile p = profile_of("oscar");
    const ScryptParams old_cost{1 << 12, 8, 1};  // what homes before this change stored
    ASSERT_TRUE(set_password(p, "Correct-Horse-1", std::nullopt, k_t0, random, old_cost));
    ASSERT_EQ(p.password_hash.rfind("scrypt$4096$8$1$", 0), 0u);
    const ScryptParams target{1 << 13, 8, 1};
    bool upgraded = true;
    // A wrong password changes nothing.
    const std::string before = p.password_hash;
    EXPECT_FALSE(*sign_in(p, "wrong", random, upgraded, target));
    EXPECT_FALSE(upgraded);
    EXPECT_EQ(p.password_hash, before);
    // The right one signs in and moves the hash to the target cost; history untouched.
    EXPECT_TRUE(*sign_in(p, "Correct-Horse-1", random, upgraded, target));
    EXPECT_TRUE(upgraded);
    EXPECT_EQ(p.password_hash.rfind("scrypt$8192$8$1$", 0), 0u);
    EXPECT_TRUE(p.previous_hashes.empty());
    EXPECT_TRUE(*password_matches(p, "Correct-Horse-1"));
    // Already at the target: nothing to do.
    const std::string current = p.password_hash;
    EXPECT_TRUE(*sign_in(p, "Correct-Horse-1", random, upgraded, target));
    EXPECT_FALSE(upgraded);
    EXPECT_EQ(p.password_hash, current);
}

TEST(IamLoginProfile, ChangeMovesAnOldHashToTheCurrentCost) {
    SeededRandom random(13);
    LoginProfile p = profile_of("pat");
    ASSERT_TRUE(set_password(p, "Correct-Horse-1", std::nullopt, k_t0, random, {1 << 12, 8, 1}));
    ASSERT_TRUE(set_password(p, "Correct-Horse-2", reuse_policy(2), k_t0, random, {1 << 13, 8, 1}));
    EXPECT_EQ(p.password_hash.rfind("scrypt$8192$8$1$", 0), 0u);
    // The old hash still verifies in the history (reuse prevention).
    auto again = set_password(p, "Correct-Horse-1", reuse_policy(2), k_t0, random, {1 << 13, 8, 1});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, "PasswordPolicyViolation");
}

}  // namespace
}  // namespace jg::cloud::iam

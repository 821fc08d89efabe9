#include "core/ids.hpp"

#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "core/encoding.hpp"

namespace jg {
namespace {

TEST(Ids, UniqueIdsHaveAwsShapes) {
    SeededRandom random(9);
    const std::pair<IdKind, const char*> kinds[] = {
        {IdKind::user, "^AIDA[A-Z2-7]{17}$"},          {IdKind::group, "^AGPA[A-Z2-7]{17}$"},
        {IdKind::role, "^AROA[A-Z2-7]{17}$"},          {IdKind::managed_policy, "^ANPA[A-Z2-7]{17}$"},
        {IdKind::instance_profile, "^AIPA[A-Z2-7]{17}$"}, {IdKind::access_key, "^AKIA[A-Z2-7]{16}$"},
        {IdKind::temporary_key, "^ASIA[A-Z2-7]{16}$"}};
    for (const auto& [kind, pattern] : kinds) {
        const std::string id = new_unique_id(random, kind);
        EXPECT_TRUE(std::regex_match(id, std::regex(pattern))) << id;
        EXPECT_TRUE(looks_like_id(id, kind)) << id;
    }
    EXPECT_TRUE(looks_like_id("AKIAIOSFODNN7EXAMPLE", IdKind::access_key));
    EXPECT_TRUE(looks_like_id("AIDACKCEVSQ6C2EXAMPLE", IdKind::user));
    EXPECT_FALSE(looks_like_id("AIDACKCEVSQ6C2EXAMPLE", IdKind::role));
    EXPECT_FALSE(looks_like_id("AKIAIOSFODNN7EXAMPL1", IdKind::access_key));
    EXPECT_FALSE(looks_like_id("AKIAIOSFODNN7EXAMPLEX", IdKind::access_key));
}

TEST(Ids, KeyIdsCarryTheirAccountAsAwsEncodesIt) {
    // AWS's layout, checked on a published real key id and on ids made here.
    EXPECT_EQ(account_of_key_id("ASIAY34FZKBOKMUTVV7A"), "609629065308");
    SeededRandom random(3);
    for (const char* account : {"000000000000", "111111111111", "999999999999", "000000000001"}) {
        const std::string id = new_account_key_id(random, IdKind::temporary_key, account);
        EXPECT_TRUE(looks_like_id(id, IdKind::temporary_key)) << id;
        EXPECT_EQ(account_of_key_id(id), account) << id;
    }
    EXPECT_EQ(account_of_key_id("ASIA-NOT-A-KEY-ID!!!"), std::nullopt);
    EXPECT_EQ(account_of_key_id("AIDACKCEVSQ6C2EXAMPLE"), std::nullopt);
}

TEST(Ids, IdsDoNotRepeat) {
    SystemRandom random;
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) EXPECT_TRUE(seen.insert(new_unique_id(random, IdKind::user)).second);
}

TEST(Ids, SecretsAndTokens) {
    SeededRandom random(10);
    const std::string secret = new_secret_access_key(random);
    EXPECT_TRUE(std::regex_match(secret, std::regex("^[A-Za-z0-9+/]{40}$"))) << secret;
    const std::string token = new_session_token(random);
    EXPECT_EQ(token.size(), 256u);
    EXPECT_TRUE(base64_decode(token).has_value());
    EXPECT_NE(token, new_session_token(random));
}

TEST(Ids, UuidV4) {
    SeededRandom random(4);
    const std::regex shape("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    for (int i = 0; i < 50; ++i) {
        const std::string u = new_uuid(random);
        EXPECT_TRUE(std::regex_match(u, shape)) << u;
    }
    SeededRandom again(4);
    SeededRandom same(4);
    EXPECT_EQ(new_uuid(again), new_uuid(same));
}

}  // namespace
}  // namespace jg

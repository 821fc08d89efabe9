#include "core/password.hpp"

#include <gtest/gtest.h>

#include "core/strings.hpp"

namespace jg {
namespace {

// Cheap parameters keep the tests fast; the format and the code path are the same.
const ScryptParams k_fast{1 << 10, 8, 1};

TEST(Password, HashThenVerify) {
    SeededRandom random(11);
    auto stored = hash_password("correct horse battery staple", random, k_fast);
    ASSERT_TRUE(stored.has_value()) << stored.error().message;
    EXPECT_TRUE(stored->starts_with("scrypt$1024$8$1$"));
    EXPECT_EQ(split(*stored, '$').size(), 6u);
    EXPECT_EQ(stored->find("correct"), std::string::npos);
    EXPECT_TRUE(*verify_password("correct horse battery staple", *stored));
    EXPECT_FALSE(*verify_password("correct horse battery stapler", *stored));
    EXPECT_FALSE(*verify_password("", *stored));
}

TEST(Password, SaltMakesEachHashDifferent) {
    SeededRandom random(12);
    auto a = hash_password("pw", random, k_fast);
    auto b = hash_password("pw", random, k_fast);
    ASSERT_TRUE(a && b);
    EXPECT_NE(*a, *b);
    EXPECT_TRUE(*verify_password("pw", *a));
    EXPECT_TRUE(*verify_password("pw", *b));
}

TEST(Password, DefaultParametersWork) {
    SystemRandom random;
    auto stored = hash_password("Passw0rd!", random);
    ASSERT_TRUE(stored.has_value());
    EXPECT_TRUE(stored->starts_with("scrypt$131072$8$1$"));
    EXPECT_TRUE(*verify_password("Passw0rd!", *stored));
}

TEST(Password, KnownAnswerFromPythonHashlib) {
    // hashlib.scrypt(b"password", salt=b"NaCl", n=1024, r=8, p=16, dklen=64) — RFC 7914 §12.
    const std::string stored =
        "scrypt$1024$8$16$TmFDbA==$"
        "/bq+HJ00cgB4VucZDQHp/nxq18vII3gw53N2Y0s3MWIurzDZLiKjiG/xCSedmDDaxyevuUqD7m2DYMvfoswGQA==";
    EXPECT_TRUE(*verify_password("password", stored));
    EXPECT_FALSE(*verify_password("Password", stored));
}

TEST(Password, RejectsForeignOrTamperedHashes) {
    for (const char* bad :
         {"", "plain", "bcrypt$10$x$y$z$w", "scrypt$1024$8$1$c2FsdA==", "scrypt$1000$8$1$c2FsdA==$aGFzaA==",
          "scrypt$1024$8$1$!!$aGFzaGhhc2hoYXNoaGFzaA==", "scrypt$x$8$1$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==",
          "scrypt$1073741824$8$1$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA=="}) {
        auto r = verify_password("pw", bad);
        ASSERT_FALSE(r.has_value()) << bad;
        EXPECT_EQ(r.error().code, "InvalidPasswordHash") << bad;
    }
}

}  // namespace
}  // namespace jg

namespace jg {
namespace {

TEST(Password, NeedsRehashComparesStoredCostWithTarget) {
    SeededRandom random(21);
    auto cheap = hash_password("pw", random, {1 << 10, 8, 1});
    ASSERT_TRUE(cheap);
    EXPECT_TRUE(*needs_rehash(*cheap, ScryptParams{}));             // below the default (2^17)
    EXPECT_FALSE(*needs_rehash(*cheap, {1 << 10, 8, 1}));
    EXPECT_TRUE(*needs_rehash(*cheap, {1 << 10, 16, 1}));            // r counts too
    EXPECT_FALSE(*needs_rehash("scrypt$262144$8$1$c2FsdA==$aGFzaA==", ScryptParams{}));  // costlier: kept
    EXPECT_FALSE(needs_rehash("bcrypt$x", ScryptParams{}));
}

}  // namespace
}  // namespace jg

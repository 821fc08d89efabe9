// Bad input gets an error, never a crash: every decoder and parser of core fed with
// random and mutated text (run under ASan/UBSan in CI).
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "core/encoding.hpp"
#include "core/password.hpp"
#include "core/random.hpp"
#include "core/totp.hpp"

namespace jg {
namespace {

std::string mutate(Random& random, std::string s) {
    const auto edits = 1 + random.uniform(3);
    for (std::uint64_t i = 0; i < edits && !s.empty(); ++i) {
        switch (random.uniform(3)) {
            case 0: s[random.uniform(s.size())] = static_cast<char>(random.uniform(256)); break;
            case 1: s.erase(random.uniform(s.size()), 1); break;
            default: s.insert(random.uniform(s.size() + 1), 1, static_cast<char>(random.uniform(256)));
        }
    }
    return s;
}

TEST(Garbage, DecodersAndParsersReturnErrors) {
    SeededRandom random(4242);
    const std::string seeds[] = {"Zm9vYmFy", "MZXW6YTBOI======", "00ff10", "a%20b%2Bc",
                                 "2026-11-27T20:25:39.123+02:00", "20261127T202539Z",
                                 "Fri, 27 Nov 2026 20:25:39 GMT"};
    int rejected = 0;
    for (int i = 0; i < 3000; ++i) {
        const std::string s = i % 2 ? mutate(random, seeds[random.uniform(std::size(seeds))])
                                    : random.bytes(random.uniform(40));
        rejected += !base64_decode(s) + !base32_decode(s) + !hex_decode(s) + !uri_decode(s, true) +
                    !parse_iso8601(s) + !parse_amz_date(s) + !parse_http_date(s);
        // Whatever parses must format back to a parseable timestamp.
        if (auto t = parse_iso8601(s)) {
            EXPECT_TRUE(parse_iso8601(format_iso8601(*t, true)).has_value()) << s;
        }
        EXPECT_FALSE(totp_verify("key", s, from_epoch_seconds(1795811139)) && s.size() != 6);
    }
    EXPECT_GT(rejected, 3000);  // the loop really exercised the error paths
}

TEST(Garbage, PasswordHashesFromAnywhereAreRejectedCleanly) {
    SeededRandom random(7);
    const std::string valid = "scrypt$1024$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=";
    for (int i = 0; i < 300; ++i) {
        const std::string s = mutate(random, valid);
        auto r = verify_password("pw", s);
        if (r) {
            EXPECT_FALSE(*r);  // a mutated hash never matches "pw"
        } else {
            EXPECT_EQ(r.error().code, "InvalidPasswordHash") << s;
        }
    }
    // Costs beyond the ceiling are refused before any memory is allocated.
    EXPECT_FALSE(verify_password("pw", "scrypt$1048576$64$16$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==").has_value());
    EXPECT_FALSE(verify_password("pw", "scrypt$262144$16$1$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==").has_value());
}

}  // namespace
}  // namespace jg

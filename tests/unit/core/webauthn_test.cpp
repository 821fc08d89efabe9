// The WebAuthn verifier against ceremonies this test makes itself (support/
// webauthn_authenticator.hpp: a P-256 key made with OpenSSL, CBOR encoded by hand), then
// each check broken in turn.
#include "core/webauthn.hpp"

#include <gtest/gtest.h>

#include <string>

#include "../support/webauthn_authenticator.hpp"
#include "core/hash.hpp"

namespace jg::webauthn {
namespace {

using namespace testing;
constexpr unsigned char UP = k_up, UV = k_uv, AT = k_at;

class WebAuthnTest : public ::testing::Test {
protected:
    Authenticator a;
    Expectation e{std::string("\x11\x22\x33 challenge bytes \xff\xfe", 23), "http://localhost:8080", "localhost", false};

    Result<Registration> register_with(const std::string& cdj, const std::string& ad, const std::string& fmt = "none") {
        return verify_registration(cdj, attestation_object(ad, fmt), e);
    }
    Registration registered() {
        auto r = register_with(client_data("webauthn.create", e.challenge, e.origin),
                               a.auth_data(e.rp_id, UP | UV | AT, 0, a.attested()));
        EXPECT_TRUE(r) << r.error().message;
        return r ? *r : Registration{};
    }
    // An assertion: {clientDataJSON, authenticatorData, signature}.
    struct Signed {
        std::string cdj, ad, sig;
    };
    Signed assertion(std::uint32_t count, unsigned char flags = UP | UV) {
        Signed s;
        s.cdj = client_data("webauthn.get", e.challenge, e.origin);
        s.ad = a.auth_data(e.rp_id, flags, count);
        s.sig = a.sign(s.ad + sha256(s.cdj));
        return s;
    }
    static std::string message(const Result<Assertion>& r) { return r ? std::string() : r.error().message; }
    static std::string message(const Result<Registration>& r) { return r ? std::string() : r.error().message; }
};

TEST_F(WebAuthnTest, RegistrationYieldsTheCredentialAndItsKey) {
    Registration r = registered();
    EXPECT_EQ(r.credential_id, a.credential_id);
    EXPECT_EQ(r.key.alg, k_es256);
    const std::string p = a.point();
    EXPECT_EQ(r.key.x, p.substr(1, 32));
    EXPECT_EQ(r.key.y, p.substr(33, 32));
    EXPECT_EQ(r.sign_count, 0u);
    EXPECT_TRUE(r.user_verified);
    EXPECT_EQ(r.aaguid, std::string(16, '\0'));
}

TEST_F(WebAuthnTest, RegistrationRefusesWrongClientData) {
    const std::string ad = a.auth_data(e.rp_id, UP | AT, 0, a.attested());
    auto type = register_with(client_data("webauthn.get", e.challenge, e.origin), ad);
    EXPECT_NE(message(type).find("type is \"webauthn.get\""), std::string::npos) << message(type);
    auto challenge = register_with(client_data("webauthn.create", "another challenge", e.origin), ad);
    EXPECT_NE(message(challenge).find("challenge"), std::string::npos) << message(challenge);
    auto origin = register_with(client_data("webauthn.create", e.challenge, "http://evil.example:8080"), ad);
    EXPECT_NE(message(origin).find("origin is \"http://evil.example:8080\""), std::string::npos) << message(origin);
    auto cross = register_with(client_data("webauthn.create", e.challenge, e.origin, true), ad);
    EXPECT_NE(message(cross).find("cross-origin"), std::string::npos) << message(cross);
    auto garbage = register_with("not json", ad);
    EXPECT_EQ(garbage.error().code, "AccessDenied");
}

TEST_F(WebAuthnTest, RegistrationRefusesBadAuthenticatorData) {
    const std::string cdj = client_data("webauthn.create", e.challenge, e.origin);
    auto rp = register_with(cdj, a.auth_data("evil.example", UP | AT, 0, a.attested()));
    EXPECT_NE(message(rp).find("rpIdHash"), std::string::npos) << message(rp);
    auto absent = register_with(cdj, a.auth_data(e.rp_id, AT, 0, a.attested()));
    EXPECT_NE(message(absent).find("User Present"), std::string::npos) << message(absent);
    e.require_user_verification = true;
    auto unverified = register_with(cdj, a.auth_data(e.rp_id, UP | AT, 0, a.attested()));
    EXPECT_NE(message(unverified).find("User Verified"), std::string::npos) << message(unverified);
    e.require_user_verification = false;
    auto no_at = register_with(cdj, a.auth_data(e.rp_id, UP, 0));
    EXPECT_NE(message(no_at).find("AT flag"), std::string::npos) << message(no_at);
    auto rs256 = register_with(cdj, a.auth_data(e.rp_id, UP | AT, 0, a.attested(-257)));
    EXPECT_NE(message(rs256).find("only ES256"), std::string::npos) << message(rs256);
    auto trailing = register_with(cdj, a.auth_data(e.rp_id, UP | AT, 0, a.attested() + "xx"));
    EXPECT_NE(message(trailing).find("extensions flag"), std::string::npos) << message(trailing);
    auto cut = register_with(cdj, a.auth_data(e.rp_id, UP | AT, 0, a.attested().substr(0, 30)));
    EXPECT_FALSE(cut);
    auto packed = register_with(cdj, a.auth_data(e.rp_id, UP | AT, 0, a.attested()), "packed");
    EXPECT_NE(message(packed).find("\"packed\" is not supported"), std::string::npos) << message(packed);
    auto not_cbor = verify_registration(cdj, "\xff\x00", e);
    EXPECT_NE(message(not_cbor).find("not valid CBOR"), std::string::npos) << message(not_cbor);
}

TEST_F(WebAuthnTest, RegistrationRefusesAPointOffTheCurve) {
    const std::string cdj = client_data("webauthn.create", e.challenge, e.origin);
    std::string attested = a.attested();
    attested[attested.size() - 1] = static_cast<char>(attested.back() ^ 0x01);  // y's last byte
    auto r = register_with(cdj, a.auth_data(e.rp_id, UP | AT, 0, attested));
    EXPECT_NE(message(r).find("not a point of P-256"), std::string::npos) << message(r);
}

TEST_F(WebAuthnTest, AssertionVerifiesAndReturnsTheCounter) {
    Registration r = registered();
    Signed s = assertion(7);
    auto ok = verify_assertion(s.cdj, s.ad, s.sig, r.key, 0, e);
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(ok->sign_count, 7u);
    EXPECT_TRUE(ok->user_verified);
    // An authenticator without a counter sends 0 every time.
    Signed zero = assertion(0, UP);
    auto z = verify_assertion(zero.cdj, zero.ad, zero.sig, r.key, 0, e);
    ASSERT_TRUE(z) << z.error().message;
    EXPECT_FALSE(z->user_verified);
}

TEST_F(WebAuthnTest, AssertionRefusesATamperedSignature) {
    Registration r = registered();
    Signed s = assertion(1);
    std::string sig = s.sig;
    sig[sig.size() - 2] = static_cast<char>(sig[sig.size() - 2] ^ 0x40);
    EXPECT_NE(message(verify_assertion(s.cdj, s.ad, sig, r.key, 0, e)).find("signature does not verify"), std::string::npos);
    // Data changed after signing: the counter bumped by hand, the client data swapped.
    std::string ad = s.ad;
    ad[36] = static_cast<char>(ad[36] + 1);
    EXPECT_NE(message(verify_assertion(s.cdj, ad, s.sig, r.key, 0, e)).find("signature does not verify"), std::string::npos);
    const std::string other = R"({"type":"webauthn.get","challenge":")" + base64url_encode(e.challenge) +
                              R"(","origin":")" + e.origin + R"(","extra":1})";
    EXPECT_NE(message(verify_assertion(other, s.ad, s.sig, r.key, 0, e)).find("signature does not verify"), std::string::npos);
    // Signed by another key.
    Authenticator thief;
    EXPECT_FALSE(verify_assertion(s.cdj, s.ad, thief.sign(s.ad + sha256(s.cdj)), r.key, 0, e));
}

TEST_F(WebAuthnTest, AssertionRefusesAnotherChallengeOriginTypeOrRp) {
    Registration r = registered();
    auto signed_with = [&](const std::string& cdj, const std::string& rp) {
        const std::string ad = a.auth_data(rp, UP, 3);
        return verify_assertion(cdj, ad, a.sign(ad + sha256(cdj)), r.key, 0, e);
    };
    // Each correctly signed by the right key: the checks are not the signature's.
    EXPECT_TRUE(signed_with(client_data("webauthn.get", e.challenge, e.origin), e.rp_id));
    EXPECT_NE(message(signed_with(client_data("webauthn.get", "a replayed challenge", e.origin), e.rp_id)).find("challenge"),
              std::string::npos);
    EXPECT_NE(message(signed_with(client_data("webauthn.get", e.challenge, "http://localhost:9090"), e.rp_id))
                  .find("origin is \"http://localhost:9090\""),
              std::string::npos);
    EXPECT_NE(message(signed_with(client_data("webauthn.create", e.challenge, e.origin), e.rp_id)).find("type"),
              std::string::npos);
    EXPECT_NE(message(signed_with(client_data("webauthn.get", e.challenge, e.origin), "evil.example")).find("rpIdHash"),
              std::string::npos);
    // No challenge issued (expired or already used): nothing matches.
    Expectation spent = e;
    spent.challenge.clear();
    Signed s = assertion(4);
    EXPECT_FALSE(verify_assertion(s.cdj, s.ad, s.sig, r.key, 0, spent));
}

TEST_F(WebAuthnTest, AssertionRefusesACounterThatDidNotGrow) {
    Registration r = registered();
    Signed same = assertion(5);
    EXPECT_NE(message(verify_assertion(same.cdj, same.ad, same.sig, r.key, 5, e)).find("did not grow"), std::string::npos);
    Signed lower = assertion(4);
    EXPECT_NE(message(verify_assertion(lower.cdj, lower.ad, lower.sig, r.key, 5, e)).find("did not grow"),
              std::string::npos);
    Signed zero = assertion(0);
    EXPECT_FALSE(verify_assertion(zero.cdj, zero.ad, zero.sig, r.key, 5, e));
    Signed higher = assertion(6);
    EXPECT_TRUE(verify_assertion(higher.cdj, higher.ad, higher.sig, r.key, 5, e));
}

TEST_F(WebAuthnTest, AssertionRefusesMissingPresenceOrVerification) {
    Registration r = registered();
    Signed absent = assertion(1, UV);
    EXPECT_NE(message(verify_assertion(absent.cdj, absent.ad, absent.sig, r.key, 0, e)).find("User Present"),
              std::string::npos);
    e.require_user_verification = true;
    Signed unverified = assertion(2, UP);
    EXPECT_NE(message(verify_assertion(unverified.cdj, unverified.ad, unverified.sig, r.key, 0, e)).find("User Verified"),
              std::string::npos);
    const std::string short_ad = "too short";
    EXPECT_NE(message(verify_assertion(unverified.cdj, short_ad, unverified.sig, r.key, 0, e)).find("shorter than 37"),
              std::string::npos);
}

TEST_F(WebAuthnTest, EveryTruncationOrFlippedByteIsRefusedCleanly) {
    // Malformed input of every length and shape ends in an AccessDenied, never a crash
    // or a read past the buffer (the asan build runs this too).
    const std::string cdj = client_data("webauthn.create", e.challenge, e.origin);
    const std::string att = attestation_object(a.auth_data(e.rp_id, UP | AT, 0, a.attested()));
    ASSERT_TRUE(verify_registration(cdj, att, e));
    for (size_t n = 0; n < att.size(); ++n) {
        auto r = verify_registration(cdj, att.substr(0, n), e);
        ASSERT_FALSE(r) << "truncated to " << n;
        EXPECT_EQ(r.error().code, "AccessDenied");
    }
    size_t refused = 0;
    for (size_t i = 0; i < att.size(); ++i) {
        std::string bad = att;
        bad[i] = static_cast<char>(bad[i] ^ 0x5a);
        if (!verify_registration(cdj, bad, e)) ++refused;
    }
    // A flip inside the signature counter, the aaguid or the credential id is not
    // detectable without a signature (registration has none with "none" attestation);
    // any other flip is.
    EXPECT_EQ(refused, att.size() - 4 - 16 - a.credential_id.size());
    Registration r = registered();
    Signed s = assertion(9);
    for (size_t n = 0; n < s.ad.size(); ++n) EXPECT_FALSE(verify_assertion(s.cdj, s.ad.substr(0, n), s.sig, r.key, 0, e));
    for (size_t n = 0; n < s.sig.size(); ++n) EXPECT_FALSE(verify_assertion(s.cdj, s.ad, s.sig.substr(0, n), r.key, 0, e));
}

TEST(WebAuthnEncoding, Base64urlRoundTripsAndRefusesOtherAlphabets) {
    for (std::string s : {std::string(), std::string("f"), std::string("fo"), std::string("foo"),
                          std::string("\xfb\xff\xbf", 3), std::string("\x00\x01\x02\x03", 4)}) {
        auto back = base64url_decode(base64url_encode(s));
        ASSERT_TRUE(back);
        EXPECT_EQ(*back, s);
    }
    EXPECT_EQ(base64url_encode("\xfb\xff\xbf"), "-_-_");
    EXPECT_EQ(*base64url_decode("Zm8="), "fo");
    EXPECT_FALSE(base64url_decode("+/+/"));
    EXPECT_FALSE(base64url_decode("Z"));
    EXPECT_EQ(origin_host("http://localhost:8080"), "localhost");
    EXPECT_EQ(origin_host("https://console.example"), "console.example");
    EXPECT_EQ(origin_host("http://[::1]:80"), "[::1]");
    EXPECT_EQ(origin_host("nonsense"), "");
}

}  // namespace
}  // namespace jg::webauthn

// AssumeRoleWithWebIdentity in-process, with tokens signed here by OpenSSL keys made per
// test: the JWT checks (base64url, signature RS256/ES256, kid), time claims at their
// boundaries under the fake clock, audience, the trust policy's provider condition keys,
// and that the call needs no credentials while every other one still does.
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "cloud/sts/jwt.hpp"
#include "cloud/sts/oidc_keys.hpp"
#include "cloud/sts/saml_assertion.hpp"
#include "core/encoding.hpp"
#include "core/json.hpp"
#include "fixture.hpp"

namespace jg::cloud::testing {
namespace {

const std::string k_issuer = "https://token.actions.githubusercontent.com";
const std::string k_provider = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";

std::string b64url(std::string_view bytes) {
    std::string s = base64_encode(bytes);
    for (char& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
    while (!s.empty() && s.back() == '=') s.pop_back();
    return s;
}

struct Key {
    EVP_PKEY* pkey = nullptr;
    bool ec = false;
    explicit Key(bool is_ec) : pkey(is_ec ? EVP_EC_gen("P-256") : EVP_RSA_gen(2048)), ec(is_ec) {}
    ~Key() { EVP_PKEY_free(pkey); }
    Key(const Key&) = delete;
    Key& operator=(const Key&) = delete;

    std::string bn(const char* name, int pad = 0) const {
        BIGNUM* v = nullptr;
        EVP_PKEY_get_bn_param(pkey, name, &v);
        std::string out(static_cast<std::size_t>(pad ? pad : BN_num_bytes(v)), '\0');
        BN_bn2binpad(v, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size()));
        BN_free(v);
        return out;
    }
    std::string jwk(const std::string& kid) const {
        if (!ec)
            return R"({"kty":"RSA","kid":")" + kid + R"(","n":")" + b64url(bn(OSSL_PKEY_PARAM_RSA_N)) + R"(","e":")" +
                   b64url(bn(OSSL_PKEY_PARAM_RSA_E)) + R"("})";
        return R"({"kty":"EC","crv":"P-256","kid":")" + kid + R"(","x":")" + b64url(bn(OSSL_PKEY_PARAM_EC_PUB_X, 32)) +
               R"(","y":")" + b64url(bn(OSSL_PKEY_PARAM_EC_PUB_Y, 32)) + R"("})";
    }
    std::string sign(std::string_view data) const {
        EVP_MD_CTX* md = EVP_MD_CTX_new();
        std::size_t len = 0;
        EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, pkey);
        EVP_DigestSign(md, nullptr, &len, reinterpret_cast<const unsigned char*>(data.data()), data.size());
        std::string sig(len, '\0');
        EVP_DigestSign(md, reinterpret_cast<unsigned char*>(sig.data()), &len,
                       reinterpret_cast<const unsigned char*>(data.data()), data.size());
        EVP_MD_CTX_free(md);
        sig.resize(len);
        if (!ec) return sig;
        // DER → R || S, as JWS writes ES256 signatures.
        const auto* p = reinterpret_cast<const unsigned char*>(sig.data());
        ECDSA_SIG* es = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
        std::string raw(64, '\0');
        BN_bn2binpad(ECDSA_SIG_get0_r(es), reinterpret_cast<unsigned char*>(raw.data()), 32);
        BN_bn2binpad(ECDSA_SIG_get0_s(es), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
        ECDSA_SIG_free(es);
        return raw;
    }
    std::string token(const std::string& kid, const std::string& claims) const {
        std::string head = b64url(std::string(R"({"alg":")") + (ec ? "ES256" : "RS256") + R"(","kid":")" + kid + R"("})");
        std::string signed_part = head + "." + b64url(claims);
        return signed_part + "." + b64url(sign(signed_part));
    }
};

class WebIdentityTest : public CloudTest {
protected:
    void SetUp() override {
        CloudTest::SetUp();
        root = account("111111111111");
        ok(root, "iam", "CreateOpenIDConnectProvider",
           R"({"Url":")" + k_issuer + R"(","ClientIDList":["sts.amazonaws.com"]})");
        std::string jwks = R"({"keys":[)" + rsa.jwk("r1") + "," + ec.jwk("e1") + "]}";
        auto set = sts::set_issuer_keys(cloud(), k_issuer, jwks);
        ASSERT_TRUE(set) << set.error().str();
        ok(root, "iam", "CreateRole",
           R"({"RoleName":"ci","AssumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\")" +
               k_provider +
               R"(\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringEquals\":{\"token.actions.githubusercontent.com:aud\":\"sts.amazonaws.com\"},\"StringLike\":{\"token.actions.githubusercontent.com:sub\":\"repo:acme/infra:*\"}}}]}"})");
    }
    std::int64_t now() const { return epoch_seconds(clock.now()); }
    std::string claims(const std::string& sub = "repo:acme/infra:ref:refs/heads/main", std::int64_t exp_in = 300,
                       const std::string& aud = "sts.amazonaws.com", std::int64_t nbf_in = 0) const {
        return R"({"iss":")" + k_issuer + R"(","sub":")" + sub + R"(","aud":")" + aud + R"(","exp":)" +
               std::to_string(now() + exp_in) + R"(,"nbf":)" + std::to_string(now() + nbf_in) + R"(,"iat":)" +
               std::to_string(now()) + "}";
    }
    std::string input(const std::string& token) const {
        return R"({"RoleArn":"arn:aws:iam::111111111111:role/ci","RoleSessionName":"run-1","WebIdentityToken":")" + token +
               R"("})";
    }
    Error refused(const std::string& token) { return error_of(Credentials{}, "sts", "AssumeRoleWithWebIdentity", input(token)); }

    Key rsa{false}, ec{true};
    Credentials root;
};

TEST_F(WebIdentityTest, UnsignedCallGivesTheRoleSession) {
    Node out = ok(Credentials{}, "sts", "AssumeRoleWithWebIdentity", input(rsa.token("r1", claims())));
    EXPECT_EQ(text(out, "AssumedRoleUser", "Arn"), "arn:aws:sts::111111111111:assumed-role/ci/run-1");
    EXPECT_EQ(text(out, "SubjectFromWebIdentityToken"), "repo:acme/infra:ref:refs/heads/main");
    EXPECT_EQ(text(out, "Provider"), k_provider);
    EXPECT_EQ(text(out, "Audience"), "sts.amazonaws.com");
    Credentials session{text(out, "Credentials", "AccessKeyId"), text(out, "Credentials", "SessionToken")};
    EXPECT_EQ(text(ok(session, "sts", "GetCallerIdentity"), "Arn"), "arn:aws:sts::111111111111:assumed-role/ci/run-1");
    // ES256 with the EC key.
    ok(Credentials{}, "sts", "AssumeRoleWithWebIdentity", input(ec.token("e1", claims())));
    // No other call is served without credentials.
    EXPECT_EQ(error(Credentials{}, "sts", "GetCallerIdentity"), "MissingAuthenticationToken");
    EXPECT_EQ(error(Credentials{}, "iam", "ListRoles"), "MissingAuthenticationToken");
}

TEST_F(WebIdentityTest, TrustPolicyDecidesOnSub) {
    Error e = refused(rsa.token("r1", claims("repo:evil/infra:ref:refs/heads/main")));
    EXPECT_EQ(e.code, "AccessDenied");
    EXPECT_EQ(e.message, "Not authorized to perform sts:AssumeRoleWithWebIdentity");
}

TEST_F(WebIdentityTest, TimeClaimsAtTheirBoundaries) {
    EXPECT_EQ(refused(rsa.token("r1", claims("repo:acme/infra:x", 0))).code, "ExpiredTokenException");  // exp == now
    ok(Credentials{}, "sts", "AssumeRoleWithWebIdentity", input(rsa.token("r1", claims("repo:acme/infra:x", 1))));
    // nbf: five minutes of skew tolerated, not more.
    ok(Credentials{}, "sts", "AssumeRoleWithWebIdentity", input(rsa.token("r1", claims("repo:acme/infra:x", 900, "sts.amazonaws.com", 300))));
    EXPECT_EQ(refused(rsa.token("r1", claims("repo:acme/infra:x", 900, "sts.amazonaws.com", 301))).code,
              "InvalidIdentityToken");
}

TEST_F(WebIdentityTest, TokenChecks) {
    EXPECT_EQ(refused(rsa.token("r1", claims("repo:acme/infra:x", 300, "other"))).message, "Incorrect token audience");
    Key forger(false);
    EXPECT_EQ(refused(forger.token("r1", claims())).code, "InvalidIdentityToken");
    // A key of the other type under the token's kid.
    EXPECT_EQ(refused(ec.token("r1", claims())).code, "InvalidIdentityToken");
    EXPECT_EQ(refused(rsa.token("nope", claims())).code, "InvalidIdentityToken");
    EXPECT_EQ(refused("abc.def").code, "InvalidIdentityToken");  // two parts, not three
    EXPECT_EQ(refused("a.b").code, "ValidationError");          // under the 4 characters of the model
    // alg none is never accepted.
    std::string none = b64url(R"({"alg":"none"})") + "." + b64url(claims()) + ".";
    EXPECT_EQ(refused(none).code, "InvalidIdentityToken");
    // A provider deleted: its issuer is unknown.
    ok(root, "iam", "DeleteOpenIDConnectProvider", R"({"OpenIDConnectProviderArn":")" + k_provider + R"("})");
    EXPECT_EQ(refused(rsa.token("r1", claims())).message,
              "No OpenIDConnect provider found in your account for " + k_issuer);
}

TEST(Jwt, Base64UrlAndParsing) {
    EXPECT_EQ(*sts::base64url_decode("aGk"), "hi");
    EXPECT_FALSE(sts::base64url_decode("aGk="));  // padding is not base64url
    EXPECT_FALSE(sts::base64url_decode("a+b/"));
    EXPECT_FALSE(sts::parse_jwt("onlyone"));
    EXPECT_FALSE(sts::parse_jwt(b64url("[]") + "." + b64url("{}") + ".x"));  // header not an object
    auto jwt = sts::parse_jwt(b64url(R"({"alg":"RS256"})") + "." + b64url(R"({"sub":"s"})") + ".c2ln");
    ASSERT_TRUE(jwt);
    EXPECT_EQ(jwt->signature, "sig");
    EXPECT_FALSE(sts::check_jwks(R"({"keys":[{"kty":"oct","k":"AA"}]})"));
}

// Exclusive XML Canonicalization as SAML signatures need it: only the namespaces the
// element visibly uses, once; attributes by namespace URI then name; escapes; the
// enveloped signature left out.
TEST(SamlC14n, ExclusiveCanonicalForm) {
    const std::string xml =
        R"(<a:root xmlns:a="urn:a" xmlns:b="urn:b" xmlns:unused="urn:u"><a:child ID="x" b:attr="1" z="2" a="3">)"
        R"(<b:inner/>text &amp; "more"<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/></a:child></a:root>)";
    auto c = sts::exclusive_c14n_of(xml, "x");
    ASSERT_TRUE(c) << c.error().str();
    EXPECT_EQ(*c, R"(<a:child xmlns:a="urn:a" xmlns:b="urn:b" ID="x" a="3" z="2" b:attr="1"><b:inner></b:inner>)"
                  R"(text &amp; "more"</a:child>)");
    // A default namespace is declared where used and undone with xmlns="" below it.
    auto d = sts::exclusive_c14n_of(R"(<r xmlns="urn:d" ID="y"><e xmlns=""><f a="&#9;"/></e></r>)", "y");
    ASSERT_TRUE(d) << d.error().str();
    EXPECT_EQ(*d, R"(<r xmlns="urn:d" ID="y"><e xmlns=""><f a="&#x9;"></f></e></r>)");
}

}  // namespace
}  // namespace jg::cloud::testing

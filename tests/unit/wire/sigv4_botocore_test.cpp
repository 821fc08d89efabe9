// Differential test against botocore: a Python script signs a corpus of IAM, STS,
// CloudFormation and S3 requests (header and presigned) with botocore's signers at test
// time. Every request must verify here, fail with the wrong secret or a tampered body,
// and our signer must produce botocore's signature for the same headers.
#include <array>
#include <cstdio>
#include <memory>

#include <gtest/gtest.h>

#include "core/encoding.hpp"
#include "core/hash.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"
#include "wire/sigv4.hpp"

namespace jg::wire {
namespace {

struct Case {
    std::string name, service, region, body;
    Credentials credentials;
    SignableRequest request;
    bool presigned = false;
    std::int64_t expires = 0;
};

std::string run(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) return {};
    std::string out;
    std::array<char, 4096> buf{};
    size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), pipe.get())) > 0) out.append(buf.data(), n);
    return out;
}

std::string text(const Node& object, std::string_view key) {
    const Node* n = object.find(key);
    return n ? n->text : std::string();
}

std::vector<Case> load_corpus() {
    const std::string script =
        std::string(JUMPGATE_SOURCE_DIR) + "/tests/unit/wire/botocore_sigv4_corpus.py";
    auto doc = parse_json(run("python3 " + script));
    if (!doc) {
        ADD_FAILURE() << "corpus is not JSON (is botocore installed?): " << doc.error().str();
        return {};
    }
    std::vector<Case> cases;
    for (const Node& c : doc->items) {
        Case out;
        out.name = text(c, "name");
        out.service = text(c, "service");
        out.region = text(c, "region");
        out.body = base64_decode(text(c, "body_base64")).value_or("<bad base64>");
        out.credentials = {text(c, "access_key_id"), text(c, "secret_access_key"), text(c, "session_token")};
        out.request.method = text(c, "method");
        out.request.path = text(c, "path");
        out.request.query = text(c, "query");
        for (const Node& h : c.find("headers")->items)
            out.request.headers.push_back({h.items.at(0).text, h.items.at(1).text});
        out.presigned = text(c, "presigned") == "true";
        out.expires = std::stoll(text(c, "expires"));
        cases.push_back(std::move(out));
    }
    return cases;
}

const std::vector<Case>& corpus() {
    static const std::vector<Case> cases = load_corpus();
    return cases;
}

const Time k_now = *parse_iso8601("2026-11-27T20:25:39Z");

TEST(SigV4Botocore, CorpusIsComplete) {
    // One case per scenario of botocore_sigv4_corpus.py; a silent Python failure must not
    // pass as an empty loop.
    ASSERT_EQ(corpus().size(), 14u);
}

TEST(SigV4Botocore, EveryBotocoreRequestVerifies) {
    for (const Case& c : corpus()) {
        SCOPED_TRACE(c.name);
        auto claim = parse_signature(c.request);
        ASSERT_TRUE(claim.has_value()) << claim.error().message;
        EXPECT_EQ(claim->presigned, c.presigned);
        EXPECT_EQ(claim->access_key_id, c.credentials.access_key_id);
        EXPECT_EQ(claim->session_token, c.credentials.session_token);
        EXPECT_EQ(claim->scope.region, c.region);
        EXPECT_EQ(claim->scope.service, c.service);
        EXPECT_EQ(claim->time, k_now);
        EXPECT_TRUE(check_request_time(*claim, k_now + std::chrono::seconds(30)));
        const std::string payload = signed_payload_hash(c.request, *claim, c.body);
        auto ok = verify_signature(c.request, *claim, c.credentials.secret_access_key, payload);
        EXPECT_TRUE(ok.has_value()) << (ok ? "" : ok.error().message);

        auto wrong = verify_signature(c.request, *claim, c.credentials.secret_access_key + "x", payload);
        ASSERT_FALSE(wrong.has_value());
        EXPECT_EQ(wrong.error().code, "SignatureDoesNotMatch");
        // The body is covered by the signature wherever its hash is computed from it (not
        // when x-amz-content-sha256 carries it: the server checks that header separately).
        if (!c.request.header("x-amz-content-sha256") && payload == sha256_hex(c.body)) {
            EXPECT_FALSE(verify_signature(c.request, *claim, c.credentials.secret_access_key,
                                          signed_payload_hash(c.request, *claim, c.body + " ")));
        }
        // So is the path.
        SignableRequest moved = c.request;
        moved.path += "x";
        EXPECT_FALSE(verify_signature(moved, *claim, c.credentials.secret_access_key, payload));
    }
}

TEST(SigV4Botocore, OurSignerMatchesBotocore) {
    int compared = 0;
    for (const Case& c : corpus()) {
        SCOPED_TRACE(c.name);
        auto claim = parse_signature(c.request);
        ASSERT_TRUE(claim.has_value());
        // botocore's Date is written "-0000" (email.utils); ours is the IMF-fixdate "GMT", so
        // the signed Date header differs by design. Verification of that case is above.
        if (c.request.header("date")) continue;
        // Start from the headers botocore signed, without what signing adds.
        SignableRequest fresh{c.request.method, c.request.path, "", {}};
        for (const auto& h : c.request.headers) {
            const std::string lower = to_lower(h.name);
            if (lower == "authorization" || lower == "x-amz-date" || lower == "x-amz-security-token")
                continue;
            if (c.service == "s3" && lower == "x-amz-content-sha256") continue;
            if (std::find(claim->signed_headers.begin(), claim->signed_headers.end(), lower) !=
                claim->signed_headers.end())
                fresh.headers.push_back(h);
        }
        const std::string payload = signed_payload_hash(c.request, *claim, c.body);
        SignOptions options{c.region, c.service, k_now, payload};
        if (c.presigned) {
            // The operation's own parameters come first, then the presigning ones.
            std::vector<std::string> own;
            for (const auto& piece : split(c.request.query, '&'))
                if (!piece.starts_with("X-Amz-")) own.push_back(piece);
            fresh.query = join(own, "&");
            ASSERT_TRUE(presign_request(fresh, c.credentials, options, c.expires));
            EXPECT_EQ(fresh.query, c.request.query);
        } else {
            fresh.query = c.request.query;
            ASSERT_TRUE(sign_request(fresh, c.credentials, options));
            EXPECT_EQ(fresh.header("authorization"), c.request.header("authorization"));
        }
        ++compared;
    }
    EXPECT_EQ(compared, 13);
}

}  // namespace
}  // namespace jg::wire

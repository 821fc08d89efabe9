#include "wire/aws_chunked.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

#include "core/hash.hpp"
#include "core/strings.hpp"

namespace jg::wire {

namespace {

constexpr std::string_view k_crlf = "\r\n";
constexpr std::string_view k_signature_attr = "chunk-signature=";
constexpr std::string_view k_trailer_signature = "x-amz-trailer-signature";
// A chunk size line is short; anything longer is not aws-chunked.
constexpr std::size_t k_max_line = 4096;

// Reads one CRLF-terminated line at `pos`, advancing past it.
Result<std::string_view> read_line(std::string_view body, std::size_t& pos) {
    const std::size_t end = body.find(k_crlf, pos);
    if (end == std::string_view::npos) {
        if (body.size() - pos > k_max_line)
            return fail("InvalidRequest", "aws-chunked line longer than " + std::to_string(k_max_line) + " bytes");
        return fail("IncompleteBody", "the aws-chunked body ended inside a chunk header");
    }
    if (end - pos > k_max_line)
        return fail("InvalidRequest", "aws-chunked line longer than " + std::to_string(k_max_line) + " bytes");
    std::string_view line = body.substr(pos, end - pos);
    pos = end + k_crlf.size();
    return line;
}

std::string hex_size(std::size_t n) {
    char buf[20];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n, 16);
    return std::string(buf, end);
}

Unexpected signature_mismatch() {
    return fail("SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your key and "
                "signing method.");
}

}  // namespace

std::string trailer_signature(std::string_view signing_key, std::string_view amz_date, const CredentialScope& scope,
                              std::string_view previous_signature, const std::vector<Header>& trailers) {
    std::vector<std::pair<std::string, std::string>> canonical;
    canonical.reserve(trailers.size());
    for (const auto& t : trailers) canonical.emplace_back(to_lower(t.name), trim(t.value));
    std::sort(canonical.begin(), canonical.end());
    std::string block;
    for (const auto& [name, value] : canonical) block += name + ":" + value + "\n";
    const std::string sts = "AWS4-HMAC-SHA256-TRAILER\n" + std::string(amz_date) + "\n" + scope.str() + "\n" +
                            std::string(previous_signature) + "\n" + sha256_hex(block);
    return signature_hex(signing_key, sts);
}

Result<DecodedBody> decode_aws_chunked(std::string_view body, const ChunkSigning* signing,
                                       std::size_t max_payload) {
    DecodedBody out;
    std::string previous = signing ? signing->seed_signature : std::string();
    std::size_t pos = 0;
    for (;;) {
        // "<hex size>[;chunk-signature=<hex>]"
        auto line = read_line(body, pos);
        if (!line) return Unexpected(line.error());
        const std::size_t semi = line->find(';');
        const std::string_view size_text = line->substr(0, semi);
        std::size_t size = 0;
        const auto [end, ec] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
        if (size_text.empty() || ec != std::errc{} || end != size_text.data() + size_text.size())
            return fail("InvalidRequest", "invalid aws-chunked chunk size '" + std::string(size_text) + "'");
        if (size > max_payload - out.payload.size())
            return fail("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
        if (size > 0 && (body.size() - pos < size || body.size() - pos - size < k_crlf.size()))
            return fail("IncompleteBody", "the aws-chunked body ended inside a chunk");
        const std::string_view data = body.substr(pos, size);

        if (signing) {
            const std::string_view attrs = semi == std::string_view::npos ? "" : line->substr(semi + 1);
            if (!attrs.starts_with(k_signature_attr))
                return fail("IncompleteSignature", "aws-chunked chunk without a chunk-signature");
            const std::string_view claimed = attrs.substr(k_signature_attr.size());
            const std::string expected =
                chunk_signature(signing->signing_key, signing->amz_date, signing->scope, previous, data);
            if (!constant_time_equals(expected, claimed)) return signature_mismatch();
            previous = expected;
        }
        pos += size;
        if (size == 0) break;
        if (body.substr(pos, k_crlf.size()) != k_crlf)
            return fail("InvalidRequest", "aws-chunked chunk data is not followed by CRLF");
        pos += k_crlf.size();
        out.payload.append(data);
    }
    // After the final chunk: trailing headers (the signed mode ends them with their
    // signature, chained from the final chunk's), then an empty line.
    std::optional<std::string> claimed_trailer_signature;
    for (;;) {
        auto line = read_line(body, pos);
        if (!line) return Unexpected(line.error());
        if (line->empty()) break;
        if (signing && !signing->trailer)
            return fail("InvalidRequest", "trailing headers after aws-chunked data signed without a trailer "
                                          "(STREAMING-AWS4-HMAC-SHA256-PAYLOAD) are not accepted");
        const std::size_t colon = line->find(':');
        if (colon == std::string_view::npos || colon == 0)
            return fail("InvalidRequest", "malformed aws-chunked trailer '" + std::string(*line) + "'");
        Header trailer{std::string(line->substr(0, colon)), trim(line->substr(colon + 1))};
        if (signing && claimed_trailer_signature)
            return fail("InvalidRequest", "aws-chunked trailer '" + trailer.name + "' after x-amz-trailer-signature");
        if (signing && iequals(trailer.name, k_trailer_signature)) {
            claimed_trailer_signature = std::move(trailer.value);
            continue;
        }
        out.trailers.push_back(std::move(trailer));
    }
    if (pos != body.size()) return fail("InvalidRequest", "data after the end of the aws-chunked body");
    if (signing && (claimed_trailer_signature || !out.trailers.empty())) {
        // Trailers without their signature are as unsigned as ones with a wrong one.
        if (!claimed_trailer_signature) return signature_mismatch();
        const std::string expected =
            trailer_signature(signing->signing_key, signing->amz_date, signing->scope, previous, out.trailers);
        if (!constant_time_equals(expected, *claimed_trailer_signature)) return signature_mismatch();
    }
    return out;
}

std::string encode_aws_chunked_signed(std::string_view payload, std::size_t chunk_size,
                                      const ChunkSigning& signing, const std::vector<Header>& trailers) {
    std::string out;
    if (chunk_size == 0) chunk_size = payload.size() + 1;
    std::string previous = signing.seed_signature;
    std::size_t pos = 0;
    for (;;) {
        const std::string_view data = payload.substr(pos, chunk_size);
        previous = chunk_signature(signing.signing_key, signing.amz_date, signing.scope, previous, data);
        out += hex_size(data.size()) + ";chunk-signature=" + previous + "\r\n";
        if (data.empty()) break;
        out.append(data);
        out += "\r\n";
        pos += data.size();
    }
    if (!trailers.empty()) {
        for (const auto& t : trailers) out += t.name + ":" + t.value + "\r\n";
        out += std::string(k_trailer_signature) + ":" +
               trailer_signature(signing.signing_key, signing.amz_date, signing.scope, previous, trailers) + "\r\n";
    }
    out += "\r\n";
    return out;
}

std::string encode_aws_chunked_unsigned(std::string_view payload, std::size_t chunk_size,
                                        const std::vector<Header>& trailers) {
    std::string out;
    if (chunk_size == 0) chunk_size = payload.size() + 1;
    for (std::size_t pos = 0; pos < payload.size(); pos += chunk_size) {
        const std::string_view data = payload.substr(pos, chunk_size);
        out += hex_size(data.size()) + "\r\n";
        out.append(data);
        out += "\r\n";
    }
    out += "0\r\n";
    for (const auto& t : trailers) out += t.name + ":" + t.value + "\r\n";
    out += "\r\n";
    return out;
}

}  // namespace jg::wire

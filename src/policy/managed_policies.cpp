#include "policy/managed_policies.hpp"

#include <cstdint>
#include <cstring>

#include "policy/embedded_blob.hpp"

// Layout written by tools/gen_managed_policies.mjs: "JGMP", u32 version, u32 count, then
// `count` entries {arn_offset, arn_length, doc_offset, doc_length, meta_offset, meta_length}
// sorted by ARN, then the strings (meta: "vN<TAB>created<TAB>updated"). All integers
// little-endian; offsets from the start of the blob.
JG_EMBED_BLOB(jg_managed_policies, JG_MANAGED_POLICIES_BLOB);

namespace jg::policy {
namespace {

constexpr std::uint32_t k_format_version = 2;
constexpr std::size_t k_header_size = 12;
constexpr std::size_t k_entry_size = 24;

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the blob is little-endian");

class Blob {
public:
    Blob() : m_bytes(embedded_bytes(jg_managed_policies_begin, jg_managed_policies_end)) {
        // A blob that fails these checks is a build defect, not bad input: refuse to read it.
        bool ok = m_bytes.size() >= k_header_size && m_bytes.substr(0, 4) == "JGMP" &&
                  u32(4) == k_format_version;
        m_count = ok ? u32(8) : 0;
        if (ok && k_header_size + m_count * k_entry_size > m_bytes.size()) m_count = 0;
    }

    std::size_t size() const { return m_count; }
    std::string_view arn(std::size_t i) const { return field(i, 0); }
    std::string_view document(std::size_t i) const { return field(i, 8); }
    std::string_view meta(std::size_t i) const { return field(i, 16); }

    // Index of `arn` by binary search (touches about log2(n) entries), or nullopt.
    std::optional<std::size_t> find(std::string_view arn) const {
        std::size_t lo = 0, hi = size();
        while (lo < hi) {
            std::size_t mid = lo + (hi - lo) / 2;
            int c = this->arn(mid).compare(arn);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid;
        }
        return std::nullopt;
    }

private:
    std::uint32_t u32(std::size_t at) const {
        std::uint32_t v;
        std::memcpy(&v, m_bytes.data() + at, sizeof v);
        return v;
    }
    // The string whose offset and length are at `slot` of entry i; empty when out of range.
    std::string_view field(std::size_t i, std::size_t slot) const {
        std::size_t at = k_header_size + i * k_entry_size + slot;
        std::size_t offset = u32(at), length = u32(at + 4);
        if (offset > m_bytes.size() || length > m_bytes.size() - offset) return {};
        return m_bytes.substr(offset, length);
    }

    std::string_view m_bytes;
    std::size_t m_count = 0;
};

const Blob& blob() {
    static const Blob instance;
    return instance;
}

}  // namespace

std::optional<std::string> aws_managed_policy_document(std::string_view arn) {
    const Blob& b = blob();
    auto i = b.find(arn);
    if (!i) return std::nullopt;
    return std::string(b.document(*i));
}

std::optional<AwsManagedPolicyInfo> aws_managed_policy_info(std::string_view arn) {
    const Blob& b = blob();
    auto i = b.find(arn);
    if (!i) return std::nullopt;
    std::string_view meta = b.meta(*i);
    auto tab1 = meta.find('\t');
    auto tab2 = tab1 == std::string_view::npos ? tab1 : meta.find('\t', tab1 + 1);
    if (tab2 == std::string_view::npos) return std::nullopt;  // a build defect: no meta line
    return AwsManagedPolicyInfo{std::string(meta.substr(0, tab1)), std::string(meta.substr(tab1 + 1, tab2 - tab1 - 1)),
                                std::string(meta.substr(tab2 + 1))};
}

std::vector<std::string> aws_managed_policy_arns() {
    const Blob& b = blob();
    std::vector<std::string> out;
    out.reserve(b.size());
    for (std::size_t i = 0; i < b.size(); ++i) out.emplace_back(b.arn(i));
    return out;
}

}  // namespace jg::policy

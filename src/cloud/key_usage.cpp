#include "cloud/key_usage.hpp"

#include <chrono>

#include "cloud/iam/keys.hpp"

namespace jg::cloud {

namespace {
constexpr std::chrono::minutes k_refresh{1};
}

std::string usage_region(std::string_view service, std::string_view requested_region) {
    if (service == "iam") return "us-east-1";
    return std::string(requested_region);
}

Result<void> KeyUsage::record(store::Store& store, std::string_view access_key_id, std::string_view service,
                              std::string_view region, Time now) {
    {
        std::lock_guard lock(m_mutex);
        auto it = m_last.find(std::string(access_key_id));
        if (it != m_last.end() && now - it->second.at < k_refresh && it->second.service == service &&
            it->second.region == region)
            return {};
        m_last[std::string(access_key_id)] = Last{now, std::string(service), std::string(region)};
    }
    // Another process (each CLI command is one) may have recorded it within the minute:
    // a read then spares a write transaction.
    auto fresh = store.read([&](store::Reader& r) -> Result<bool> {
        auto key = iam::get_doc(r, "", iam::k_access_key, access_key_id);
        if (!key) return Unexpected(key.error());
        if (!*key || iam::member(**key, "LastUsedService") != service || iam::member(**key, "LastUsedRegion") != region)
            return false;
        auto at = parse_iso8601(iam::member(**key, "LastUsedDate"));
        return at && now >= *at && now - *at < k_refresh;
    });
    if (!fresh) return Unexpected(fresh.error());
    if (*fresh) return {};
    auto written = store.write([&](store::Tx& tx) -> Result<bool> {
        auto key = iam::get_doc(tx, "", iam::k_access_key, access_key_id);
        if (!key) return Unexpected(key.error());
        if (!*key) return false;  // deleted by the request itself
        Node doc = std::move(**key);
        auto set = [&](std::string_view name, std::string value) {
            if (Node* m = doc.find(name)) *m = Node::make_string(std::move(value));
            else doc.add(std::string(name), Node::make_string(std::move(value)));
        };
        set("LastUsedDate", format_iso8601(now));
        set("LastUsedService", std::string(service));
        set("LastUsedRegion", std::string(region));
        if (auto ok = iam::put_doc(tx, "", iam::k_access_key, access_key_id, doc); !ok) return Unexpected(ok.error());
        return true;
    });
    if (!written) return Unexpected(written.error());
    return {};
}

}  // namespace jg::cloud

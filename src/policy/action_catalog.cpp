#include "policy/action_catalog.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "core/strings.hpp"
#include "policy/embedded_blob.hpp"

// Text written by tools/gen_action_catalog.mjs (format described there).
JG_EMBED_BLOB(jg_action_catalog, JG_ACTION_CATALOG_BLOB);

namespace jg::policy {
namespace {

// Case-insensitive ordering of ASCII names, the order the generator sorts by.
int icompare(std::string_view a, std::string_view b) {
    std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        unsigned char x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
        if (x >= 'A' && x <= 'Z') x = static_cast<unsigned char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<unsigned char>(y - 'A' + 'a');
        if (x != y) return x < y ? -1 : 1;
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

template <class T, class Key>
const T* binary_find(const std::vector<T>& items, std::string_view name, Key key) {
    auto it = std::lower_bound(items.begin(), items.end(), name,
                               [&](const T& item, std::string_view n) { return icompare(key(item), n) < 0; });
    return it != items.end() && icompare(key(*it), name) == 0 ? &*it : nullptr;
}

std::vector<std::string_view> split_view(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    if (s.empty()) return out;
    std::size_t start = 0;
    for (std::size_t pos; (pos = s.find(sep, start)) != std::string_view::npos; start = pos + 1)
        out.push_back(s.substr(start, pos - start));
    out.push_back(s.substr(start));
    return out;
}

AccessLevel parse_access_level(std::string_view text) {
    std::string_view first = text.substr(0, text.find(','));
    if (first == "List") return AccessLevel::list;
    if (first == "Read") return AccessLevel::read;
    if (first == "Permissions management") return AccessLevel::permissions_management;
    if (first == "Tagging") return AccessLevel::tagging;
    return AccessLevel::write;
}

// A catalog key with a placeholder ("aws:RequestTag/${TagKey}", "aws:PrincipalTag/tag-key",
// "s3:ExistingObjectTag/<key>") as a wildcard pattern; empty when the key has none.
std::string placeholder_pattern(std::string_view key) {
    std::string out;
    bool any = false;
    for (std::size_t i = 0; i < key.size(); ++i) {
        char open = key[i];
        char close = open == '$' ? '}' : open == '<' ? '>' : '\0';
        std::size_t end = close ? key.find(close, i) : std::string_view::npos;
        if (end != std::string_view::npos && (open == '<' || (i + 1 < key.size() && key[i + 1] == '{'))) {
            out += '*';
            any = true;
            i = end;
        } else {
            out += key[i];
        }
    }
    if (!any && key.size() > 8 && key.substr(key.size() - 8) == "/tag-key") {
        out = std::string(key.substr(0, key.size() - 7)) + "*";
        any = true;
    }
    return any ? out : std::string();
}

// Exact (case-insensitive) match in a sorted key list, else the first placeholder key
// whose pattern matches.
const ConditionKeyInfo* find_key(const std::vector<ConditionKeyInfo>& keys, std::string_view key) {
    if (const auto* exact = binary_find(keys, key, [](const ConditionKeyInfo& k) { return k.key; }))
        return exact;
    for (const auto& k : keys) {
        std::string pattern = placeholder_pattern(k.key);
        if (!pattern.empty() && wildcard_match(pattern, key, true)) return &k;
    }
    return nullptr;
}

}  // namespace

std::string ActionInfo::full_name() const {
    std::string out(service);
    out += ':';
    out += name;
    return out;
}

const ActionCatalog& ActionCatalog::instance() {
    static const ActionCatalog catalog;
    return catalog;
}

ActionCatalog::ActionCatalog() {
    std::string_view text = embedded_bytes(jg_action_catalog_begin, jg_action_catalog_end);
    // Lines of tab-separated fields; the generator guarantees the shape, so a malformed
    // line (a build defect) is skipped rather than trusted.
    for (std::string_view line : split_view(text, '\n')) {
        auto f = split_view(line, '\t');
        if (f.empty() || f[0].size() != 1) continue;
        char kind = f[0][0];
        if (kind == 'G' && f.size() == 3) {
            if (auto type = parse_condition_key_type(f[2])) m_global_keys.push_back({f[1], *type});
        } else if (kind == 'S' && f.size() == 3) {
            m_services.push_back(ServiceInfo{f[1], f[2], {}, {}, {}});
        } else if (m_services.empty()) {
            continue;
        } else if (kind == 'A' && f.size() == 5) {
            ActionInfo a;
            a.service = m_services.back().prefix;
            a.name = f[1];
            a.access_text = f[2];
            a.access = parse_access_level(f[2]);
            for (std::string_view r : split_view(f[3], ',')) {
                bool required = !r.empty() && r.back() == '*';
                a.resource_types.push_back({required ? r.substr(0, r.size() - 1) : r, required});
            }
            a.condition_keys = split_view(f[4], ',');
            m_services.back().actions.push_back(std::move(a));
            ++m_action_count;
        } else if (kind == 'R' && f.size() == 3) {
            m_services.back().resource_types.push_back({f[1], f[2]});
        } else if (kind == 'K' && f.size() == 3) {
            if (auto type = parse_condition_key_type(f[2]))
                m_services.back().condition_keys.push_back({f[1], *type});
        }
    }
}

const ServiceInfo* ActionCatalog::find_service(std::string_view prefix) const {
    return binary_find(m_services, prefix, [](const ServiceInfo& s) { return s.prefix; });
}

const ActionInfo* ActionCatalog::find_action(std::string_view service, std::string_view action) const {
    const ServiceInfo* s = find_service(service);
    return s ? binary_find(s->actions, action, [](const ActionInfo& a) { return a.name; }) : nullptr;
}

const ActionInfo* ActionCatalog::find_action(std::string_view qualified) const {
    std::size_t colon = qualified.find(':');
    if (colon == std::string_view::npos) return nullptr;
    return find_action(qualified.substr(0, colon), qualified.substr(colon + 1));
}

std::vector<const ActionInfo*> ActionCatalog::expand(std::string_view pattern) const {
    std::vector<const ActionInfo*> out;
    std::string_view service_pattern = "*", action_pattern = "*";
    if (pattern != "*") {
        std::size_t colon = pattern.find(':');
        if (colon == std::string_view::npos) return out;
        service_pattern = pattern.substr(0, colon);
        action_pattern = pattern.substr(colon + 1);
    }
    bool service_wild = service_pattern.find_first_of("*?") != std::string_view::npos;
    bool action_wild = action_pattern.find_first_of("*?") != std::string_view::npos;
    for (const ServiceInfo& s : m_services) {
        if (service_wild ? !wildcard_match(service_pattern, s.prefix, true) : !iequals(service_pattern, s.prefix))
            continue;
        if (!action_wild) {
            if (const ActionInfo* a = find_action(s.prefix, action_pattern)) out.push_back(a);
            continue;
        }
        for (const ActionInfo& a : s.actions)
            if (wildcard_match(action_pattern, a.name, true)) out.push_back(&a);
    }
    return out;
}

const ConditionKeyInfo* ActionCatalog::find_global_condition_key(std::string_view key) const {
    return find_key(m_global_keys, key);
}

const ConditionKeyInfo* ActionCatalog::find_condition_key(std::string_view key) const {
    if (const ConditionKeyInfo* global = find_global_condition_key(key)) return global;
    std::size_t colon = key.find(':');
    if (colon == std::string_view::npos) return nullptr;
    const ServiceInfo* s = find_service(key.substr(0, colon));
    return s ? find_key(s->condition_keys, key) : nullptr;
}

namespace {
constexpr std::array<std::pair<ConditionKeyType, std::string_view>, 14> k_type_names{{
    {ConditionKeyType::string, "String"},
    {ConditionKeyType::arn, "ARN"},
    {ConditionKeyType::numeric, "Numeric"},
    {ConditionKeyType::date, "Date"},
    {ConditionKeyType::boolean, "Bool"},
    {ConditionKeyType::ip_address, "IPAddress"},
    {ConditionKeyType::binary, "Binary"},
    {ConditionKeyType::array_of_string, "ArrayOfString"},
    {ConditionKeyType::array_of_arn, "ArrayOfARN"},
    {ConditionKeyType::array_of_numeric, "ArrayOfNumeric"},
    {ConditionKeyType::array_of_date, "ArrayOfDate"},
    {ConditionKeyType::array_of_bool, "ArrayOfBool"},
    {ConditionKeyType::array_of_ip_address, "ArrayOfIPAddress"},
    {ConditionKeyType::array_of_binary, "ArrayOfBinary"},
}};
}  // namespace

std::string_view to_string(ConditionKeyType type) {
    for (const auto& [t, name] : k_type_names)
        if (t == type) return name;
    return "String";
}

std::optional<ConditionKeyType> parse_condition_key_type(std::string_view text) {
    for (const auto& [t, name] : k_type_names)
        if (iequals(name, text)) return t;
    // The reference also writes "Boolean" and "ArrayOfBoolean" on some pages.
    if (iequals(text, "Boolean")) return ConditionKeyType::boolean;
    if (iequals(text, "ArrayOfBoolean")) return ConditionKeyType::array_of_bool;
    return std::nullopt;
}

ConditionKeyType element_type(ConditionKeyType type) {
    switch (type) {
        case ConditionKeyType::array_of_string: return ConditionKeyType::string;
        case ConditionKeyType::array_of_arn: return ConditionKeyType::arn;
        case ConditionKeyType::array_of_numeric: return ConditionKeyType::numeric;
        case ConditionKeyType::array_of_date: return ConditionKeyType::date;
        case ConditionKeyType::array_of_bool: return ConditionKeyType::boolean;
        case ConditionKeyType::array_of_ip_address: return ConditionKeyType::ip_address;
        case ConditionKeyType::array_of_binary: return ConditionKeyType::binary;
        default: return type;
    }
}

bool is_multivalued(ConditionKeyType type) { return element_type(type) != type; }

std::string_view to_string(AccessLevel level) {
    switch (level) {
        case AccessLevel::list: return "List";
        case AccessLevel::read: return "Read";
        case AccessLevel::write: return "Write";
        case AccessLevel::permissions_management: return "Permissions management";
        case AccessLevel::tagging: return "Tagging";
    }
    return "Write";
}

}  // namespace jg::policy

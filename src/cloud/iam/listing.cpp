#include "cloud/iam/listing.hpp"

#include "core/json.hpp"

namespace jg::cloud::iam {

Result<Node> list_documents(CallContext& ctx, std::string_view account, std::string_view kind, std::string_view prefix,
                            std::string_view list_member, const std::function<bool(const Node&)>& keep,
                            const std::function<Node(const Node&)>& shape) {
    auto paging = read_paging(ctx.input());
    if (!paging) return Unexpected(paging.error());
    if (!paging->marker.empty() && paging->marker.rfind(prefix, 0) != 0)
        return fail("ValidationError", "Invalid Marker.");
    auto page = ctx.cloud().store().read([&](store::Reader& r) {
        return r.list(account, kind, {std::string(prefix), paging->marker, 0});
    });
    if (!page) return Unexpected(page.error());
    store::Page kept;
    Node list = Node::make_array();
    for (const auto& e : page->entries) {
        auto doc = parse_json(e.body);
        if (!doc) return fail("InternalFailure", "stored document is not JSON");
        if (keep && !keep(*doc)) continue;
        if (kept.entries.size() == paging->max_items) {
            kept.truncated = true;
            break;
        }
        kept.entries.push_back({e.name, {}});
        list.push(shape(*doc));
    }
    Node out = Node::make_object();
    out.add(std::string(list_member), std::move(list));
    add_paging(out, kept);
    return out;
}

Result<std::string> read_path_prefix(const Node& input) {
    std::string prefix = optional_string(input, "PathPrefix").value_or("/");
    if (auto ok = check_length("PathPrefix", prefix, 1, 512); !ok) return Unexpected(ok.error());
    if (prefix.front() != '/')
        return validation_error("PathPrefix", prefix,
                                "Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*");
    return prefix;
}

}  // namespace jg::cloud::iam

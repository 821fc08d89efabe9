#include "cloud/cloudformation/exports.hpp"

#include <fmt/format.h>

#include "cloud/cloudformation/stack.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "core/json.hpp"

namespace jg::cloud::cloudformation {

namespace {

std::string export_key(std::string_view region, std::string_view name) { return fmt::format("{}/{}", region, name); }
std::string import_prefix(std::string_view region, std::string_view name) { return fmt::format("{}/{}/", region, name); }

ExportRecord record_of(const Node& d) {
    return ExportRecord{iam::member(d, "Name"), iam::member(d, "Value"), iam::member(d, "ExportingStackId")};
}

}  // namespace

Result<std::optional<ExportRecord>> find_export(store::Reader& r, std::string_view account, std::string_view region,
                                                std::string_view name) {
    auto d = iam::get_doc(r, account, k_export, export_key(region, name));
    if (!d) return Unexpected(d.error());
    if (!*d) return std::optional<ExportRecord>{};
    return std::optional<ExportRecord>(record_of(**d));
}

std::optional<std::string> export_value(Cloud& cloud, std::string_view account, std::string_view region,
                                        std::string_view name) {
    auto found = cloud.store().read([&](store::Reader& r) { return find_export(r, account, region, name); });
    if (!found || !*found) return std::nullopt;
    return (*found)->value;
}

Result<std::vector<ExportRecord>> list_exports(store::Reader& r, std::string_view account, std::string_view region) {
    auto page = r.list(account, k_export, store::ListQuery{fmt::format("{}/", region), "", 0});
    if (!page) return Unexpected(page.error());
    std::vector<ExportRecord> out;
    for (const auto& e : page->entries) {
        auto d = parse_json(e.body);
        if (!d) return Unexpected(d.error());
        out.push_back(record_of(*d));
    }
    return out;
}

Result<void> put_export(store::Tx& tx, std::string_view account, std::string_view region, const ExportRecord& e) {
    Node d = Node::make_object();
    d.add("Name", str(e.name));
    d.add("Value", str(e.value));
    d.add("ExportingStackId", str(e.stack_id));
    return iam::put_doc(tx, account, k_export, export_key(region, e.name), d);
}

Result<void> erase_export(store::Tx& tx, std::string_view account, std::string_view region, std::string_view name) {
    auto gone = tx.erase(account, k_export, export_key(region, name));
    if (!gone) return Unexpected(gone.error());
    return {};
}

Result<std::vector<std::string>> importers(store::Reader& r, std::string_view account, std::string_view region,
                                           std::string_view export_name) {
    std::string prefix = import_prefix(region, export_name);
    auto page = r.list(account, k_import, store::ListQuery{prefix, "", 0});
    if (!page) return Unexpected(page.error());
    std::vector<std::string> out;
    for (const auto& e : page->entries) out.push_back(e.name.substr(prefix.size()));
    return out;
}

Result<void> add_import(store::Tx& tx, std::string_view account, std::string_view region, std::string_view export_name,
                        std::string_view stack_name) {
    return tx.put(account, k_import, import_prefix(region, export_name) + std::string(stack_name), "{}");
}

Result<void> erase_import(store::Tx& tx, std::string_view account, std::string_view region, std::string_view export_name,
                          std::string_view stack_name) {
    auto gone = tx.erase(account, k_import, import_prefix(region, export_name) + std::string(stack_name));
    if (!gone) return Unexpected(gone.error());
    return {};
}

}  // namespace jg::cloud::cloudformation

// Stack exports (unique per account and region) and the stacks that import them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/cloud.hpp"
#include "cloud/store/store.hpp"

namespace jg::cloud::cloudformation {

struct ExportRecord {
    std::string name, value, stack_id;
};

Result<std::optional<ExportRecord>> find_export(store::Reader& r, std::string_view account, std::string_view region,
                                                std::string_view name);
// Fn::ImportValue during planning (its own read; nullopt when absent or unreadable).
std::optional<std::string> export_value(Cloud& cloud, std::string_view account, std::string_view region,
                                        std::string_view name);
Result<std::vector<ExportRecord>> list_exports(store::Reader& r, std::string_view account, std::string_view region);
Result<void> put_export(store::Tx& tx, std::string_view account, std::string_view region, const ExportRecord& e);
Result<void> erase_export(store::Tx& tx, std::string_view account, std::string_view region, std::string_view name);

// Names of the stacks importing `export_name`, in name order.
Result<std::vector<std::string>> importers(store::Reader& r, std::string_view account, std::string_view region,
                                           std::string_view export_name);
Result<void> add_import(store::Tx& tx, std::string_view account, std::string_view region, std::string_view export_name,
                        std::string_view stack_name);
Result<void> erase_import(store::Tx& tx, std::string_view account, std::string_view region, std::string_view export_name,
                          std::string_view stack_name);

}  // namespace jg::cloud::cloudformation

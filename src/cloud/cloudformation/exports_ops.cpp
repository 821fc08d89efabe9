// ListExports and ListImports.
#include <fmt/format.h>

#include "cloud/cloudformation/cloudformation.hpp"
#include "cloud/cloudformation/exports.hpp"
#include "cloud/cloudformation/stack_input.hpp"
#include "cloud/input.hpp"

namespace jg::cloud::cloudformation {

Result<Node> list_exports(CallContext& ctx) {
    if (auto ok = authorize_stack(ctx, "ListExports", "*"); !ok) return Unexpected(ok.error());
    auto all = ctx.cloud().store().read([&](store::Reader& r) { return cloudformation::list_exports(r, ctx.account(), ctx.info().region); });
    if (!all) return Unexpected(all.error());
    Node list = Node::make_array();
    for (const auto& e : *all) {
        Node n = Node::make_object();
        n.add("ExportingStackId", str(e.stack_id));
        n.add("Name", str(e.name));
        n.add("Value", str(e.value));
        list.push(std::move(n));
    }
    Node out = Node::make_object();
    out.add("Exports", std::move(list));
    return out;
}

Result<Node> list_imports(CallContext& ctx) {
    auto name = required_string(ctx.input(), "ExportName");
    if (!name) return Unexpected(name.error());
    if (auto ok = authorize_stack(ctx, "ListImports", "*"); !ok) return Unexpected(ok.error());
    auto users = ctx.cloud().store().read([&](store::Reader& r) { return importers(r, ctx.account(), ctx.info().region, *name); });
    if (!users) return Unexpected(users.error());
    if (users->empty()) return fail("ValidationError", fmt::format("Export '{}' is not imported by any stack.", *name));
    Node list = Node::make_array();
    for (const auto& u : *users) list.push(str(u));
    Node out = Node::make_object();
    out.add("Imports", std::move(list));
    return out;
}

}  // namespace jg::cloud::cloudformation

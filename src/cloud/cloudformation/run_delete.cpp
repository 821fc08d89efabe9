// DELETE: refused while another stack imports one of its exports; then every resource,
// newest first (DeletionPolicy Retain skips one), then DELETE_COMPLETE, which frees the
// stack's name and exports. Also the resource deletion that rollbacks share.
#include <fmt/format.h>

#include <algorithm>

#include "cloud/cloudformation/exports.hpp"
#include "cloud/cloudformation/runner.hpp"
#include "core/strings.hpp"

namespace jg::cloud::cloudformation {

std::vector<std::string> Runner::delete_resources(const std::string& stack_id, const std::vector<std::string>& keep) {
    std::vector<std::string> failed;
    (void)stack_id;
    auto s = load();
    if (!s) return {m_id};
    for (auto it = s->resources.rbegin(); it != s->resources.rend(); ++it) {
        const StackResource r = *it;
        if (std::find(keep.begin(), keep.end(), r.logical_id) != keep.end()) continue;
        if (r.status == "DELETE_COMPLETE" || r.status == "DELETE_SKIPPED") continue;
        bool retain = r.deletion_policy == "Retain" ||
                      (r.deletion_policy == "RetainExceptOnCreate" && s->status == "DELETE_IN_PROGRESS");
        // Nothing was made (a failed creation whose name was taken): nothing to delete.
        bool nothing = r.physical_id.empty() && r.status != "CREATE_COMPLETE" && r.status != "UPDATE_COMPLETE";
        if (retain || nothing) {
            (void)mutate([&](Stack& st, store::Tx& tx) -> Result<void> {
                StackResource* rec = st.resource(r.logical_id);
                return resource_status(tx, st, *rec, retain ? "DELETE_SKIPPED" : "DELETE_COMPLETE", "");
            });
            continue;
        }
        auto begun = mutate([&](Stack& st, store::Tx& tx) -> Result<void> {
            return resource_status(tx, st, *st.resource(r.logical_id), "DELETE_IN_PROGRESS", "");
        });
        if (!begun) {
            failed.push_back(r.logical_id);
            continue;
        }
        cfn::StackInfo info{m_account, m_region, s->name, s->id, s->notification_arns};
        cfn::ResourceRequest request{r.logical_id, r.type, &info, r.properties, r.physical_id, nullptr};
        Result<void> gone = fail("InvalidRequest", fmt::format("Resource type {} is not supported by the local cloud", r.type));
        if (cfn::ResourceProvider* p = provider(r.type)) gone = p->remove(cfn::ResourceState{r.physical_id, r.attributes}, request);
        (void)mutate([&](Stack& st, store::Tx& tx) -> Result<void> {
            StackResource* rec = st.resource(r.logical_id);
            if (!gone) return resource_status(tx, st, *rec, "DELETE_FAILED", handler_reason(gone.error()));
            return resource_status(tx, st, *rec, "DELETE_COMPLETE", "");
        });
        if (!gone) failed.push_back(r.logical_id);
    }
    return failed;
}

void Runner::run_delete(Stack s) {
    // 1. An export another stack imports keeps the whole stack (AWS: DELETE_FAILED).
    std::string in_use;
    auto checked = mutate([&](Stack& st, store::Tx& tx) -> Result<void> {
        for (const auto& o : st.outputs) {
            if (o.export_name.empty()) continue;
            auto users = importers(tx, m_account, m_region, o.export_name);
            if (!users) return Unexpected(users.error());
            if (users->empty()) continue;
            in_use = fmt::format("Export {} cannot be deleted as it is in use by {}", o.export_name, jg::join(*users, ", "));
            st.operation.reset();
            return stack_status(tx, st, "DELETE_FAILED", in_use);
        }
        return {};
    });
    if (!checked || !in_use.empty()) return;

    // 2. The resources, newest first.
    auto failed = delete_resources(s.id, {});

    // 3. The end: DELETE_FAILED keeps everything; DELETE_COMPLETE frees name and exports.
    (void)mutate([&](Stack& st, store::Tx& tx) -> Result<void> {
        st.operation.reset();
        if (!failed.empty())
            return stack_status(tx, st, "DELETE_FAILED",
                                fmt::format("The following resource(s) failed to delete: [{}]. ", jg::join(failed, ", ")));
        for (const auto& o : st.outputs)
            if (!o.export_name.empty())
                if (auto ok = erase_export(tx, m_account, m_region, o.export_name); !ok) return ok;
        for (const auto& name : st.imports)
            if (auto ok = erase_import(tx, m_account, m_region, name, st.name); !ok) return ok;
        if (auto gone = tx.erase(m_account, k_stack_name, fmt::format("{}/{}", m_region, st.name)); !gone)
            return Unexpected(gone.error());
        st.deleted = m_cloud.clock().now();
        return stack_status(tx, st, "DELETE_COMPLETE", "");
    });
}

}  // namespace jg::cloud::cloudformation

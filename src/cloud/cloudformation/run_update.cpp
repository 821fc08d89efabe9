// UPDATE: every resource of the new template in creation order — new ones created,
// changed ones modified in place or replaced (per the registry's "update requires
// replacement" properties), unchanged ones left alone — then outputs and exports
// (an export in use may not change or go), then UPDATE_COMPLETE_CLEANUP_IN_PROGRESS
// deletes what was replaced or removed. A failure rolls everything back to the records
// kept in the operation (UPDATE_ROLLBACK_COMPLETE).
#include <fmt/format.h>

#include <algorithm>

#include "cloud/cloudformation/exports.hpp"
#include "cloud/cloudformation/runner.hpp"
#include "core/strings.hpp"

namespace jg::cloud::cloudformation {

namespace {

const StackResource* find_in(const std::vector<StackResource>& v, const std::string& id) {
    for (const auto& r : v)
        if (r.logical_id == id) return &r;
    return nullptr;
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

tl::expected<void, std::string> Runner::update_resource(const cfn::PlannedResource& planned) {
    auto s = load();
    if (!s) return tl::unexpected(s.error().message);
    const StackResource* old = find_in(s->operation->previous_resources, planned.logical_id);
    auto mark_done = [&](Stack& st) { st.operation->done.push_back(planned.logical_id); };

    // New resource.
    if (!old || old->status == "DELETE_COMPLETE" || old->physical_id.empty()) {
        if (auto made = create_resource(planned); !made) return made;
        auto ok = mutate([&](Stack& st, store::Tx&) -> Result<void> { mark_done(st); return {}; });
        if (!ok) return tl::unexpected(ok.error().message);
        return {};
    }
    // Unchanged.
    if (old->type == planned.type && old->properties.same(planned.properties)) {
        auto ok = mutate([&](Stack& st, store::Tx&) -> Result<void> { mark_done(st); return {}; });
        if (!ok) return tl::unexpected(ok.error().message);
        return {};
    }
    // Replacement: a new physical resource now, the old one deleted at cleanup.
    auto replaced = old->type != planned.type ? std::vector<std::string>{"Type"}
                                              : cfn::replacement_properties(planned.type, old->properties, planned.properties);
    if (!replaced.empty()) {
        std::string name_prop = name_property(planned.type);
        if (!name_prop.empty()) {
            std::string before = prop::text(old->properties, name_prop);
            std::string after = prop::text(planned.properties, name_prop);
            if (!after.empty() && after == before)
                return tl::unexpected(fmt::format(
                    "CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename {} and update the stack again.",
                    after));
        }
        if (auto made = create_resource(planned, true); !made) return made;
        auto ok = mutate([&](Stack& st, store::Tx&) -> Result<void> { mark_done(st); return {}; });
        if (!ok) return tl::unexpected(ok.error().message);
        return {};
    }
    // In place.
    auto begun = mutate([&](Stack& st, store::Tx& tx) -> Result<void> {
        StackResource* r = st.resource(planned.logical_id);
        r->properties = planned.properties;  // partial changes are undone from here on rollback
        return resource_status(tx, st, *r, "UPDATE_IN_PROGRESS", "");
    });
    if (!begun) return tl::unexpected(begun.error().message);
    cfn::StackInfo info{m_account, m_region, s->name, s->id, s->notification_arns};
    cfn::ResourceRequest request{planned.logical_id, planned.type, &info, planned.properties, old->physical_id, nullptr};
    Result<cfn::ResourceState> changed = fail("InvalidRequest", fmt::format("Resource type {} is not supported by the local cloud", planned.type));
    if (cfn::ResourceProvider* p = provider(planned.type))
        changed = p->update(cfn::ResourceState{old->physical_id, old->attributes}, old->properties, request);
    std::string reason = changed ? "" : handler_reason(changed.error());
    auto ended = mutate([&](Stack& st, store::Tx& tx) -> Result<void> {
        StackResource* r = st.resource(planned.logical_id);
        if (!changed) return resource_status(tx, st, *r, "UPDATE_FAILED", reason);
        r->attributes = changed->attributes;
        mark_done(st);
        return resource_status(tx, st, *r, "UPDATE_COMPLETE", "");
    });
    if (!ended) return tl::unexpected(ended.error().message);
    if (!changed) return tl::unexpected(reason);
    return {};
}

tl::expected<void, std::string> Runner::finish_update(const cfn::Plan& plan) {
    std::string why;
    auto done = mutate([&](Stack& st, store::Tx& tx) -> Result<void> {
        // Exports in use may neither change nor disappear.
        for (const auto& o : st.operation->previous_outputs) {
            if (o.export_name.empty()) continue;
            auto users = importers(tx, m_account, m_region, o.export_name);
            if (!users) return Unexpected(users.error());
            if (users->empty()) continue;
            const cfn::PlannedOutput* kept = nullptr;
            for (const auto& n : plan.outputs)
                if (n.export_name == o.export_name) kept = &n;
            std::string value = kept ? kept->value.text : "";
            if (kept && kept->value.is_array()) {
                std::vector<std::string> items;
                for (const auto& i : kept->value.items) items.push_back(i.text);
                value = jg::join(items, ",");
            }
            if (!kept) why = fmt::format("Export {} cannot be deleted as it is in use by {}", o.export_name, jg::join(*users, ", "));
            else if (value != o.value) why = fmt::format("Export {} cannot be updated as it is in use by {}", o.export_name, jg::join(*users, ", "));
            if (!why.empty()) return fail("Refused", why);
        }
        for (const auto& o : st.operation->previous_outputs)
            if (!o.export_name.empty())
                if (auto ok = erase_export(tx, m_account, m_region, o.export_name); !ok) return ok;
        if (auto ok = finish_outputs(st, tx, plan); !ok) {
            why = ok.error();
            return fail("Refused", why);
        }
        // Imports the new template no longer has are released.
        for (const auto& name : st.operation->previous_imports)
            if (!contains(st.imports, name))
                if (auto ok = erase_import(tx, m_account, m_region, name, st.name); !ok) return ok;
        st.updated = m_cloud.clock().now();
        return stack_status(tx, st, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "");
    });
    if (!done) return tl::unexpected(why.empty() ? done.error().message : why);

    // Cleanup: the old physical resources replaced or removed.
    auto s = load();
    if (!s) return {};
    std::vector<StackResource> old = s->operation->previous_resources;
    for (auto it = old.rbegin(); it != old.rend(); ++it) {
        const StackResource* now = s->resource(it->logical_id);
        bool removed = !contains(s->operation->done, it->logical_id);
        bool replaced = now && now->physical_id != it->physical_id;
        if ((!removed && !replaced) || it->physical_id.empty() || it->status == "DELETE_COMPLETE") continue;
        StackResource gone = *it;
        auto event = [&](const char* status, std::string reason) {
            (void)mutate([&](Stack& st, store::Tx& tx) -> Result<void> {
                StackResource shown = gone;
                return resource_status(tx, st, shown, status, std::move(reason));
            });
        };
        if (gone.deletion_policy == "Retain" && removed) {
            event("DELETE_SKIPPED", "");
            continue;
        }
        event("DELETE_IN_PROGRESS", "");
        cfn::StackInfo info{m_account, m_region, s->name, s->id, s->notification_arns};
        cfn::ResourceRequest request{gone.logical_id, gone.type, &info, gone.properties, gone.physical_id, nullptr};
        Result<void> ok = fail("InvalidRequest", "unsupported type");
        if (cfn::ResourceProvider* p = provider(gone.type)) ok = p->remove(cfn::ResourceState{gone.physical_id, gone.attributes}, request);
        // AWS completes the update even when the cleanup of an old resource fails.
        event(ok ? "DELETE_COMPLETE" : "DELETE_FAILED", ok ? "" : handler_reason(ok.error()));
    }
    (void)mutate([&](Stack& st, store::Tx& tx) -> Result<void> {
        std::vector<StackResource> kept;
        for (auto& r : st.resources)
            if (contains(st.operation->done, r.logical_id)) kept.push_back(std::move(r));
        st.resources = std::move(kept);
        st.operation.reset();
        return stack_status(tx, st, "UPDATE_COMPLETE", "");
    });
    return {};
}

void Runner::run_update(Stack s) {
    std::string failure;
    for (;;) {
        auto p = plan(s, s.template_body, s.parameters);
        if (!p) {
            failure = p.error();
            break;
        }
        const cfn::PlannedResource* next = nullptr;
        for (const auto& r : p->resources)
            if (!contains(s.operation->done, r.logical_id)) {
                next = &r;
                break;
            }
        if (!next) {
            if (auto ok = finish_update(*p); !ok) failure = ok.error();
            break;
        }
        if (auto ok = update_resource(*next); !ok) {
            // A resource new to the stack failed to create (CREATE_FAILED), others to update.
            const StackResource* old = find_in(s.operation->previous_resources, next->logical_id);
            bool fresh = !old || old->status == "DELETE_COMPLETE" || old->physical_id.empty();
            failure = fmt::format("The following resource(s) failed to {}: [{}]. ", fresh ? "create" : "update", next->logical_id);
            if (ok.error().starts_with("CloudFormation cannot update")) failure = ok.error();
            break;
        }
        auto reloaded = load();
        if (!reloaded) return;
        s = std::move(*reloaded);
    }
    if (!failure.empty()) roll_back_update(failure);
}

void Runner::roll_back_update(const std::string& reason) {
    auto begun = mutate([&](Stack& st, store::Tx& tx) { return stack_status(tx, st, "UPDATE_ROLLBACK_IN_PROGRESS", reason); });
    if (!begun) return;
    Stack s = *begun;
    const auto& previous = s.operation->previous_resources;
    bool failed = false;
    // Newest first: undo in-place changes, delete what this update created.
    for (auto it = s.resources.rbegin(); it != s.resources.rend(); ++it) {
        const StackResource cur = *it;
        const StackResource* prev = find_in(previous, cur.logical_id);
        bool created = !prev || prev->physical_id != cur.physical_id;
        bool modified = prev && !created && !prev->properties.same(cur.properties);
        if (!created && !modified) continue;
        if (created && (cur.physical_id.empty() || cur.status == "DELETE_COMPLETE")) continue;
        cfn::StackInfo info{m_account, m_region, s.name, s.id, s.notification_arns};
        cfn::ResourceProvider* p = provider(cur.type);
        auto event = [&](const char* status, std::string why) {
            (void)mutate([&](Stack& st, store::Tx& tx) -> Result<void> {
                StackResource shown = cur;
                return resource_status(tx, st, shown, status, std::move(why));
            });
        };
        if (created) {
            event("DELETE_IN_PROGRESS", "");
            cfn::ResourceRequest request{cur.logical_id, cur.type, &info, cur.properties, cur.physical_id, nullptr};
            Result<void> ok = p ? p->remove(cfn::ResourceState{cur.physical_id, cur.attributes}, request)
                                : Result<void>(fail("InvalidRequest", "unsupported type"));
            event(ok ? "DELETE_COMPLETE" : "DELETE_FAILED", ok ? "" : handler_reason(ok.error()));
            failed = failed || !ok;
            continue;
        }
        event("UPDATE_IN_PROGRESS", "");
        cfn::ResourceRequest request{cur.logical_id, cur.type, &info, prev->properties, cur.physical_id, nullptr};
        Result<cfn::ResourceState> ok = p ? p->update(cfn::ResourceState{cur.physical_id, cur.attributes}, cur.properties, request)
                                          : Result<cfn::ResourceState>(fail("InvalidRequest", "unsupported type"));
        event(ok ? "UPDATE_COMPLETE" : "UPDATE_FAILED", ok ? "" : handler_reason(ok.error()));
        failed = failed || !ok;
    }
    (void)mutate([&](Stack& st, store::Tx& tx) -> Result<void> {
        Operation op = *st.operation;
        // Imports this update added are released; the old ones are kept.
        for (const auto& name : st.imports)
            if (!contains(op.previous_imports, name))
                if (auto ok = erase_import(tx, m_account, m_region, name, st.name); !ok) return ok;
        st.resources = op.previous_resources;
        st.template_body = op.previous_template;
        st.parameters = op.previous_parameters;
        st.outputs = op.previous_outputs;
        st.imports = op.previous_imports;
        st.operation.reset();
        if (failed) return stack_status(tx, st, "UPDATE_ROLLBACK_FAILED", reason);
        return stack_status(tx, st, "UPDATE_ROLLBACK_COMPLETE", "");
    });
}

}  // namespace jg::cloud::cloudformation

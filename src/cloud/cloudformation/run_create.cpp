// CREATE: each resource in creation order, then outputs and exports; a failure rolls back
// (or, with OnFailure DO_NOTHING, stops at CREATE_FAILED; with DELETE, deletes the stack).
#include <fmt/format.h>

#include "cloud/cloudformation/exports.hpp"
#include "cloud/cloudformation/runner.hpp"
#include "core/strings.hpp"

namespace jg::cloud::cloudformation {

namespace {

// What the physical id will be, known before creation so that a rollback after a crash
// can find the resource (empty when only the creation tells, like an access key id).
std::string expected_id(const std::string& account, const cfn::PlannedResource& r, const std::string& name) {
    if (r.type == "AWS::IAM::ManagedPolicy") {
        std::string path = prop::text(r.properties, "Path");
        return fmt::format("arn:aws:iam::{}:policy{}{}", account, path.empty() ? "/" : path, name);
    }
    if (r.type == "AWS::S3::BucketPolicy") return prop::text(r.properties, "Bucket");
    if (r.type == "AWS::IAM::AccessKey") return {};
    return name;
}

}  // namespace

std::string name_property(const std::string& type) {
    if (type == "AWS::IAM::Role") return "RoleName";
    if (type == "AWS::IAM::Group") return "GroupName";
    if (type == "AWS::IAM::User") return "UserName";
    if (type == "AWS::IAM::ManagedPolicy") return "ManagedPolicyName";
    if (type == "AWS::S3::Bucket") return "BucketName";
    return {};
}

tl::expected<void, std::string> Runner::create_resource(const cfn::PlannedResource& planned, bool replacing, Stack* stack) {
    // A replacement during an update shows as UPDATE_* events, as AWS shows it.
    const char* in_progress = replacing ? "UPDATE_IN_PROGRESS" : "CREATE_IN_PROGRESS";
    const char* complete = replacing ? "UPDATE_COMPLETE" : "CREATE_COMPLETE";
    const char* failed = replacing ? "UPDATE_FAILED" : "CREATE_FAILED";
    std::string why = replacing ? "Requested update requires the creation of a new physical resource; hence creating one." : "";
    Result<Stack> current = stack ? Result<Stack>(*stack) : load();
    if (!current) return tl::unexpected(current.error().message);
    std::string given = name_property(planned.type).empty() ? "" : prop::text(planned.properties, name_property(planned.type));
    std::string name = given.empty() ? physical_name(*current, planned.logical_id, planned.type) : given;

    // 1. Recorded before the call: CREATE_IN_PROGRESS with the id it will have.
    auto started = mutate([&](Stack& s, store::Tx& tx) -> Result<void> {
        StackResource* r = s.resource(planned.logical_id);
        if (!r) {
            s.resources.push_back(StackResource{planned.logical_id, "", planned.type, "", "", {}, Node(), {}, planned.deletion_policy});
            r = &s.resources.back();
        }
        r->physical_id = expected_id(m_account, planned, name);
        r->properties = planned.properties;
        StackResource shown = *r;
        shown.physical_id.clear();  // AWS's first event has no physical id yet
        if (auto ok = resource_status(tx, s, shown, in_progress, why); !ok) return ok;
        r->status = shown.status;
        r->timestamp = shown.timestamp;
        return {};
    });
    if (!started) return tl::unexpected(started.error().message);

    // 2. The provider, through the same IAM/S3 handlers as the API.
    cfn::StackInfo info{m_account, m_region, current->name, current->id, current->notification_arns};
    bool created = false;
    cfn::ResourceRequest request{planned.logical_id, planned.type, &info, planned.properties, name, &created};
    Result<cfn::ResourceState> made = fail("InvalidRequest", fmt::format("Resource type {} is not supported by the local cloud", planned.type));
    if (cfn::ResourceProvider* p = provider(planned.type)) made = p->create(request);

    // 3. Its outcome.
    std::string reason = made ? "" : handler_reason(made.error());
    auto ended = mutate([&](Stack& s, store::Tx& tx) -> Result<void> {
        StackResource* r = s.resource(planned.logical_id);
        if (!made) {
            // Nothing exists (the name was someone else's, access was denied): nothing to undo.
            if (!created) r->physical_id.clear();
            return resource_status(tx, s, *r, failed, reason);
        }
        r->physical_id = made->physical_id;
        r->attributes = made->attributes;
        return resource_status(tx, s, *r, complete, "");
    });
    if (!ended) return tl::unexpected(ended.error().message);
    if (stack) *stack = std::move(*ended);
    if (!made) return tl::unexpected(reason);
    return {};
}

void Runner::run_create(Stack s) {
    // Resources one at a time in creation order (resolving each with the values of those
    // before it); independent ones could run together, sequential is simply one order.
    std::string failure;
    for (;;) {
        auto p = plan(s, s.template_body, s.parameters);
        if (!p) {
            failure = p.error();
            break;
        }
        const cfn::PlannedResource* next = nullptr;
        for (const auto& r : p->resources) {
            const StackResource* done = s.resource(r.logical_id);
            if (!done || done->status != "CREATE_COMPLETE") {
                next = &r;
                break;
            }
        }
        if (!next) {
            // Every resource exists: outputs, exports, CREATE_COMPLETE.
            std::string why;
            auto finished = mutate([&](Stack& st, store::Tx& tx) -> Result<void> {
                if (auto ok = finish_outputs(st, tx, *p); !ok) {
                    why = ok.error();
                    return {};
                }
                st.operation.reset();
                return stack_status(tx, st, "CREATE_COMPLETE", "");
            });
            if (!finished) failure = finished.error().message;
            else if (!why.empty()) failure = why;
            break;
        }
        // The stack as the resource's outcome stored it, without reading it back.
        if (auto made = create_resource(*next, false, &s); !made) {
            failure = fmt::format("The following resource(s) failed to create: [{}]. ", next->logical_id);
            break;
        }
    }
    if (!failure.empty()) roll_back_create(failure);
}

tl::expected<void, std::string> Runner::finish_outputs(Stack& s, store::Tx& tx, const cfn::Plan& plan) {
    s.outputs.clear();
    for (const auto& o : plan.outputs) {
        std::string value = o.value.text;
        if (o.value.is_array()) {
            std::vector<std::string> items;
            for (const auto& i : o.value.items) items.push_back(i.text);
            value = jg::join(items, ",");
        }
        if (o.export_name) {
            auto existing = find_export(tx, m_account, m_region, *o.export_name);
            if (!existing) return tl::unexpected(existing.error().message);
            if (*existing && (*existing)->stack_id != s.id)
                return tl::unexpected(fmt::format("Export with name {} is already exported by stack {}", *o.export_name,
                                                  stack_name_of((*existing)->stack_id)));
            if (auto ok = put_export(tx, m_account, m_region, ExportRecord{*o.export_name, value, s.id}); !ok)
                return tl::unexpected(ok.error().message);
        }
        s.outputs.push_back(StackOutput{o.name, value, o.description, o.export_name.value_or("")});
    }
    return {};
}

void Runner::roll_back_create(const std::string& reason) {
    auto s = load();
    if (!s) return;
    if (s->disable_rollback) {
        (void)mutate([&](Stack& st, store::Tx& tx) -> Result<void> {
            st.operation.reset();
            return stack_status(tx, st, "CREATE_FAILED", reason);
        });
        return;
    }
    auto begun = mutate([&](Stack& st, store::Tx& tx) { return stack_status(tx, st, "ROLLBACK_IN_PROGRESS", reason); });
    if (!begun) return;
    auto failed = delete_resources(s->id, {});
    bool delete_after = s->delete_on_failure && failed.empty();
    (void)mutate([&](Stack& st, store::Tx& tx) -> Result<void> {
        // A stack that never came to be imports nothing.
        for (const auto& name : st.imports)
            if (auto ok = erase_import(tx, m_account, m_region, name, st.name); !ok) return ok;
        st.imports.clear();
        if (!failed.empty()) {
            st.operation.reset();
            return stack_status(tx, st, "ROLLBACK_FAILED",
                                fmt::format("The following resource(s) failed to delete: [{}]. ", jg::join(failed, ", ")));
        }
        if (auto ok = stack_status(tx, st, "ROLLBACK_COMPLETE", ""); !ok) return ok;
        st.reason = reason;  // DescribeStacks keeps saying why it rolled back
        if (!delete_after) {
            st.operation.reset();
            return {};
        }
        st.operation->kind = "DELETE";
        return stack_status(tx, st, "DELETE_IN_PROGRESS", "");
    });
    if (delete_after) {
        auto again = load();
        if (again) run_delete(std::move(*again));
    }
}

}  // namespace jg::cloud::cloudformation

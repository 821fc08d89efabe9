#include "cloud/cloudformation/runner.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include "cfn/template_cache.hpp"
#include "cloud/cloudformation/engine.hpp"
#include "cloud/cloudformation/exports.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"

namespace jg::cloud::cloudformation {

void start_operation(Cloud& cloud, const std::string& account, const std::string& region, const std::string& stack_id) {
    cloud.background().post([&cloud, account, region, stack_id] { run_operation(cloud, account, region, stack_id); });
}

namespace {

// One registry for the process; a key names the Cloud and the stack. It holds an entry
// only while someone watches that stack, so its size is that of the current waiters.
OperationEnds& ends_registry() {
    static OperationEnds ends;
    return ends;
}

std::string ends_key(const Cloud& cloud, const std::string& stack_id) {
    return fmt::format("{}|{}", static_cast<const void*>(&cloud), stack_id);
}

}  // namespace

void run_operation(Cloud& cloud, const std::string& account, const std::string& region, const std::string& stack_id) {
    Runner(cloud, account, region, stack_id).run();
    ends_registry().ended(ends_key(cloud, stack_id));
}

OperationEnds::Watch watch_operation_ends(const Cloud& cloud, const std::string& stack_id) {
    return ends_registry().watch(ends_key(cloud, stack_id));
}

std::size_t watched_stacks() { return ends_registry().size(); }

void Runner::run() {
    auto s = load();
    if (!s || !s->operation) return;
    RequestInfo info;
    info.region = m_region;
    m_as.emplace(ActAs{m_cloud, s->operation->credentials, info});
    m_providers.emplace(make_providers(*m_as));
    if (s->operation->kind == "CREATE") run_create(std::move(*s));
    else if (s->operation->kind == "ROLLBACK") roll_back_create(s->reason);
    else if (s->operation->kind == "UPDATE") run_update(std::move(*s));
    else if (s->operation->kind == "UPDATE_ROLLBACK") roll_back_update(s->reason);
    else if (s->operation->kind == "DELETE") run_delete(std::move(*s));
}

Result<Stack> Runner::load() {
    return m_cloud.store().read([&](store::Reader& r) -> Result<Stack> {
        auto s = find_stack(r, m_account, m_region, m_id);
        if (!s) return Unexpected(s.error());
        if (!*s) return no_such_stack(m_id);
        return std::move(**s);
    });
}

Result<Stack> Runner::mutate(const std::function<Result<void>(Stack&, store::Tx&)>& change) {
    return m_cloud.store().write([&](store::Tx& tx) -> Result<Stack> {
        auto s = find_stack(tx, m_account, m_region, m_id);
        if (!s) return Unexpected(s.error());
        if (!*s) return no_such_stack(m_id);
        if (auto ok = change(**s, tx); !ok) return Unexpected(ok.error());
        if (auto ok = save_stack(tx, **s); !ok) return Unexpected(ok.error());
        return std::move(**s);
    });
}

Result<void> Runner::event(store::Tx& tx, const Stack& s, const Event& e) {
    return add_event(tx, s, e, m_cloud.clock().now(), new_uuid(m_cloud.random()));
}

Result<void> Runner::stack_status(store::Tx& tx, Stack& s, std::string status, std::string reason) {
    s.status = std::move(status);
    s.reason = std::move(reason);
    return event(tx, s, stack_event(s, s.status, s.reason));
}

Result<void> Runner::resource_status(store::Tx& tx, Stack& s, StackResource& r, std::string status, std::string reason) {
    r.status = std::move(status);
    r.reason = std::move(reason);
    r.timestamp = m_cloud.clock().now();
    Event e{r.logical_id, r.physical_id, r.type, r.status, r.reason, Node()};
    if (r.status.ends_with("_IN_PROGRESS") && !r.status.starts_with("DELETE")) e.properties = r.properties;
    return event(tx, s, e);
}

tl::expected<cfn::Plan, std::string> Runner::plan(const Stack& s, const std::string& template_body,
                                                  const std::vector<std::pair<std::string, std::string>>& parameters) {
    // Shared parse: only the messages are used here, never the locations' file name.
    auto t = cfn::load_template_shared(template_body, s.name);
    if (!t) return tl::unexpected(t.error().front().message);
    cfn::PlanInput input;
    input.stack = cfn::StackInfo{m_account, m_region, s.name, s.id, s.notification_arns};
    for (const auto& [k, v] : parameters) input.parameters[k] = v;
    input.missing_export_is_error = true;
    input.exports = [&](std::string_view name) { return export_value(m_cloud, m_account, m_region, name); };
    // Values of what exists: Ref and GetAtt of resources created (or updated) so far.
    input.resources = [&](std::string_view logical_id, std::string_view attribute) -> std::optional<Node> {
        for (const auto& r : s.resources) {
            if (r.logical_id != logical_id) continue;
            if (r.status != "CREATE_COMPLETE" && r.status != "UPDATE_COMPLETE") return std::nullopt;
            cfn::ResourceState state{r.physical_id, r.attributes};
            return cfn::reference_value(r.type, state, attribute);
        }
        return std::nullopt;
    };
    auto p = cfn::plan_template(**t, input);
    if (!p) return tl::unexpected(p.error().front().message);
    return std::move(*p);
}

std::string Runner::physical_name(const Stack& s, const std::string& logical_id, const std::string& type) {
    // CloudFormation's generated names: STACK-LOGICALID-SUFFIX, cut to the type's limit.
    std::size_t limit = 128;
    bool lower = false;
    if (type == "AWS::IAM::Role" || type == "AWS::IAM::User" || type == "AWS::IAM::InstanceProfile") limit = 64;
    if (type == "AWS::S3::Bucket") {
        limit = 63;
        lower = true;
    }
    std::string suffix = m_cloud.random().string_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 12);
    std::size_t room = limit - suffix.size() - 2;
    std::string stack = s.name.substr(0, std::min(s.name.size(), room / 2 + (logical_id.size() < room / 2 ? room / 2 - logical_id.size() : 0)));
    std::string logical = logical_id.substr(0, std::min(logical_id.size(), room - stack.size()));
    std::string name = fmt::format("{}-{}-{}", stack, logical, suffix);
    if (lower) name = jg::to_lower(name);
    return name;
}

cfn::ResourceProvider* Runner::provider(const std::string& type) { return m_providers->find(type); }

}  // namespace jg::cloud::cloudformation

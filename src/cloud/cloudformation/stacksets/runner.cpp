#include "cloud/cloudformation/stacksets/runner.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <map>

#include "cloud/cloudformation/stacksets/deployer.hpp"
#include "cloud/cloudformation/stacksets/roles.hpp"
#include "cloud/input.hpp"
#include "cloud/iam/keys.hpp"

namespace jg::cloud::stacksets {

namespace {

std::string target_key(const Target& t) { return t.account + "/" + t.region; }

std::string_view result_status(TargetStatus s) {
    switch (s) {
        case TargetStatus::succeeded: return "SUCCEEDED";
        case TargetStatus::failed: return "FAILED";
        case TargetStatus::cancelled: return "CANCELLED";
    }
    return "FAILED";
}

// The engine's hooks for one operation: sessions through the role chain, the instance
// deployer, and the store kept up to date.
class OperationHooks final : public EngineHooks {
public:
    OperationHooks(Cloud& cloud, const SetRef& set, const Operation& op, std::map<std::string, InstanceWork> work)
        : m_cloud(cloud),
          m_set(set),
          m_op(op),
          m_work(std::move(work)),
          m_roles(cloud, op.administration_role_arn, op.execution_role_name, session_name(op.id), set.region),
          m_deploy(instance_deployer(cloud)) {}

    Outcome deploy(const Target& t) override {
        auto session = m_roles.target_session(t.account, t.region);
        if (!session) return Outcome{TargetStatus::failed, session.error().message, {}};
        auto it = m_work.find(target_key(t));
        if (it == m_work.end()) return Outcome{TargetStatus::failed, "stack instance record is missing", {}};
        return m_deploy(m_cloud, *session, it->second);
    }

    void started(const Target& t) override {
        record(t, [&](Node& instance) {
            set_instance_status(instance, text_of(instance, "Status"), "RUNNING", "");
            return result_record(t, "RUNNING", "");
        });
    }

    void finished(const Target& t, const Outcome& o) override {
        bool removed = m_op.action == Action::remove && o.status == TargetStatus::succeeded;
        record(t, [&](Node& instance) {
            if (o.status == TargetStatus::succeeded) {
                set_instance_status(instance, "CURRENT", "SUCCEEDED", "");
            } else if (o.status == TargetStatus::failed) {
                set_instance_status(instance, m_op.action == Action::remove ? "INOPERABLE" : "OUTDATED", "FAILED", o.reason);
            } else {
                std::string status = text_of(instance, "Status");
                set_instance_status(instance, status.empty() ? "OUTDATED" : status, "CANCELLED", o.reason);
            }
            if (!o.stack_id.empty()) set_member(instance, "StackId", str(o.stack_id));
            return result_record(t, result_status(o.status), o.reason);
        }, removed);
    }

    bool stop_requested() override {
        auto stop = m_cloud.store().read([&](store::Reader& r) { return r.get(m_set.account, k_stop, operation_key(m_set.region, m_set.name, m_op.id)); });
        return stop && *stop;
    }

private:
    static std::string session_name(const std::string& operation_id) {
        return ("stacksets-" + operation_id).substr(0, 64);
    }

    // One transaction per transition: the result record and the instance move together.
    template <class F>
    void record(const Target& t, F&& update, bool remove_instance = false) {
        auto done = m_cloud.store().write([&](store::Tx& tx) -> Result<bool> {
            auto instance = load_instance(tx, m_set, t);
            if (!instance) return Unexpected(instance.error());
            Node doc = *instance ? std::move(**instance) : new_instance(m_op.stack_set_id, t, Node::make_array());
            Node result = update(doc);
            set_member(doc, "LastOperationId", str(m_op.id));
            std::string rkey = result_key(m_set.region, m_set.name, m_op.id, t.account, t.region);
            if (auto ok = iam::put_doc(tx, m_set.account, k_result, rkey, result); !ok) return Unexpected(ok.error());
            if (remove_instance) {
                auto gone = tx.erase(m_set.account, k_instance, instance_key(m_set.region, m_set.name, t.account, t.region));
                if (!gone) return Unexpected(gone.error());
            } else if (auto ok = save_instance(tx, m_set, doc); !ok) {
                return Unexpected(ok.error());
            }
            return true;
        });
        if (!done) std::fprintf(stderr, "jumpgate: stack set %s: recording %s/%s failed: %s\n", m_set.name.c_str(),
                                t.account.c_str(), t.region.c_str(), done.error().message.c_str());
    }

    Cloud& m_cloud;
    const SetRef& m_set;
    const Operation& m_op;
    std::map<std::string, InstanceWork> m_work;
    RoleChain m_roles;
    InstanceDeployer m_deploy;
};

// What each target of `op` is to do, from the stack set and its instance records.
Result<std::map<std::string, InstanceWork>> plan_work(store::Reader& r, const SetRef& set, const Operation& op,
                                                      const Node& set_doc) {
    std::map<std::string, InstanceWork> work;
    const Node empty = Node::make_array();
    const Node* params = set_doc.find("Parameters");
    const Node* caps = set_doc.find("Capabilities");
    const Node* tags = set_doc.find("Tags");
    for (const Target& t : op.targets) {
        auto instance = load_instance(r, set, t);
        if (!instance) return Unexpected(instance.error());
        InstanceWork w;
        w.action = op.action;
        w.target = t;
        w.stack_set_name = set.name;
        w.template_body = text_of(set_doc, "TemplateBody");
        const Node* overrides = *instance ? (*instance)->find("ParameterOverrides") : nullptr;
        w.parameters = merge_parameters(params ? *params : empty, overrides ? *overrides : empty);
        w.capabilities = caps ? *caps : empty;
        w.tags = tags ? *tags : empty;
        w.retain_stacks = op.retain_stacks;
        if (*instance) w.stack_id = text_of(**instance, "StackId");
        work.emplace(target_key(t), std::move(w));
    }
    return work;
}

// The operation's end: its final status, and the stack set free for the next one.
Result<void> finish(Cloud& cloud, const SetRef& set, const std::string& operation_id, const EngineReport& report,
                    const std::string& reason) {
    return cloud.store().write([&](store::Tx& tx) -> Result<void> {
        auto op = load_operation(tx, set, operation_id);
        if (!op) return Unexpected(op.error());
        op->status = report.end == EngineEnd::succeeded ? "SUCCEEDED" : report.end == EngineEnd::failed ? "FAILED" : "STOPPED";
        if (!reason.empty()) op->status_reason = reason;
        op->failed_count = report.failed;
        op->ended = cloud.clock().now();
        if (auto ok = save_operation(tx, set, *op); !ok) return ok;
        if (auto gone = tx.erase(set.account, k_stop, operation_key(set.region, set.name, operation_id)); !gone)
            return Unexpected(gone.error());
        auto doc = load_set(tx, set);
        if (!doc) return doc.error().code == "StackSetNotFoundException" ? Result<void>{} : Unexpected(doc.error());
        if (text_of(*doc, "CurrentOperation") == operation_id) {
            remove_member(*doc, "CurrentOperation");
            return save_set(tx, set, *doc);
        }
        return {};
    });
}

}  // namespace

Result<void> run_operation(Cloud& cloud, const SetRef& set, const std::string& operation_id) {
    // Load what the operation works on, and mark it RUNNING.
    Operation op;
    std::map<std::string, InstanceWork> work;
    auto loaded = cloud.store().write([&](store::Tx& tx) -> Result<void> {
        auto stored = load_operation(tx, set, operation_id);
        if (!stored) return Unexpected(stored.error());
        op = std::move(*stored);
        auto set_doc = load_set(tx, set);
        if (!set_doc) return Unexpected(set_doc.error());
        auto planned = plan_work(tx, set, op, *set_doc);
        if (!planned) return Unexpected(planned.error());
        work = std::move(*planned);
        if (op.status == "QUEUED") op.status = "RUNNING";
        return save_operation(tx, set, op);
    });
    if (!loaded) {
        // Nothing can run: the operation fails as a whole (when it can still be recorded).
        EngineReport failed{EngineEnd::failed, 0};
        (void)finish(cloud, set, operation_id, failed, "Internal failure: " + loaded.error().message);
        return loaded;
    }

    // Run the targets; a stop requested before the start leaves them all cancelled.
    OperationHooks hooks(cloud, set, op, std::move(work));
    EngineReport report = run_targets(op.targets, op.preferences, hooks);
    return finish(cloud, set, operation_id, report, {});
}

void launch(Cloud& cloud, const SetRef& set, const std::string& operation_id) {
    // A thread of its own: the operation waits for stacks that run on the background pool.
    cloud.background().spawn([&cloud, set, operation_id] {
        if (auto ran = run_operation(cloud, set, operation_id); !ran)
            std::fprintf(stderr, "jumpgate: stack set %s: operation %s: %s\n", set.name.c_str(), operation_id.c_str(),
                         ran.error().message.c_str());
    });
}

}  // namespace jg::cloud::stacksets

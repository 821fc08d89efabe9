#include "jump/apply/stacks.hpp"

#include <fmt/format.h>

#include <chrono>
#include <thread>

#include "core/strings.hpp"
#include "jump/apply/identities.hpp"
#include "jump/apply/template_diff.hpp"

namespace jg::jump {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool in_progress(std::string_view status) { return ends_with(status, "_IN_PROGRESS"); }

// A create that failed leaves a stack that can only be deleted (AWS: ROLLBACK_COMPLETE).
bool failed_create(std::string_view status) {
    return status == "ROLLBACK_COMPLETE" || status == "ROLLBACK_FAILED" || status == "CREATE_FAILED" ||
           status == "DELETE_FAILED" || status == "REVIEW_IN_PROGRESS";
}

bool missing_stack(const Error& e) {
    return e.code == "ValidationError" && e.message.find("does not exist") != std::string::npos;
}

Node stack_input(const std::string& name) { return input_of({{"StackName", name}}); }

// Each declared parameter has its value (the stack may hold more: defaults).
bool same_parameters(const Parameters& want, const Parameters& have) {
    for (const auto& [k, v] : want) {
        bool found = false;
        for (const auto& [hk, hv] : have)
            if (hk == k) found = hv == v;
        if (!found) return false;
    }
    return true;
}

// The template part of a create or update: the bucket's URL or the body itself.
void add_template(Node& in, const Deployment& d, const StackSpec& spec) {
    if (spec.from_bucket) in.add("TemplateURL", Node::make_string(d.template_url(spec.template_name)));
    else in.add("TemplateBody", Node::make_string(d.body(spec.template_name)));
    in.add("Parameters", parameters_input(spec.parameters));
    in.add("Capabilities", named_iam_capabilities());
}

Result<void> set_protection(const Connection& target, const Change& c, bool on) {
    Node in = input_of({{"StackName", c.name}});
    in.add("EnableTerminationProtection", Node::make_bool(on));
    auto out = target.call(c.account, "cloudformation", "UpdateTerminationProtection", in);
    if (!out) return Unexpected(out.error());
    return {};
}

Result<void> create(const Connection& target, const Deployment& d, const StackSpec& spec) {
    Node in = stack_input(spec.name);
    add_template(in, d, spec);
    in.add("EnableTerminationProtection", Node::make_bool(spec.termination_protection));
    in.add("Tags", managed_tags_input());
    auto out = target.call(spec.account, "cloudformation", "CreateStack", in);
    if (!out) return Unexpected(out.error());
    return {};
}

// The reason of the first resource that failed (events come newest first).
std::string first_failure(const Connection& target, const std::string& account, const std::string& name) {
    auto events = target.call(account, "cloudformation", "DescribeStackEvents", stack_input(name));
    if (!events) return {};
    const Node* list = events->find("StackEvents");
    if (!list || !list->is_array()) return {};
    for (auto it = list->items.rbegin(); it != list->items.rend(); ++it) {
        std::string reason = member_text(*it, "ResourceStatusReason");
        if (ends_with(member_text(*it, "ResourceStatus"), "_FAILED") && !reason.empty() &&
            reason.find("cancelled") == std::string::npos)
            return fmt::format("{}: {}", member_text(*it, "LogicalResourceId"), reason);
    }
    return {};
}

// Polls until the stack's work ends; its final state (nullopt once deleted).
Result<std::optional<LiveStack>> settle(const Connection& target, const std::string& account, const std::string& name) {
    int wait_ms = target.poll_ms();
    for (;;) {
        auto live = read_stack(target, account, name);
        if (!live || !*live || !in_progress((*live)->status)) return live;
        std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
        wait_ms = std::min(wait_ms * 2, target.poll_ms() * 8);
    }
}

Result<void> update(const Connection& target, const Deployment& d, const StackSpec& spec, const Change& c) {
    auto live = settle(target, spec.account, spec.name);
    if (!live) return Unexpected(live.error());
    if (!*live) return create(target, d, spec);
    if (failed_create((*live)->status)) {
        // Only deletion is possible; then the stack is created afresh.
        if ((*live)->termination_protection)
            if (auto ok = set_protection(target, c, false); !ok) return ok;
        auto del = target.call(spec.account, "cloudformation", "DeleteStack", stack_input(spec.name));
        if (!del) return Unexpected(del.error());
        auto gone = settle(target, spec.account, spec.name);
        if (!gone) return Unexpected(gone.error());
        if (*gone)
            return fail("StackDeleteFailed", fmt::format("stack {} in account {} could not be deleted: {} {}",
                                                         spec.name, spec.account, (*gone)->status, (*gone)->reason));
        return create(target, d, spec);
    }
    if ((*live)->body != d.body(spec.template_name) || !same_parameters(spec.parameters, (*live)->parameters)) {
        Node in = stack_input(spec.name);
        add_template(in, d, spec);
        auto out = target.call(spec.account, "cloudformation", "UpdateStack", in);
        if (!out && out.error().message.find("No updates are to be performed") == std::string::npos)
            return Unexpected(out.error());
    }
    if (spec.termination_protection && !(*live)->termination_protection) return set_protection(target, c, true);
    return {};
}

}  // namespace

Result<std::optional<LiveStack>> read_stack(const Connection& target, const std::string& account,
                                            const std::string& name) {
    auto described = target.call(account, "cloudformation", "DescribeStacks", stack_input(name));
    if (!described) {
        if (missing_stack(described.error())) return std::optional<LiveStack>{};
        return Unexpected(described.error());
    }
    const Node* stacks = described->find("Stacks");
    if (!stacks || !stacks->is_array() || stacks->items.empty()) return std::optional<LiveStack>{};
    const Node& s = stacks->items.front();
    LiveStack live;
    live.status = member_text(s, "StackStatus");
    if (live.status == "DELETE_COMPLETE") return std::optional<LiveStack>{};
    live.reason = member_text(s, "StackStatusReason");
    live.termination_protection = member_text(s, "EnableTerminationProtection") == "true";
    if (const Node* params = s.find("Parameters"); params && params->is_array())
        for (const Node& p : params->items)
            live.parameters.emplace_back(member_text(p, "ParameterKey"), member_text(p, "ParameterValue"));
    if (const Node* tags = s.find("Tags"); tags && tags->is_array())
        for (const Node& t : tags->items)
            if (member_text(t, "Key") == k_managed_tag_key && member_text(t, "Value") == k_managed_tag_value)
                live.managed = true;
    if (live.status != "REVIEW_IN_PROGRESS" && live.status != "DELETE_IN_PROGRESS") {
        auto body = target.call(account, "cloudformation", "GetTemplate", stack_input(name));
        if (!body) {
            if (missing_stack(body.error())) return std::optional<LiveStack>{};
            return Unexpected(body.error());
        }
        live.body = member_text(*body, "TemplateBody");
    }
    return std::optional<LiveStack>{std::move(live)};
}

std::optional<Change> plan_stack(const Deployment& d, const StackSpec& spec, const std::optional<LiveStack>& live) {
    auto change = [&](ChangeAction a, std::string detail) {
        return Change{a, spec.account, "stack", spec.name, std::move(detail)};
    };
    if (!live)
        return change(ChangeAction::create,
                      spec.template_name + (spec.termination_protection ? ", termination protection" : ""));
    if (in_progress(live->status)) return change(ChangeAction::update, "waits for " + live->status);
    if (failed_create(live->status))
        return change(ChangeAction::update, fmt::format("re-create: {}{}", live->status,
                                                        live->reason.empty() ? "" : " (" + live->reason + ")"));
    // (A body read from the bucket's URL is the object's bytes, so both forms compare alike.)
    std::vector<std::string> what;
    if (live->body != d.body(spec.template_name)) what.push_back("template " + spec.template_name);
    if (!same_parameters(spec.parameters, live->parameters)) what.push_back("parameters");
    if (spec.termination_protection && !live->termination_protection) what.push_back("termination protection");
    if (what.empty()) return std::nullopt;
    Change c = change(ChangeAction::update, join(what, ", "));
    if (live->body != d.body(spec.template_name)) c.diff = template_diff(live->body, d.body(spec.template_name));
    for (auto& line : parameter_diff(live->parameters, spec.parameters)) c.diff.push_back(std::move(line));
    return c;
}

Result<void> start_stack_change(const Connection& target, const Deployment& d, const Change& c) {
    if (c.action == ChangeAction::remove) {
        auto live = read_stack(target, c.account, c.name);
        if (!live) return Unexpected(live.error());
        if (!*live) return {};
        if ((*live)->termination_protection)
            if (auto ok = set_protection(target, c, false); !ok) return ok;
        auto out = target.call(c.account, "cloudformation", "DeleteStack", stack_input(c.name));
        if (!out) return Unexpected(out.error());
        return {};
    }
    const StackSpec* spec = d.find_stack(c.account, c.name);
    if (!spec) return fail("InternalError", fmt::format("no stack {} is declared for account {}", c.name, c.account));
    if (c.action == ChangeAction::create) return create(target, d, *spec);
    return update(target, d, *spec, c);
}

Result<void> wait_stacks(const Connection& target, const std::vector<Change>& changes, std::ostream& progress) {
    std::vector<std::string> failures;
    for (const Change& c : changes) {
        auto live = settle(target, c.account, c.name);
        if (!live) return Unexpected(live.error());
        const bool removing = c.action == ChangeAction::remove;
        std::string status = *live ? (*live)->status : "DELETE_COMPLETE";
        bool ok = removing ? !*live : (status == "CREATE_COMPLETE" || status == "UPDATE_COMPLETE");
        progress << fmt::format("    {}  {}  {}\n", c.account, c.name, status);
        if (ok) continue;
        std::string why = first_failure(target, c.account, c.name);
        if (why.empty() && *live) why = (*live)->reason;
        failures.push_back(fmt::format("stack {} in account {} ended {}{}", c.name, c.account, status,
                                       why.empty() ? "" : ": " + why));
    }
    if (!failures.empty()) return fail("StackFailed", join(failures, "; "));
    return {};
}

Result<std::vector<Change>> plan_stack_removals(const Connection& target, const Deployment& d,
                                                const std::vector<std::string>& accounts) {
    std::vector<Change> out;
    Node input = Node::make_object();
    for (;;) {
        auto page = target.call(d.admin_account, "cloudformation", "ListStacks", input);
        if (!page) return Unexpected(page.error());
        if (const Node* list = page->find("StackSummaries"); list && list->is_array())
            for (const Node& s : list->items) {
                std::string name = member_text(s, "StackName");
                std::string status = member_text(s, "StackStatus");
                if (status == "DELETE_COMPLETE" || name.rfind(k_project_groups_stack_prefix, 0) != 0) continue;
                if (d.find_stack(d.admin_account, name)) continue;
                auto live = read_stack(target, d.admin_account, name);
                if (!live) return Unexpected(live.error());
                if (*live && (*live)->managed)
                    out.push_back(Change{ChangeAction::remove, d.admin_account, "stack", name,
                                         std::string("project no longer in the file") +
                                             ((*live)->termination_protection ? "; termination protection lifted" : "")});
            }
        std::string next = member_text(*page, "NextToken");
        if (next.empty()) break;
        input = input_of({{"NextToken", next}});
    }
    // An execution-role stack the template profile no longer creates (seed -> hardened:
    // the admin account's, which trusts the whole admin account with AdministratorAccess).
    // After the role StackSet's step, which removed the instances that needed it.
    for (const std::string& account : accounts) {
        if (d.find_stack(account, k_execution_role_stack)) continue;
        auto live = read_stack(target, account, k_execution_role_stack);
        if (!live) {
            if (live.error().code == "NoSuchAccount") continue;  // the local cloud creates it later
            return Unexpected(live.error());
        }
        // Only a stack jumpgate created (tagged) has its termination protection lifted; one
        // made by hand stays.
        if (!*live || !(*live)->managed) continue;
        out.push_back(Change{ChangeAction::remove, account, "stack", k_execution_role_stack,
                             std::string("the template profile creates no execution role here") +
                                 ((*live)->termination_protection ? "; termination protection lifted" : "")});
    }
    return out;
}

}  // namespace jg::jump

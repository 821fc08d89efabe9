#include "jump/apply/stack_set.hpp"

#include <fmt/format.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "core/strings.hpp"
#include "jump/apply/identities.hpp"
#include "jump/apply/template_diff.hpp"

namespace jg::jump {

namespace {

constexpr const char* k_cfn = "cloudformation";

Node strings(const std::vector<std::string>& values) {
    Node list = Node::make_array();
    for (const std::string& v : values) list.push(Node::make_string(v));
    return list;
}

// The article's --operation-preferences MaxConcurrentPercentage=100,FailureTolerancePercentage=0.
Node preferences() {
    Node p = Node::make_object();
    p.add("MaxConcurrentPercentage", Node::make_number("100"));
    p.add("FailureTolerancePercentage", Node::make_number("0"));
    return p;
}

Node set_input(const Deployment&) { return input_of({{"StackSetName", k_role_stack_set}}); }

void add_template(Node& in, const Deployment& d) {
    in.add("TemplateURL", Node::make_string(d.template_url(k_roles_template)));
    in.add("Parameters", parameters_input(d.stack_set_parameters));
    in.add("Capabilities", named_iam_capabilities());
}

bool same_parameters(const Parameters& want, const Node* have) {
    for (const auto& [k, v] : want) {
        bool found = false;
        if (have && have->is_array())
            for (const Node& p : have->items)
                if (member_text(p, "ParameterKey") == k) found = member_text(p, "ParameterValue") == v;
        if (!found) return false;
    }
    return true;
}

// Every instance of the set in the file's region: account → Status (and reason).
Result<std::map<std::string, std::pair<std::string, std::string>>> live_instances(const Connection& target,
                                                                                   const Deployment& d) {
    std::map<std::string, std::pair<std::string, std::string>> out;
    Node input = set_input(d);
    for (;;) {
        auto page = target.call(d.admin_account, k_cfn, "ListStackInstances", input);
        if (!page) return Unexpected(page.error());
        if (const Node* list = page->find("Summaries"); list && list->is_array())
            for (const Node& s : list->items)
                if (member_text(s, "Region") == d.region)
                    out[member_text(s, "Account")] = {member_text(s, "Status"), member_text(s, "StatusReason")};
        std::string next = member_text(*page, "NextToken");
        if (next.empty()) break;
        input = set_input(d);
        input.add("NextToken", Node::make_string(next));
    }
    return out;
}

// Follows one operation to its end, printing each account's result once.
Result<void> follow(const Connection& target, const Deployment& d, const std::string& operation_id, std::size_t targets,
                    std::ostream& progress) {
    progress << fmt::format("    operation {} ({} account(s))\n", operation_id, targets);
    std::set<std::string> shown;
    std::vector<std::string> failures;
    int wait_ms = target.poll_ms();
    for (;;) {
        Node in = set_input(d);
        in.add("OperationId", Node::make_string(operation_id));
        auto op = target.call(d.admin_account, k_cfn, "DescribeStackSetOperation", in);
        if (!op) return Unexpected(op.error());
        const Node* body = op->find("StackSetOperation");
        std::string status = body ? member_text(*body, "Status") : "";
        const bool done = status != "QUEUED" && status != "RUNNING" && status != "STOPPING";
        // The accounts reached so far.
        Node list_in = in;
        for (;;) {
            auto page = target.call(d.admin_account, k_cfn, "ListStackSetOperationResults", list_in);
            if (!page) return Unexpected(page.error());
            if (const Node* list = page->find("Summaries"); list && list->is_array())
                for (const Node& r : list->items) {
                    std::string account = member_text(r, "Account");
                    std::string result = member_text(r, "Status");
                    if (result == "PENDING" || result == "RUNNING" || !shown.insert(account).second) continue;
                    std::string reason = member_text(r, "StatusReason");
                    progress << fmt::format("    {}  {}  {}{}\n", account, member_text(r, "Region"), result,
                                            reason.empty() ? "" : "  " + reason);
                    if (result != "SUCCEEDED") failures.push_back(fmt::format("{}: {} {}", account, result, reason));
                }
            std::string next = member_text(*page, "NextToken");
            if (next.empty()) break;
            list_in = in;
            list_in.add("NextToken", Node::make_string(next));
        }
        if (done) {
            progress << fmt::format("    operation {} {}\n", operation_id, status);
            if (status == "SUCCEEDED") return {};
            return fail("StackSetOperationFailed",
                        fmt::format("StackSet {} operation {} ended {}{}", k_role_stack_set, operation_id, status,
                                    failures.empty() ? "" : ": " + join(failures, "; ")));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
        wait_ms = std::min(wait_ms * 2, target.poll_ms() * 8);
    }
}

// Starts `action` for `accounts` and follows the operation.
Result<void> run_instances(const Connection& target, const Deployment& d, const char* action,
                           const std::vector<std::string>& accounts, std::ostream& progress) {
    if (accounts.empty()) return {};
    Node in = set_input(d);
    in.add("Accounts", strings(accounts));
    in.add("Regions", strings({d.region}));
    in.add("OperationPreferences", preferences());
    if (std::string_view(action) == "DeleteStackInstances") in.add("RetainStacks", Node::make_bool(false));
    auto out = target.call(d.admin_account, k_cfn, action, in);
    if (!out) return Unexpected(out.error());
    return follow(target, d, member_text(*out, "OperationId"), accounts.size(), progress);
}

}  // namespace

Result<std::vector<Change>> plan_stack_set(const Connection& target, const Deployment& d, bool admin_exists) {
    const std::string& admin = d.admin_account;
    std::vector<Change> out;
    auto instance = [&](ChangeAction a, const std::string& account, std::string detail) {
        return Change{a, account, "stack-instance", k_role_stack_set, std::move(detail)};
    };
    std::optional<Node> live_set;
    if (admin_exists) {
        auto described = target.call(admin, k_cfn, "DescribeStackSet", set_input(d));
        if (described) {
            if (const Node* s = described->find("StackSet"); s && member_text(*s, "Status") != "DELETED")
                live_set = *s;
        } else if (described.error().code != "StackSetNotFoundException") {
            return Unexpected(described.error());
        }
    }
    if (!live_set) {
        out.push_back(Change{ChangeAction::create, admin, "stack-set", k_role_stack_set,
                             "iam-roles.yaml, SELF_MANAGED"});
        for (const std::string& a : d.instance_accounts) out.push_back(instance(ChangeAction::create, a, d.region));
        return out;
    }
    std::vector<std::string> what;
    if (member_text(*live_set, "TemplateBody") != d.body(k_roles_template)) what.push_back("template iam-roles.yaml");
    if (!same_parameters(d.stack_set_parameters, live_set->find("Parameters"))) what.push_back("parameters");
    const bool set_update = !what.empty();
    if (set_update) {
        Change c{ChangeAction::update, admin, "stack-set", k_role_stack_set, join(what, ", ")};
        const std::string live_body = member_text(*live_set, "TemplateBody");
        if (live_body != d.body(k_roles_template)) c.diff = template_diff(live_body, d.body(k_roles_template));
        Parameters live_params;
        if (const Node* ps = live_set->find("Parameters"); ps && ps->is_array())
            for (const Node& p : ps->items)
                live_params.emplace_back(member_text(p, "ParameterKey"), member_text(p, "ParameterValue"));
        for (auto& line : parameter_diff(live_params, d.stack_set_parameters)) c.diff.push_back(std::move(line));
        out.push_back(std::move(c));
    }

    auto live = live_instances(target, d);
    if (!live) return Unexpected(live.error());
    for (const std::string& a : d.instance_accounts) {
        auto it = live->find(a);
        if (it == live->end()) out.push_back(instance(ChangeAction::create, a, d.region));
        else if (it->second.first != "CURRENT" && !set_update)
            out.push_back(instance(ChangeAction::update, a,
                                   fmt::format("retry: {}{}", it->second.first,
                                               it->second.second.empty() ? "" : " (" + it->second.second + ")")));
    }
    for (const auto& [account, status] : *live)
        if (std::find(d.instance_accounts.begin(), d.instance_accounts.end(), account) == d.instance_accounts.end())
            out.push_back(instance(ChangeAction::remove, account, "account no longer in the file"));
    return out;
}

Result<void> apply_stack_set_changes(const Connection& target, const Deployment& d, const std::vector<Change>& changes,
                                     std::ostream& progress) {
    std::vector<std::string> create, update, remove;
    for (const Change& c : changes) {
        if (c.kind == "stack-set") {
            Node in = set_input(d);
            add_template(in, d);
            if (c.action == ChangeAction::create) {
                in.add("PermissionModel", Node::make_string("SELF_MANAGED"));
                in.add("ExecutionRoleName", Node::make_string(k_execution_role_name));
                in.add("Tags", managed_tags_input());
                auto out = target.call(d.admin_account, k_cfn, "CreateStackSet", in);
                if (!out) return Unexpected(out.error());
                progress << fmt::format("    created StackSet {}\n", k_role_stack_set);
            } else {
                in.add("OperationPreferences", preferences());
                auto out = target.call(d.admin_account, k_cfn, "UpdateStackSet", in);
                if (!out) return Unexpected(out.error());
                if (auto ok = follow(target, d, member_text(*out, "OperationId"), 0, progress); !ok) return ok;
            }
            continue;
        }
        auto& list = c.action == ChangeAction::create ? create : c.action == ChangeAction::update ? update : remove;
        list.push_back(c.account);
    }
    if (auto ok = run_instances(target, d, "CreateStackInstances", create, progress); !ok) return ok;
    if (auto ok = run_instances(target, d, "UpdateStackInstances", update, progress); !ok) return ok;
    return run_instances(target, d, "DeleteStackInstances", remove, progress);
}

}  // namespace jg::jump

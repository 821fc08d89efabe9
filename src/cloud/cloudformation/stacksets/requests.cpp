#include "cloud/cloudformation/stacksets/requests.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "cfn/capabilities.hpp"
#include "cfn/template.hpp"
#include "cloud/cloudformation/stacksets/runner.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/input.hpp"
#include "cloud/s3/s3.hpp"
#include "core/partition.hpp"
#include "core/ids.hpp"
#include "core/json.hpp"

namespace jg::cloud::stacksets {

std::string stack_set_arn(const SetRef& set, std::string_view stack_set_id) {
    return fmt::format("arn:{}:cloudformation:{}:{}:stackset/{}", partition_of_region(set.region), set.region,
                       set.account, stack_set_id);
}

Result<SetRef> authorized_set(CallContext& ctx, std::string_view action) {
    auto name = required_string(ctx.input(), "StackSetName");
    if (!name) return Unexpected(name.error());
    SetRef set{ctx.account(), ctx.info().region, *name};
    // StackSetId (NAME:UUID) names the set too; an ARN ends with it.
    if (auto slash = set.name.rfind("stackset/"); set.name.starts_with("arn:") && slash != std::string::npos)
        set.name = set.name.substr(slash + 9);
    if (auto colon = set.name.find(':'); colon != std::string::npos) set.name.resize(colon);
    if (auto ok = check_length("StackSetName", set.name, 1, 128); !ok) return Unexpected(ok.error());
    // The resource is the set's ARN when it exists (NAME:UUID), else NAME:* .
    auto doc = ctx.cloud().store().read([&](store::Reader& r) { return load_set(r, set); });
    std::string id = doc ? text_of(*doc, "StackSetId") : set.name + ":*";
    if (auto ok = ctx.authorize(action, stack_set_arn(set, id)); !ok) return Unexpected(ok.error());
    return set;
}

std::vector<Target> targets_of(const std::vector<std::string>& accounts, const std::vector<std::string>& regions) {
    std::vector<Target> out;
    out.reserve(accounts.size() * regions.size());
    for (const auto& r : regions)
        for (const auto& a : accounts) out.push_back({a, r});
    return out;
}

Result<Node> start_operation(CallContext& ctx, const SetRef& set, OperationRequest request) {
    auto given_id = optional_string(ctx.input(), "OperationId");
    if (given_id)
        if (auto ok = check_operation_id("OperationId", *given_id); !ok) return Unexpected(ok.error());
    // The request as asked, without its id: a retry with the same id must match it.
    Node asked = ctx.input();
    remove_member(asked, "OperationId");
    std::string digest = std::string(action_name(request.action)) + " " + to_json(asked);

    Operation op;
    op.id = given_id.value_or(new_uuid(ctx.cloud().random()));
    op.stack_set_name = set.name;
    op.region = set.region;
    op.action = request.action;
    op.status = "QUEUED";
    op.preferences = std::move(request.preferences);
    op.retain_stacks = request.retain_stacks;
    op.created = ctx.now();
    op.targets = std::move(request.targets);
    op.request_digest = digest;

    bool existing = false;
    auto queued = ctx.cloud().store().write([&](store::Tx& tx) -> Result<void> {
        auto doc = load_set(tx, set);
        if (!doc) return Unexpected(doc.error());
        // Idempotency first: a retry of a request that was accepted gets the same answer
        // even while its operation runs.
        auto previous = iam::get_doc(tx, set.account, k_operation, operation_key(set.region, set.name, op.id));
        if (!previous) return Unexpected(previous.error());
        if (*previous) {
            if (text_of(**previous, "RequestDigest") == digest) {
                existing = true;
                return {};
            }
            return fail("OperationIdAlreadyExistsException", fmt::format("The operation id {} already exists", op.id));
        }
        if (std::string running = text_of(*doc, "CurrentOperation"); !running.empty())
            return fail("OperationInProgressException",
                        fmt::format("Another Operation on StackSet {} is in progress",
                                    text_of(*doc, "StackSetARN")));
        if (request.prepare)
            if (auto ok = request.prepare(tx, *doc); !ok) return ok;
        op.stack_set_id = text_of(*doc, "StackSetId");
        op.administration_role_arn = text_of(*doc, "AdministrationRoleARN");
        op.execution_role_name = text_of(*doc, "ExecutionRoleName");
        for (const Target& t : op.targets)
            if (auto ok = iam::put_doc(tx, set.account, k_result,
                                       result_key(set.region, set.name, op.id, t.account, t.region),
                                       result_record(t, "PENDING", ""));
                !ok)
                return ok;
        if (auto ok = save_operation(tx, set, op); !ok) return ok;
        set_member(*doc, "CurrentOperation", str(op.id));
        return save_set(tx, set, *doc);
    });
    if (!queued) return Unexpected(queued.error());
    if (!existing) launch(ctx.cloud(), set, op.id);
    Node out = Node::make_object();
    out.add("OperationId", str(op.id));
    return out;
}

Result<std::string> read_template(CallContext& ctx, bool allow_previous, const std::string& previous) {
    auto body = optional_string(ctx.input(), "TemplateBody");
    auto url = optional_string(ctx.input(), "TemplateURL");
    bool use_previous = false;
    if (allow_previous) {
        auto p = optional_bool(ctx.input(), "UsePreviousTemplate");
        if (!p) return Unexpected(p.error());
        use_previous = p->value_or(false);
    }
    int given = (body ? 1 : 0) + (url ? 1 : 0) + (use_previous ? 1 : 0);
    if (given == 0 && allow_previous) return previous;  // UpdateStackSet without a template keeps it
    if (given != 1)
        return fail("ValidationError", allow_previous
                                           ? "Exactly one of TemplateBody, TemplateURL or UsePreviousTemplate must be specified"
                                           : "Exactly one of TemplateBody or TemplateURL must be specified");
    if (use_previous) return previous;
    if (body) {
        if (body->empty()) return validation_error("TemplateBody", *body, "Member must have length greater than or equal to 1");
        return *body;
    }
    if (auto ok = check_length("TemplateURL", *url, 1, 1024); !ok) return Unexpected(ok.error());
    auto read = s3::read_object_for_caller(ctx, *url, "");
    if (!read) return fail("ValidationError", "TemplateURL must reference a valid S3 object to which you have access.");
    return *read;
}

Result<void> check_template(std::string_view body, const Node& parameters, const Node& capabilities) {
    auto loaded = cfn::load_template(body, "template");
    if (!loaded) {
        const Error& first = loaded.error().front();
        return fail("ValidationError", first.message);  // the engine already words it as AWS does
    }
    for (const Node& p : parameters.items) {
        std::string key = text_of(p, "ParameterKey");
        if (!loaded->find_parameter(key))
            return fail("ValidationError", fmt::format("Parameters: [{}] do not exist in the template", key));
    }
    std::vector<const cfn::Resource*> resources;
    for (const auto& r : loaded->resources) resources.push_back(&r);
    auto given = [&](std::string_view c) {
        return std::any_of(capabilities.items.begin(), capabilities.items.end(), [&](const Node& n) { return n.text == c; });
    };
    std::vector<std::string> needed = cfn::required_capabilities(resources);
    // CAPABILITY_NAMED_IAM covers CAPABILITY_IAM.
    for (const auto& c : needed) {
        bool ok = given(c) || (c == "CAPABILITY_IAM" && given("CAPABILITY_NAMED_IAM"));
        if (!ok) return fail("InsufficientCapabilitiesException", fmt::format("Requires capabilities : [{}]", c));
    }
    return {};
}

Result<PageRequest> read_page(const Node& input) {
    PageRequest page;
    auto max = optional_int(input, "MaxResults");
    if (!max) return Unexpected(max.error());
    if (*max) {
        if (**max < 1 || **max > 100)
            return validation_error("MaxResults", std::to_string(**max), "Member must have value between 1 and 100");
        page.max = static_cast<std::size_t>(**max);
    }
    if (auto token = optional_string(input, "NextToken")) {
        bool digits = !token->empty() && token->size() < 10 &&
                      std::all_of(token->begin(), token->end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits) return fail("ValidationError", "Invalid NextToken");
        page.offset = std::stoul(*token);
    }
    return page;
}

void add_page(Node& output, std::vector<Node> items, const PageRequest& page) {
    Node summaries = Node::make_array();
    std::size_t end = std::min(items.size(), page.offset + page.max);
    for (std::size_t i = page.offset; i < end; ++i) summaries.push(std::move(items[i]));
    output.add("Summaries", std::move(summaries));
    if (end < items.size()) output.add("NextToken", str(std::to_string(end)));
}

}  // namespace jg::cloud::stacksets

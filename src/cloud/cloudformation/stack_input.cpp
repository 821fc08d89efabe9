#include "cloud/cloudformation/stack_input.hpp"

#include <fmt/format.h>

#include "cloud/cloudformation/exports.hpp"
#include "cloud/input.hpp"
#include "cloud/s3/s3.hpp"
#include "cloud/session_token.hpp"
#include "cloud/sts/service_session.hpp"
#include "core/partition.hpp"
#include "core/strings.hpp"

namespace jg::cloud::cloudformation {

namespace {

constexpr std::size_t k_max_body = 51'200;     // TemplateBody
constexpr std::size_t k_max_url_body = 1'000'000;  // a template read from S3

bool valid_stack_name(std::string_view name) {
    if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) return false;
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    return true;
}

}  // namespace

Result<std::string> read_new_stack_name(const Node& in) {
    auto name = required_string(in, "StackName");
    if (!name) return name;
    if (auto ok = check_length("stackName", *name, 1, 128); !ok) return Unexpected(ok.error());
    if (!valid_stack_name(*name))
        return validation_error("stackName", *name,
                                "Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*");
    return name;
}

Result<std::string> read_template_text(CallContext& ctx, bool allow_previous) {
    const Node& in = ctx.input();
    auto body = optional_string(in, "TemplateBody");
    auto url = optional_string(in, "TemplateURL");
    bool previous = allow_previous && optional_bool(in, "UsePreviousTemplate").value_or(std::nullopt).value_or(false);
    if ((body ? 1 : 0) + (url ? 1 : 0) + (previous ? 1 : 0) > 1)
        return fail("ValidationError", "Specify exactly one of TemplateBody or TemplateUrl.");
    if (previous) return std::string();
    if (body) {
        if (auto ok = check_length("templateBody", *body, 1, k_max_body); !ok) return Unexpected(ok.error());
        return *body;
    }
    if (!url) return fail("ValidationError", "Either Template URL or Template Body must be specified.");
    if (auto ok = check_length("templateURL", *url, 1, 5120); !ok) return Unexpected(ok.error());
    auto text = s3::read_object_for_caller(ctx, *url);
    if (!text) {
        // CloudFormation reports what S3 refused as its own ValidationError.
        if (text.error().code == "ValidationError") return text;
        if (text.error().code == "AccessDenied")
            return fail("ValidationError", "S3 error: Access Denied\nFor more information check http://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html");
        return fail("ValidationError", fmt::format("S3 error: {}", text.error().message));
    }
    if (text->size() > k_max_url_body)
        return fail("ValidationError", "Template may not exceed 1000000 bytes in size.");
    return text;
}

Result<cfn::Template> parse_template_text(const std::string& text) {
    auto t = cfn::load_template(text, "template");
    if (!t) return fail("ValidationError", t.error().front().message);
    return std::move(*t);
}

Result<std::vector<GivenParameter>> read_parameters(const Node& in) {
    std::vector<GivenParameter> out;
    const Node* list = in.find("Parameters");
    if (!list || list->is_null()) return out;
    if (!list->is_array()) return validation_error("parameters", std::nullopt, "Member must be a list");
    for (const Node& p : list->items) {
        GivenParameter g;
        auto key = required_string(p, "ParameterKey");
        if (!key) return Unexpected(key.error());
        g.key = *key;
        g.value = optional_string(p, "ParameterValue");
        auto previous = optional_bool(p, "UsePreviousValue");
        if (!previous) return Unexpected(previous.error());
        g.use_previous = previous->value_or(false);
        if (g.use_previous && g.value)
            return fail("ValidationError", fmt::format("Invalid input for parameter key {}. Cannot specify usePreviousValue as true and non empty value for a parameter", g.key));
        for (const auto& seen : out)
            if (seen.key == g.key) return fail("ValidationError", fmt::format("Invalid input for parameter key {}. Duplicate parameter key", g.key));
        out.push_back(std::move(g));
    }
    return out;
}

Result<std::vector<std::string>> read_capabilities(const Node& in) {
    std::vector<std::string> out;
    const Node* list = in.find("Capabilities");
    if (!list || list->is_null()) return out;
    if (!list->is_array()) return validation_error("capabilities", std::nullopt, "Member must be a list");
    for (const Node& c : list->items) {
        if (c.text != "CAPABILITY_IAM" && c.text != "CAPABILITY_NAMED_IAM" && c.text != "CAPABILITY_AUTO_EXPAND")
            return validation_error("capabilities", c.text,
                                    "Member must satisfy enum value set: [CAPABILITY_AUTO_EXPAND, CAPABILITY_NAMED_IAM, CAPABILITY_IAM]");
        out.push_back(c.text);
    }
    return out;
}

Result<void> check_capabilities(const std::vector<std::string>& required, const std::vector<std::string>& given) {
    auto has = [&](const char* c) { return std::find(given.begin(), given.end(), c) != given.end(); };
    for (const auto& need : required) {
        bool ok = need == "CAPABILITY_IAM" ? (has("CAPABILITY_IAM") || has("CAPABILITY_NAMED_IAM")) : has(need.c_str());
        if (!ok) return fail("InsufficientCapabilitiesException", fmt::format("Requires capabilities : [{}]", need));
    }
    return {};
}

std::string stack_resource_arn(CallContext& ctx, std::string_view name_or_id) {
    if (name_or_id.starts_with("arn:")) return std::string(name_or_id);
    return fmt::format("arn:{}:cloudformation:{}:{}:stack/{}/*", partition_of_region(ctx.info().region),
                       ctx.info().region, ctx.account(), name_or_id);
}

Result<void> authorize_stack(CallContext& ctx, std::string_view action, std::string_view resource) {
    return ctx.authorize(fmt::format("cloudformation:{}", action), resource);
}

Result<Credentials> operation_credentials(CallContext& ctx, const std::optional<std::string>& role_arn) {
    const Caller& caller = ctx.caller();
    if (!role_arn) {
        if (!caller.temporary()) return Credentials{caller.access_key_id, {}};
        return Credentials{caller.access_key_id, seal_session(ctx.cloud().server_key(), caller, ctx.cloud().random())};
    }
    if (auto ok = check_length("roleARN", *role_arn, 20, 2048); !ok) return Unexpected(ok.error());
    AuthorizeOptions pass;
    pass.context.push_back({"iam:PassedToService", {"cloudformation.amazonaws.com"}});
    if (auto ok = ctx.authorize("iam:PassRole", *role_arn, pass); !ok) return Unexpected(ok.error());
    auto session = sts::assume_role_as_service(ctx.cloud(), *role_arn, "cloudformation.amazonaws.com",
                                               "AWSCloudFormation", ctx.info());
    if (!session) {
        if (session.error().code != "AccessDenied") return Unexpected(session.error());
        return fail("ValidationError", fmt::format("Role {} is invalid or cannot be assumed", *role_arn));
    }
    return session;
}

Result<cfn::Plan> plan_for_call(CallContext& ctx, const cfn::Template& t, const cfn::StackInfo& stack,
                                const std::map<std::string, std::string>& parameters, std::vector<std::string>* imports) {
    cfn::PlanInput input;
    input.stack = stack;
    input.parameters = parameters;
    input.missing_export_is_error = true;
    input.exports = [&](std::string_view name) -> std::optional<std::string> {
        auto v = export_value(ctx.cloud(), ctx.account(), ctx.info().region, name);
        if (v && imports && std::find(imports->begin(), imports->end(), name) == imports->end())
            imports->emplace_back(name);
        return v;
    };
    auto plan = cfn::plan_template(t, input);
    if (!plan) return fail("ValidationError", plan.error().front().message);
    return std::move(*plan);
}

}  // namespace jg::cloud::cloudformation

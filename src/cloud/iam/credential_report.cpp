// The credential report: GenerateCredentialReport and GetCredentialReport.
//
// As AWS (IAM User Guide, "Getting credential reports"): Generate makes a report of the
// account's root and users when none exists or the last is older than 4 hours, answering
// State STARTED with "No report exists. Starting a new report generation task"; while a
// report younger than 4 hours exists it answers COMPLETE and makes none. The local cloud
// writes the report at once, in Generate's transaction, so it is a snapshot of that moment.
// Get answers it as AWS's CSV (Content, ReportFormat text/csv, GeneratedTime);
// ReportNotPresent (HTTP 410, no message, as AWS) before the first Generate, ReportExpired
// once it is 4 hours old.
//
// Columns and values as AWS writes them: dates as 2026-11-18T11:06:40+00:00; "N/A" where a
// credential is absent or unused; root's password columns "not_supported" except
// password_last_used; a password the cloud never saw used "no_information" (console
// sign-ins are not recorded as password use); access key 1 and 2 in creation order.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "cloud/iam/iam.hpp"
#include "cloud/iam/iamcred.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/iam/login_profile.hpp"
#include "cloud/iam/mfa_device.hpp"
#include "cloud/iam/user_credentials.hpp"
#include "cloud/input.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"

namespace jg::cloud::iam {

namespace {

// One report per account: (account, "credential-report", "report") {"GeneratedTime", "Content"}.
constexpr std::string_view k_report_kind = "credential-report";
constexpr std::string_view k_report_name = "report";
constexpr auto k_report_lifetime = std::chrono::hours(4);

constexpr std::string_view k_header =
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,"
    "cert_2_active,cert_2_last_rotated";

// AWS's report dates: ISO 8601 with an explicit +00:00.
std::string report_date(std::string_view iso) {
    if (iso.empty()) return "N/A";
    std::string out(iso);
    if (out.back() == 'Z') out.replace(out.size() - 1, 1, "+00:00");
    return out;
}

std::string report_date(Time t) { return report_date(format_iso8601(t)); }

const char* flag(bool b) { return b ? "true" : "false"; }

// access_key_N_* for up to two keys (stored access key documents, in creation order).
void add_keys(std::vector<std::string>& row, std::vector<Node> keys) {
    std::stable_sort(keys.begin(), keys.end(),
                     [](const Node& a, const Node& b) { return member(a, "CreateDate") < member(b, "CreateDate"); });
    for (std::size_t i = 0; i < 2; ++i) {
        if (i >= keys.size()) {
            row.insert(row.end(), {"false", "N/A", "N/A", "N/A", "N/A"});
            continue;
        }
        const Node& k = keys[i];
        const std::string used = member(k, "LastUsedDate");
        row.push_back(flag(member(k, "Status") == "Active"));
        row.push_back(report_date(member(k, "CreateDate")));
        row.push_back(report_date(used));
        row.push_back(used.empty() ? "N/A" : member(k, "LastUsedRegion"));
        row.push_back(used.empty() ? "N/A" : member(k, "LastUsedService"));
    }
}

void add_certs(std::vector<std::string>& row, const std::vector<Node>& certs) {
    for (std::size_t i = 0; i < 2; ++i) {
        if (i >= certs.size()) {
            row.insert(row.end(), {"false", "N/A"});
            continue;
        }
        row.push_back(flag(member(certs[i], "Status") == "Active"));
        row.push_back(report_date(member(certs[i], "UploadDate")));
    }
}

// The access keys of `account` owned by `user_name` ("" = root), from the global index.
std::vector<Node> keys_of(const std::vector<Node>& all, std::string_view account, std::string_view user_name) {
    std::vector<Node> out;
    for (const Node& k : all)
        if (member(k, "Account") == account && iequals(member(k, "UserName"), user_name)) out.push_back(k);
    return out;
}

Result<std::string> make_report(store::Reader& r, std::string_view account) {
    auto key_page = r.list("", k_access_key, {});
    if (!key_page) return Unexpected(key_page.error());
    std::vector<Node> all_keys;
    for (const auto& e : key_page->entries)
        if (auto doc = parse_json(e.body); doc && member(*doc, "Account") == account) all_keys.push_back(std::move(*doc));
    auto devices = r.list(account, k_mfa_device_kind, {});
    if (!devices) return Unexpected(devices.error());
    std::vector<std::string> mfa_users;
    for (const auto& e : devices->entries)
        if (auto doc = parse_json(e.body); doc && !member(*doc, "UserName").empty())
            mfa_users.push_back(to_lower(member(*doc, "UserName")));
    auto policy = load_password_policy(r, account);
    if (!policy) return Unexpected(policy.error());

    std::vector<std::vector<std::string>> rows;
    // The root user: its password is not modelled (AWS writes not_supported for root).
    auto account_doc = get_doc(r, "", k_account, account);
    if (!account_doc) return Unexpected(account_doc.error());
    std::vector<std::string> root{"<root_account>", fmt::format("arn:aws:iam::{}:root", account),
                                  report_date(*account_doc ? member(**account_doc, "CreateDate") : ""),
                                  "not_supported", "no_information", "not_supported", "not_supported", "false"};
    add_keys(root, keys_of(all_keys, account, ""));
    auto root_certs = user_credentials(r, account, k_signing_certificates, "");
    if (!root_certs) return Unexpected(root_certs.error());
    add_certs(root, *root_certs);
    rows.push_back(std::move(root));

    auto users = r.list(account, k_user, {});
    if (!users) return Unexpected(users.error());
    for (const auto& e : users->entries) {
        auto user = parse_json(e.body);
        if (!user) return fail("InternalFailure", "a stored user is not JSON");
        const std::string name = member(*user, "UserName");
        auto login = get_doc(r, account, k_login_profile, entity_key(name));
        if (!login) return Unexpected(login.error());
        std::optional<LoginProfile> profile;
        if (*login) {
            auto p = login_profile_from_node(**login);
            if (!p) return Unexpected(p.error());
            profile = std::move(*p);
        }
        std::string next_rotation = "N/A";
        if (profile && *policy && (*policy)->max_password_age)
            next_rotation = report_date(profile->password_last_changed + std::chrono::days(*(*policy)->max_password_age));
        std::vector<std::string> row{name,
                                     member(*user, "Arn"),
                                     report_date(member(*user, "CreateDate")),
                                     flag(profile.has_value()),
                                     profile ? "no_information" : "N/A",
                                     profile ? report_date(profile->password_last_changed) : "N/A",
                                     next_rotation,
                                     flag(std::find(mfa_users.begin(), mfa_users.end(), to_lower(name)) != mfa_users.end())};
        add_keys(row, keys_of(all_keys, account, name));
        auto certs = user_credentials(r, account, k_signing_certificates, name);
        if (!certs) return Unexpected(certs.error());
        add_certs(row, *certs);
        rows.push_back(std::move(row));
    }

    std::string csv(k_header);
    for (const auto& row : rows) {
        csv += '\n';
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i) csv += ',';
            csv += row[i];
        }
    }
    return csv;
}

}  // namespace

Result<Node> generate_credential_report(CallContext& ctx) {
    if (auto ok = ctx.authorize("iam:GenerateCredentialReport", "*"); !ok) return Unexpected(ok.error());
    const Time now = ctx.now();
    return ctx.cloud().store().write([&](store::Tx& tx) -> Result<Node> {
        auto existing = get_doc(tx, ctx.account(), k_report_kind, k_report_name);
        if (!existing) return Unexpected(existing.error());
        Node out = Node::make_object();
        if (*existing) {
            auto generated = parse_iso8601(member(**existing, "GeneratedTime"));
            if (generated && now < *generated + k_report_lifetime) {
                out.add("State", str("COMPLETE"));
                return out;
            }
        }
        auto csv = make_report(tx, ctx.account());
        if (!csv) return Unexpected(csv.error());
        Node doc = Node::make_object();
        doc.add("GeneratedTime", str(format_iso8601(now)));
        doc.add("Content", str(*csv));
        if (auto ok = put_doc(tx, ctx.account(), k_report_kind, k_report_name, doc); !ok) return Unexpected(ok.error());
        out.add("State", str("STARTED"));
        out.add("Description", str("No report exists. Starting a new report generation task"));
        return out;
    });
}

Result<Node> get_credential_report(CallContext& ctx) {
    if (auto ok = ctx.authorize("iam:GetCredentialReport", "*"); !ok) return Unexpected(ok.error());
    auto doc = ctx.cloud().store().read(
        [&](store::Reader& r) { return get_doc(r, ctx.account(), k_report_kind, k_report_name); });
    if (!doc) return Unexpected(doc.error());
    if (!*doc) return fail("ReportNotPresent", "");
    const std::string generated = member(**doc, "GeneratedTime");
    auto at = parse_iso8601(generated);
    if (!at) return fail("InternalFailure", "the stored credential report has no GeneratedTime");
    if (ctx.now() >= *at + k_report_lifetime)
        return fail("ReportExpired",
                    "The request was rejected because the most recent credential report has expired. To generate a "
                    "new credential report, use GenerateCredentialReport.");
    Node out = Node::make_object();
    out.add("Content", str(member(**doc, "Content")));
    out.add("ReportFormat", str("text/csv"));
    out.add("GeneratedTime", str(generated));
    return out;
}

}  // namespace jg::cloud::iam

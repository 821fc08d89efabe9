// Access at a glance: jumpgate's access matrix and audit findings (jump/audit) over the
// accounts the session may read, with the escalation paths and grants drawn as an SVG
// graph rendered here (no script). The IAM state is read with the session's own
// credentials through Cloud::call — the user's session for its account, the role
// session for the role's — so an account the session may not read is shown as the
// AccessDenied it got, and the analysis covers only what was read.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "console/console_internal.hpp"
#include "jump/api/aws_api.hpp"
#include "jump/audit/collect.hpp"
#include "jump/audit/findings.hpp"
#include "jump/audit/state.hpp"

namespace jg::console {

namespace {

// jump's AwsApi over Cloud::call with a console session's credentials (held server-side:
// there is no signature to check, and the secret is not kept).
class SessionApi final : public jump::AwsApi {
public:
    SessionApi(cloud::Cloud& cloud, cloud::Credentials who, cloud::RequestInfo info)
        : m_cloud(cloud), m_who(std::move(who)), m_info(std::move(info)) {}

    Result<Node> call(const jump::AwsCredentials&, std::string_view service, std::string_view action, const Node& input,
                      std::string_view region) override {
        cloud::RequestInfo info = m_info;
        info.region = std::string(region);
        auto out = m_cloud.call(m_who, service, action, input, info);
        if (!out && out.error().code == "AccessDenied") {
            const std::string named = std::string(service) + ":" + std::string(action);
            if (out.error().message.find(named) == std::string::npos) {
                Error e = out.error();
                e.message += " (" + named + ")";
                return Unexpected(e);
            }
        }
        return out;
    }

private:
    cloud::Cloud& m_cloud;
    cloud::Credentials m_who;
    cloud::RequestInfo m_info;
};

// "role-admin @ 222222222222" from an ARN; the ARN itself when it is not IAM-shaped.
std::string short_name(const std::string& arn) {
    const auto colon = arn.rfind(':');
    const auto slash = arn.rfind('/');
    if (colon == std::string::npos || slash == std::string::npos || slash < colon) return arn;
    const auto account_start = arn.rfind(':', colon - 1);
    if (account_start == std::string::npos) return arn;
    return arn.substr(slash + 1) + " @ " + arn.substr(account_start + 1, colon - account_start - 1);
}

enum class EdgeStyle { path, grant, grant_without_mfa };

// The graph: principals as boxes in columns by distance from the sources (users first),
// edges as arrows: red along the findings' paths, grey for grants needing MFA, dashed
// orange for grants reachable without it.
std::string svg_graph(Lang l, const jump::audit::Analysis& a) {
    std::map<std::pair<std::string, std::string>, EdgeStyle> edges;
    for (const auto& f : a.findings)
        for (size_t i = 0; i + 1 < f.path.size(); ++i) edges[{f.path[i], f.path[i + 1]}] = EdgeStyle::path;
    for (const auto& g : a.grants) {
        // A grant by chaining: the hops are "role:ARN" after the first, the last is the role.
        std::string from = g.user_arn;
        for (const auto& v : g.via)
            if (v.rfind("role:", 0) == 0) {
                edges.try_emplace({from, v.substr(5)}, g.mfa == "required" ? EdgeStyle::grant : EdgeStyle::grant_without_mfa);
                from = v.substr(5);
            }
        edges.try_emplace({from, g.role_arn}, g.mfa == "required" ? EdgeStyle::grant : EdgeStyle::grant_without_mfa);
    }
    if (edges.empty()) return "<p>" + esc(tr(l, "no_paths")) + "</p>";
    std::set<std::string> nodes;
    std::map<std::string, std::vector<std::string>> out;
    std::map<std::string, int> incoming;
    for (const auto& [e, style] : edges) {
        nodes.insert(e.first);
        nodes.insert(e.second);
        out[e.first].push_back(e.second);
        ++incoming[e.second];
    }
    // Column = longest distance from a source (bounded: cycles stop at the node count).
    std::map<std::string, int> column;
    for (const auto& n : nodes) column[n] = 0;
    const int limit = static_cast<int>(nodes.size());
    for (int round = 0; round < limit; ++round) {
        bool changed = false;
        for (const auto& [from, tos] : out)
            for (const auto& to : tos)
                if (column[to] < column[from] + 1 && column[from] + 1 < limit) {
                    column[to] = column[from] + 1;
                    changed = true;
                }
        if (!changed) break;
    }
    std::map<int, std::vector<std::string>> by_column;
    for (const auto& [n, c] : column) by_column[c].push_back(n);
    constexpr int k_box_w = 250, k_box_h = 30, k_gap_x = 80, k_gap_y = 16, k_margin = 10;
    std::map<std::string, std::pair<int, int>> at;  // top-left corner
    size_t rows = 0;
    for (const auto& [c, list] : by_column) {
        rows = std::max(rows, list.size());
        for (size_t i = 0; i < list.size(); ++i)
            at[list[i]] = {k_margin + c * (k_box_w + k_gap_x), k_margin + static_cast<int>(i) * (k_box_h + k_gap_y)};
    }
    const int width = k_margin * 2 + static_cast<int>(by_column.size()) * (k_box_w + k_gap_x) - k_gap_x;
    const int height = k_margin * 2 + static_cast<int>(rows) * (k_box_h + k_gap_y) - k_gap_y;
    std::string svg = fmt::format(
        "<svg id=\"access-graph\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" "
        "height=\"{1}\" role=\"img\" aria-labelledby=\"access-graph-title\"><title id=\"access-graph-title\">{2}</title>",
        width, height, esc(tr(l, "escalation_graph")));
    svg += "<defs>";
    for (auto [id, colour] : std::initializer_list<std::pair<const char*, const char*>>{
             {"red", "#d13212"}, {"grey", "#545b64"}, {"orange", "#ff9900"}})
        svg += fmt::format(
            "<marker id=\"arrow-{}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" "
            "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{}\"/></marker>",
            id, colour);
    svg += "</defs>";
    for (const auto& [e, style] : edges) {
        const auto [x1, y1] = at[e.first];
        const auto [x2, y2] = at[e.second];
        const char* colour = style == EdgeStyle::path ? "#d13212" : style == EdgeStyle::grant ? "#545b64" : "#ff9900";
        const char* marker = style == EdgeStyle::path ? "red" : style == EdgeStyle::grant ? "grey" : "orange";
        svg += fmt::format(
            "<line class=\"edge-{}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{} "
            "marker-end=\"url(#arrow-{})\"><title>{} → {}</title></line>",
            style == EdgeStyle::path ? "path" : style == EdgeStyle::grant ? "grant" : "no-mfa", x1 + k_box_w,
            y1 + k_box_h / 2, x2, y2 + k_box_h / 2, colour, style == EdgeStyle::path ? 3 : 1.5,
            style == EdgeStyle::grant_without_mfa ? " stroke-dasharray=\"6 4\"" : "", marker, esc(e.first), esc(e.second));
    }
    for (const auto& n : nodes) {
        const auto [x, y] = at[n];
        const bool role = n.find(":role/") != std::string::npos;
        svg += fmt::format(
            "<g class=\"node\"><title>{0}</title><rect x=\"{1}\" y=\"{2}\" width=\"{3}\" height=\"{4}\" rx=\"4\" "
            "fill=\"{5}\" stroke=\"#16191f\"/><text x=\"{6}\" y=\"{7}\" font-size=\"12\" font-family=\"sans-serif\" "
            "fill=\"#16191f\">{8}</text></g>",
            esc(n), x, y, k_box_w, k_box_h, role ? "#e6f2f8" : "#fff", x + 6, y + 19, esc(short_name(n)));
    }
    return svg + "</svg>";
}

}  // namespace

wire::HttpResponse Console::access_page(Exchange& x) {
    const Lang l = x.lang;
    const Session& s = *x.session;
    const std::string& p = m_options.prefix;
    cloud::RequestInfo info;
    info.source_ip = x.source_ip;
    info.secure_transport = x.secure;
    // The accounts the session holds credentials for: the user's, and the role's.
    std::vector<std::pair<std::string, cloud::Credentials>> readers = {{s.user.account, s.credentials}};
    if (s.role && s.role->account != s.user.account) readers.push_back({s.role->account, s.role->credentials});
    else if (s.role) readers.front().second = s.role->credentials;

    std::string b = "<p>" + esc(tr(l, "access_intro")) + "</p><h2>" + esc(tr(l, "accounts_read")) + "</h2><ul>";
    jump::audit::State state;
    for (const auto& [account, who] : readers) {
        SessionApi api(m_cloud, who, info);
        auto doc = jump::audit::collect_account(api, {account, {}}, "us-east-1");
        Result<jump::audit::Account> loaded = doc ? jump::audit::load_account(*doc, account)
                                                  : Result<jump::audit::Account>(Unexpected(doc.error()));
        if (!loaded) {
            b += "<li><code>" + esc(account) + "</code> " + cloud_error(loaded.error()) + "</li>";
            continue;
        }
        b += "<li><code>" + esc(account) + "</code> " + esc(tr(l, "read_ok")) + "</li>";
        state.accounts.push_back(std::move(*loaded));
    }
    b += "</ul>";
    if (state.accounts.empty()) {
        b += "<p>" + esc(tr(l, "nothing_readable")) + "</p>";
        return html_response(200, page(l, p, &s, tr(l, "access_glance"), b));
    }
    std::sort(state.accounts.begin(), state.accounts.end(), [](const auto& a, const auto& c) { return a.id < c.id; });
    jump::audit::infer_admin_account(state, s.user.account);
    const jump::audit::Analysis a = jump::audit::analyze(state);

    b += "<h2>" + esc(tr(l, "escalation_graph")) + "</h2><div class=\"graph\">" + svg_graph(l, a) + "</div>";
    b += "<p class=\"legend\">" + esc(tr(l, "graph_legend")) + "</p>";

    b += "<h2>" + esc(tr(l, "findings")) + "</h2>";
    if (a.findings.empty()) {
        b += "<p>" + esc(tr(l, "none")) + "</p>";
    } else {
        b += "<table id=\"findings\"><thead><tr><th>" + esc(tr(l, "severity")) + "</th><th>" + esc(tr(l, "rule")) +
             "</th><th>" + esc(tr(l, "principal")) + "</th><th>" + esc(tr(l, "evidence")) + "</th></tr></thead><tbody>";
        for (const auto& f : a.findings) {
            b += "<tr class=\"sev-" + std::string(jump::audit::to_string(f.severity)) + "\"><td>" +
                 esc(jump::audit::to_string(f.severity)) + "</td><td><code>" + esc(f.rule) + "</code> " + esc(f.title) +
                 "</td><td><code>" + esc(f.principal) + "</code></td><td>";
            if (f.path.size() > 1) {
                std::string chain;
                for (const auto& hop : f.path) chain += (chain.empty() ? "" : " → ") + short_name(hop);
                b += "<p>" + esc(chain) + "</p>";
            }
            for (size_t i = 0; i < f.evidence.size() && i < 3; ++i) b += "<p>" + esc(f.evidence[i]) + "</p>";
            b += "</td></tr>";
        }
        b += "</tbody></table>";
    }

    b += "<h2>" + esc(tr(l, "access_matrix")) + "</h2>";
    if (a.grants.empty()) {
        b += "<p>" + esc(tr(l, "no_grants")) + "</p>";
    } else {
        b += "<table id=\"grants\"><thead><tr><th>" + esc(tr(l, "user_name")) + "</th><th>" + esc(tr(l, "account")) +
             "</th><th>" + esc(tr(l, "role")) + "</th><th>MFA</th><th>" + esc(tr(l, "via")) + "</th></tr></thead><tbody>";
        for (const auto& g : a.grants) {
            std::string via;
            for (const auto& v : g.via) via += (via.empty() ? "" : ", ") + v;
            std::string mfa = g.mfa;
            if (g.console_only) mfa += " (" + std::string(tr(l, "console_only")) + ")";
            b += "<tr><td>" + esc(g.user) + "</td><td><code>" + esc(g.account) + "</code></td><td>" + esc(g.role) +
                 "</td><td>" + esc(mfa) + "</td><td>" + esc(via) + "</td></tr>";
        }
        b += "</tbody></table>";
    }
    return html_response(200, page(l, p, &s, tr(l, "access_glance"), b));
}

}  // namespace jg::console

#include "jump/audit/report.hpp"

#include <fmt/format.h>

#include <map>
#include <ostream>
#include <set>

#include "core/json.hpp"
#include "core/strings.hpp"

namespace jg::jump::audit {
namespace {

std::string quoted_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + json_quote(items[i]);
    return out + "]";
}

// The SARIF level and GitHub's security-severity score of a severity.
const char* sarif_level(Severity s) {
    switch (s) {
        case Severity::critical:
        case Severity::high: return "error";
        case Severity::medium: return "warning";
        case Severity::low:
        case Severity::info: return "note";
    }
    return "none";
}

const char* security_severity(Severity s) {
    switch (s) {
        case Severity::critical: return "9.5";
        case Severity::high: return "8.0";
        case Severity::medium: return "5.5";
        case Severity::low: return "3.0";
        case Severity::info: return "0.0";
    }
    return "0.0";
}

std::string dot_id(const std::string& s) { return json_quote(s); }

// The short form of an ARN for graph labels: "ROLE@ACCOUNT" / "user NAME@ACCOUNT".
std::string short_name(const std::string& arn) {
    auto parts = split(arn, ':');
    if (parts.size() < 6) return arn;
    std::string res = parts[5];
    return res.substr(res.rfind('/') + 1) + "@" + parts[4];
}

}  // namespace

void write_findings_text(std::ostream& out, const Analysis& a) {
    std::map<Severity, size_t, std::greater<>> counts;
    for (const Finding& f : a.findings) ++counts[f.severity];
    Severity current = Severity::info;
    bool first = true;
    for (const Finding& f : a.findings) {
        if (first || f.severity != current) {
            current = f.severity;
            std::string head = std::string(to_string(current));
            for (char& c : head) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            out << (first ? "" : "\n") << head << " (" << counts[current] << ")\n";
            first = false;
        }
        out << "  " << f.id << "  " << f.title << "\n";
        out << "    principal: " << f.principal << "\n";
        if (f.path.size() > 1) out << "    path: " << join(f.path, "\n       -> ") << "\n";
        for (const auto& e : f.evidence) out << "    | " << e << "\n";
        out << "    fix: " << f.fix << "\n";
    }
    if (!a.findings.empty()) out << "\n";
    std::vector<std::string> parts;
    for (const auto& [s, n] : counts) parts.push_back(fmt::format("{} {}", n, to_string(s)));
    out << a.findings.size() << " finding(s)" << (parts.empty() ? "" : ": " + join(parts, ", ")) << "\n";
    for (const auto& note : a.notes) out << "note: " << note << "\n";
}

void write_findings_json(std::ostream& out, const Analysis& a) {
    out << "{\"findings\": [";
    for (size_t i = 0; i < a.findings.size(); ++i) {
        const Finding& f = a.findings[i];
        out << (i ? ",\n  " : "\n  ")
            << fmt::format(R"({{"id": {}, "rule": {}, "severity": "{}", "title": {}, "principal": {}, "path": {}, "evidence": {}, "fix": {}}})",
                           json_quote(f.id), json_quote(f.rule), to_string(f.severity), json_quote(f.title),
                           json_quote(f.principal), quoted_list(f.path), quoted_list(f.evidence), json_quote(f.fix));
    }
    out << (a.findings.empty() ? "]" : "\n]") << ", \"notes\": " << quoted_list(a.notes) << "}\n";
}

void write_findings_sarif(std::ostream& out, const Analysis& a) {
    // Rules: those that occur, in table order, plus each lint code that occurs.
    std::vector<std::string> rule_ids;
    std::map<std::string, const Finding*> example;
    for (const Finding& f : a.findings)
        if (example.emplace(f.rule, &f).second) rule_ids.push_back(f.rule);
    std::sort(rule_ids.begin(), rule_ids.end());
    std::map<std::string, size_t> index;
    std::string rules_json;
    for (const std::string& id : rule_ids) {
        const Finding& f = *example[id];
        const Rule* r = find_rule(id.substr(0, id.find('/')));
        std::string name = r ? r->name : id;
        if (id.find('/') != std::string::npos) name += "/" + id.substr(id.find('/') + 1);
        index[id] = index.size();
        rules_json += fmt::format(
            R"({}{{"id": {}, "name": {}, "shortDescription": {{"text": {}}}, "help": {{"text": {}}}, "defaultConfiguration": {{"level": "{}"}}, "properties": {{"security-severity": "{}", "tags": ["security", "iam"]}}}})",
            rules_json.empty() ? "" : ",\n        ", json_quote(id), json_quote(name), json_quote(f.title),
            json_quote(f.fix), sarif_level(f.severity), security_severity(f.severity));
    }
    std::string results;
    for (const Finding& f : a.findings) {
        std::string locations;
        for (const std::string& arn : f.path)
            locations += fmt::format(R"({}{{"fullyQualifiedName": {}, "kind": "resource"}})", locations.empty() ? "" : ", ",
                                     json_quote(arn));
        std::string message = f.title + ": " + f.principal;
        if (f.path.size() > 1) message += " (path: " + join(f.path, " -> ") + ")";
        results += fmt::format(
            R"({}{{"ruleId": {}, "ruleIndex": {}, "level": "{}", "message": {{"text": {}}}, "locations": [{{"logicalLocations": [{}]}}], "partialFingerprints": {{"jumpgateFindingId/v1": {}}}, "properties": {{"security-severity": "{}", "severity": "{}", "path": {}, "evidence": {}, "fix": {}}}}})",
            results.empty() ? "" : ",\n    ", json_quote(f.rule), index[f.rule], sarif_level(f.severity),
            json_quote(message), locations, json_quote(f.id), security_severity(f.severity), to_string(f.severity),
            quoted_list(f.path), quoted_list(f.evidence), json_quote(f.fix));
    }
    out << R"({"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [{)" << "\n"
        << R"(  "tool": {"driver": {"name": "jumpgate", "informationUri": "https://github.com/jumpgate/jumpgate", "version": "0.1.0", "rules": [)"
        << (rules_json.empty() ? "" : "\n        " + rules_json) << "]}},\n"
        << "  \"results\": [" << (results.empty() ? "" : "\n    " + results) << "]\n}]}\n";
}

namespace {

// The MFA column: a grant whose MFA only passkeys can give says it is the console's only.
std::string mfa_text(const Grant& g) { return g.console_only ? g.mfa + " (console only: passkey)" : g.mfa; }

}  // namespace

void write_access_table(std::ostream& out, const Analysis& a) {
    size_t wu = 4, wr = 4;
    for (const Grant& g : a.grants) {
        wu = std::max(wu, g.user.size());
        wr = std::max(wr, g.role.size());
    }
    out << fmt::format("{:<{}}  {:<12}  {:<{}}  {:<10}  {}\n", "USER", wu, "ACCOUNT", "ROLE", wr, "MFA", "VIA");
    for (const Grant& g : a.grants)
        out << fmt::format("{:<{}}  {:<12}  {:<{}}  {:<10}  {}\n", g.user, wu, g.account, g.role, wr, mfa_text(g),
                           join(g.via, ", "));
    out << a.grants.size() << " grant(s)\n";
}

void write_access_json(std::ostream& out, const Analysis& a) {
    out << "{\"grants\": [";
    for (size_t i = 0; i < a.grants.size(); ++i) {
        const Grant& g = a.grants[i];
        out << (i ? ",\n  " : "\n  ")
            << fmt::format(R"({{"user": {}, "user_arn": {}, "account": {}, "role": {}, "role_arn": {}, "via": {}, "mfa": "{}"{}}})",
                           json_quote(g.user), json_quote(g.user_arn), json_quote(g.account), json_quote(g.role),
                           json_quote(g.role_arn), quoted_list(g.via), g.mfa, g.console_only ? R"(, "console_only": true)" : "");
    }
    out << (a.grants.empty() ? "]}\n" : "\n]}\n");
}

void write_access_csv(std::ostream& out, const Analysis& a) {
    auto cell = [](const std::string& s) {
        if (s.find_first_of(",\"\n") == std::string::npos) return s;
        std::string q = "\"";
        for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    };
    out << "user,user_arn,account,role,role_arn,via,mfa\n";
    for (const Grant& g : a.grants)
        out << cell(g.user) << "," << cell(g.user_arn) << "," << g.account << "," << cell(g.role) << ","
            << cell(g.role_arn) << "," << cell(join(g.via, ";")) << "," << cell(mfa_text(g)) << "\n";
}

void write_dot(std::ostream& out, const Analysis& a, bool grants) {
    std::set<std::pair<std::string, std::string>> offending(a.offending.begin(), a.offending.end());
    std::set<std::string> nodes;
    std::vector<std::string> edges;
    auto node = [&](const std::string& arn) {
        if (!nodes.insert(arn).second) return;
        bool user = arn.find(":user/") != std::string::npos;
        out << "  " << dot_id(arn) << " [label=" << dot_id(short_name(arn)) << ", shape=" << (user ? "ellipse" : "box")
            << "];\n";
    };
    out << "digraph jumpgate {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n";
    std::set<std::pair<std::string, std::string>> drawn;
    if (grants) {
        for (const Grant& g : a.grants) {
            // Chained grants are drawn through their intermediate roles.
            std::string from = g.user_arn;
            std::vector<std::string> hops;
            for (const auto& v : g.via)
                if (v.rfind("role:", 0) == 0) hops.push_back(v.substr(5));
            hops.push_back(g.role_arn);
            for (const std::string& to : hops) {
                if (drawn.insert({from, to}).second) {
                    node(from);
                    node(to);
                    std::string style;
                    if (offending.count({from, to})) style = " [color=red, penwidth=2.5]";
                    else if (g.mfa != "required") style = " [color=orange, style=dashed, label=\"no MFA\"]";
                    edges.push_back("  " + dot_id(from) + " -> " + dot_id(to) + style + ";\n");
                }
                from = to;
            }
        }
    }
    for (const auto& [from, to] : a.offending)
        if (drawn.insert({from, to}).second) {
            node(from);
            node(to);
            edges.push_back("  " + dot_id(from) + " -> " + dot_id(to) + " [color=red, penwidth=2.5];\n");
        }
    for (const auto& e : edges) out << e;
    out << "}\n";
}

}  // namespace jg::jump::audit

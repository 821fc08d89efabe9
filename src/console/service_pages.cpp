// Service pages inside a session — IAM, CloudFormation, S3 — each a call of the local
// cloud with the session's credentials (the role's when switched): what the policies
// refuse is shown as AccessDenied with the action, as AWS's console shows it.
#include "console/console_internal.hpp"
#include "core/encoding.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"

namespace jg::console {

namespace {

Node input(std::initializer_list<std::pair<const char*, std::string>> members) {
    Node n = Node::make_object();
    for (const auto& [k, v] : members) n.add(k, Node::make_string(v));
    return n;
}

int status_of(const Error& e) { return e.code == "AccessDenied" ? 403 : 400; }

// A table of `rows` with the members `columns`; the first column links to `link` + value
// when `link` is given.
std::string table(const std::vector<Node>& rows, std::initializer_list<const char*> columns, std::string_view link = {}) {
    if (rows.empty()) return "<p>-</p>";
    std::string t = "<table><thead><tr>";
    for (const char* c : columns) t += "<th>" + esc(c) + "</th>";
    t += "</tr></thead><tbody>";
    for (const Node& row : rows) {
        t += "<tr>";
        bool first = true;
        for (const char* c : columns) {
            const std::string v = text_of(row, c);
            if (first && !link.empty())
                t += "<td><a href=\"" + std::string(link) + uri_encode(v) + "\">" + esc(v) + "</a></td>";
            else
                t += "<td>" + esc(v) + "</td>";
            first = false;
        }
        t += "</tr>";
    }
    return t + "</tbody></table>";
}

}  // namespace

wire::HttpResponse Console::iam_page(Exchange& x, std::string_view error, int status) {
    const Lang l = x.lang;
    const Session& s = *x.session;
    const std::string& p = m_options.prefix;
    const cloud::Credentials& who = active_credentials(s);
    cloud::RequestInfo info;
    info.source_ip = x.source_ip;
    std::string b = "<nav class=\"sub\"><a href=\"" + p + "iam/users\">" + esc(tr(l, "users")) + "</a> | <a href=\"" + p +
                    "iam/groups\">" + esc(tr(l, "groups")) + "</a> | <a href=\"" + p + "iam/roles\">" +
                    esc(tr(l, "roles")) + "</a> | <a href=\"" + p + "iam/policies\">" + esc(tr(l, "policies")) +
                    "</a></nav>";
    if (!error.empty()) b += error;
    std::string title(tr(l, "iam"));
    const std::string& r = x.route;
    if (r == "iam" || r == "iam/users") {
        title = tr(l, "users");
        auto users = call(who, "iam", "ListUsers", Node::make_object(), info);
        b += users ? table(items_of(*users, "Users"), {"UserName", "Arn", "CreateDate"}) : cloud_error(users.error());
        if (!users && status == 200) status = status_of(users.error());
        b += "<h2>" + esc(tr(l, "create_user")) + "</h2><form class=\"stack\" method=\"post\" action=\"" + p +
             "iam/users/create\">" + csrf_input(s) + "<label for=\"user_name\">" + esc(tr(l, "user_name")) +
             "</label><input type=\"text\" id=\"user_name\" name=\"user_name\" required><button type=\"submit\">" +
             esc(tr(l, "create_user")) + "</button></form>";
    } else if (r == "iam/groups") {
        title = tr(l, "groups");
        auto groups = call(who, "iam", "ListGroups", Node::make_object(), info);
        b += groups ? table(items_of(*groups, "Groups"), {"GroupName", "Arn", "CreateDate"}) : cloud_error(groups.error());
        if (!groups) status = status_of(groups.error());
    } else if (r == "iam/roles") {
        title = tr(l, "roles");
        auto roles = call(who, "iam", "ListRoles", Node::make_object(), info);
        b += roles ? table(items_of(*roles, "Roles"), {"RoleName", "Arn", "MaxSessionDuration"}) : cloud_error(roles.error());
        if (!roles) status = status_of(roles.error());
    } else {
        title = tr(l, "policies");
        auto policies = call(who, "iam", "ListPolicies", input({{"Scope", "Local"}}), info);
        if (!policies) {
            b += cloud_error(policies.error());
            status = status_of(policies.error());
        } else {
            b += table(items_of(*policies, "Policies"), {"Arn", "PolicyName", "AttachmentCount"}, p + "iam/policy?arn=");
        }
    }
    return html_response(status, page(l, p, &s, title, b));
}

wire::HttpResponse Console::iam_policy_page(Exchange& x) {
    const Lang l = x.lang;
    const Session& s = *x.session;
    const cloud::Credentials& who = active_credentials(s);
    const std::string arn = field(x.query, "arn");
    cloud::RequestInfo info;
    info.source_ip = x.source_ip;
    std::string b;
    int status = 200;
    auto policy = call(who, "iam", "GetPolicy", input({{"PolicyArn", arn}}), info);
    if (!policy) {
        b += cloud_error(policy.error());
        status = status_of(policy.error());
    } else {
        const Node* pn = policy->find("Policy");
        const std::string version = pn ? text_of(*pn, "DefaultVersionId") : "";
        auto v = call(who, "iam", "GetPolicyVersion", input({{"PolicyArn", arn}, {"VersionId", version}}), info);
        if (!v) {
            b += cloud_error(v.error());
            status = status_of(v.error());
        } else {
            const Node* pv = v->find("PolicyVersion");
            std::string doc = pv ? text_of(*pv, "Document") : "";
            if (doc.rfind('%', 0) == 0 || doc.find("%7B") != std::string::npos)
                if (auto decoded = uri_decode(doc)) doc = *decoded;
            if (auto parsed = parse_json(doc)) doc = to_json(*parsed, 2);
            b += "<h2>" + esc(tr(l, "policy_document")) + " (" + esc(version) + ")</h2><pre id=\"policy-json\">" +
                 esc(doc) + "</pre>";
        }
    }
    return html_response(status, page(l, m_options.prefix, &s, arn, b));
}

wire::HttpResponse Console::iam_create_user_post(Exchange& x) {
    const Session& s = *x.session;
    cloud::RequestInfo info;
    info.source_ip = x.source_ip;
    auto created = call(active_credentials(s), "iam", "CreateUser",
                                input({{"UserName", trim(field(x.form, "user_name"))}}), info);
    if (!created) {
        x.route = "iam/users";
        return iam_page(x, cloud_error(created.error()), status_of(created.error()));
    }
    return redirect_to(m_options.prefix + "iam/users");
}

wire::HttpResponse Console::cfn_page(Exchange& x) {
    const Lang l = x.lang;
    const Session& s = *x.session;
    const std::string& p = m_options.prefix;
    const cloud::Credentials& who = active_credentials(s);
    cloud::RequestInfo info;
    info.source_ip = x.source_ip;
    int status = 200;
    std::string b = "<h2>" + esc(tr(l, "stacks")) + "</h2>";
    auto stacks = call(who, "cloudformation", "DescribeStacks", Node::make_object(), info);
    if (stacks) {
        b += table(items_of(*stacks, "Stacks"), {"StackName", "StackStatus", "CreationTime"},
                   p + "cloudformation/stack?name=");
    } else {
        b += cloud_error(stacks.error());
        status = status_of(stacks.error());
    }
    b += "<h2>" + esc(tr(l, "stacksets")) + "</h2>";
    auto sets = call(who, "cloudformation", "ListStackSets", Node::make_object(), info);
    if (sets) {
        b += table(items_of(*sets, "Summaries"), {"StackSetName", "Status", "PermissionModel"},
                   p + "cloudformation/stackset?name=");
    } else {
        b += cloud_error(sets.error());
        status = status_of(sets.error());
    }
    return html_response(status, page(l, p, &s, tr(l, "cloudformation"), b));
}

wire::HttpResponse Console::cfn_stack_page(Exchange& x) {
    const Lang l = x.lang;
    const Session& s = *x.session;
    const cloud::Credentials& who = active_credentials(s);
    const std::string name = field(x.query, "name");
    cloud::RequestInfo info;
    info.source_ip = x.source_ip;
    int status = 200;
    std::string b = "<h2>" + esc(tr(l, "resources")) + "</h2>";
    auto resources = call(who, "cloudformation", "ListStackResources", input({{"StackName", name}}), info);
    if (resources) {
        b += table(items_of(*resources, "StackResourceSummaries"),
                   {"LogicalResourceId", "PhysicalResourceId", "ResourceType", "ResourceStatus"});
    } else {
        b += cloud_error(resources.error());
        status = status_of(resources.error());
    }
    b += "<h2>" + esc(tr(l, "events")) + "</h2>";
    auto events = call(who, "cloudformation", "DescribeStackEvents", input({{"StackName", name}}), info);
    if (events) {
        b += table(items_of(*events, "StackEvents"), {"Timestamp", "LogicalResourceId", "ResourceStatus", "ResourceStatusReason"});
    } else {
        b += cloud_error(events.error());
        status = status_of(events.error());
    }
    return html_response(status, page(l, m_options.prefix, &s, name, b));
}

wire::HttpResponse Console::cfn_stackset_page(Exchange& x) {
    const Lang l = x.lang;
    const Session& s = *x.session;
    const cloud::Credentials& who = active_credentials(s);
    const std::string name = field(x.query, "name");
    cloud::RequestInfo info;
    info.source_ip = x.source_ip;
    int status = 200;
    std::string b = "<h2>" + esc(tr(l, "instances")) + "</h2>";
    auto instances = call(who, "cloudformation", "ListStackInstances", input({{"StackSetName", name}}), info);
    if (instances) {
        b += table(items_of(*instances, "Summaries"), {"Account", "Region", "Status", "StackInstanceStatus"});
    } else {
        b += cloud_error(instances.error());
        status = status_of(instances.error());
    }
    b += "<h2>" + esc(tr(l, "operations")) + "</h2>";
    auto ops = call(who, "cloudformation", "ListStackSetOperations", input({{"StackSetName", name}}), info);
    if (ops) {
        b += table(items_of(*ops, "Summaries"), {"OperationId", "Action", "Status", "CreationTimestamp"});
    } else {
        b += cloud_error(ops.error());
        status = status_of(ops.error());
    }
    return html_response(status, page(l, m_options.prefix, &s, name, b));
}

wire::HttpResponse Console::s3_page(Exchange& x, std::string_view error, int status) {
    const Lang l = x.lang;
    const Session& s = *x.session;
    const std::string& p = m_options.prefix;
    cloud::RequestInfo info;
    info.source_ip = x.source_ip;
    std::string b;
    if (!error.empty()) b += error;
    auto buckets = call(active_credentials(s), "s3", "ListBuckets", Node::make_object(), info);
    if (buckets) {
        b += table(items_of(*buckets, "Buckets"), {"Name", "CreationDate"}, p + "s3/bucket?name=");
    } else {
        b += cloud_error(buckets.error());
        if (status == 200) status = status_of(buckets.error());
    }
    b += "<h2>" + esc(tr(l, "create_bucket")) + "</h2><form class=\"stack\" method=\"post\" action=\"" + p + "s3/create\">" +
         csrf_input(s) + "<label for=\"bucket\">" + esc(tr(l, "bucket_name")) +
         "</label><input type=\"text\" id=\"bucket\" name=\"bucket\" required><button type=\"submit\">" +
         esc(tr(l, "create_bucket")) + "</button></form>";
    return html_response(status, page(l, p, &s, tr(l, "buckets"), b));
}

wire::HttpResponse Console::s3_bucket_page(Exchange& x) {
    const Lang l = x.lang;
    const Session& s = *x.session;
    const std::string& p = m_options.prefix;
    const std::string bucket = field(x.query, "name");
    cloud::RequestInfo info;
    info.source_ip = x.source_ip;
    int status = 200;
    std::string b;
    auto objects = call(active_credentials(s), "s3", "ListObjectsV2", input({{"Bucket", bucket}}), info);
    if (objects) {
        b += table(items_of(*objects, "Contents"), {"Key", "Size", "LastModified"},
                   p + "s3/object?bucket=" + uri_encode(bucket) + "&amp;key=");
    } else {
        b += cloud_error(objects.error());
        status = status_of(objects.error());
    }
    return html_response(status, page(l, p, &s, bucket, b));
}

wire::HttpResponse Console::s3_object(Exchange& x) {
    const Session& s = *x.session;
    const std::string bucket = field(x.query, "bucket");
    const std::string key = field(x.query, "key");
    cloud::RequestInfo info;
    info.source_ip = x.source_ip;
    auto object = call(active_credentials(s), "s3", "GetObject", input({{"Bucket", bucket}, {"Key", key}}), info);
    if (!object)
        return html_response(status_of(object.error()),
                             page(x.lang, m_options.prefix, &s, key, cloud_error(object.error())));
    wire::HttpResponse r;
    r.headers.push_back({"Content-Type", "application/octet-stream"});
    std::string file = key.substr(key.rfind('/') == std::string::npos ? 0 : key.rfind('/') + 1);
    std::erase_if(file, [](char c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20; });
    r.headers.push_back({"Content-Disposition", "attachment; filename=\"" + file + "\""});
    r.body = text_of(*object, "Body");
    return r;
}

wire::HttpResponse Console::s3_create_post(Exchange& x) {
    const Session& s = *x.session;
    cloud::RequestInfo info;
    info.source_ip = x.source_ip;
    auto created = call(active_credentials(s), "s3", "CreateBucket", input({{"Bucket", trim(field(x.form, "bucket"))}}), info);
    if (!created) return s3_page(x, cloud_error(created.error()), status_of(created.error()));
    return redirect_to(m_options.prefix + "s3");
}

}  // namespace jg::console

#include "cloud/cloudformation/stack.hpp"

#include <fmt/format.h>

#include "cloud/cloudformation/doc_fields.hpp"
#include "cloud/iam/keys.hpp"
#include "core/partition.hpp"
#include "core/json.hpp"

namespace jg::cloud::cloudformation {

namespace {

using iam::member;

Node time_node(Time t) { return str(format_iso8601(t, true)); }
Result<Time> time_of(const Node& doc, std::string_view key) {
    const Node* n = doc.find(key);
    if (!n) return fail("InternalFailure", fmt::format("stored stack lacks {}", key));
    return parse_iso8601(n->text);
}
std::optional<Time> optional_time(const Node& doc, std::string_view key) {
    const Node* n = doc.find(key);
    if (!n) return std::nullopt;
    auto t = parse_iso8601(n->text);
    return t ? std::optional<Time>(*t) : std::nullopt;
}

Node resource_node(const StackResource& r) {
    Node n = Node::make_object();
    n.add("LogicalResourceId", str(r.logical_id));
    n.add("PhysicalResourceId", str(r.physical_id));
    n.add("ResourceType", str(r.type));
    n.add("ResourceStatus", str(r.status));
    n.add("ResourceStatusReason", str(r.reason));
    n.add("Timestamp", time_node(r.timestamp));
    n.add("Properties", r.properties);
    Node attrs = Node::make_object();
    for (const auto& [k, v] : r.attributes) attrs.add(k, v);
    n.add("Attributes", std::move(attrs));
    n.add("DeletionPolicy", str(r.deletion_policy));
    return n;
}
Result<StackResource> resource_of(const Node& n) {
    StackResource r;
    r.logical_id = member(n, "LogicalResourceId");
    r.physical_id = member(n, "PhysicalResourceId");
    r.type = member(n, "ResourceType");
    r.status = member(n, "ResourceStatus");
    r.reason = member(n, "ResourceStatusReason");
    auto t = time_of(n, "Timestamp");
    if (!t) return Unexpected(t.error());
    r.timestamp = *t;
    if (const Node* p = n.find("Properties")) r.properties = *p;
    if (const Node* a = n.find("Attributes"); a && a->is_object())
        for (const auto& [k, v] : a->members) r.attributes[k] = v;
    r.deletion_policy = member(n, "DeletionPolicy");
    return r;
}
Node resources_node(const std::vector<StackResource>& v) {
    Node n = Node::make_array();
    for (const auto& r : v) n.push(resource_node(r));
    return n;
}
Result<std::vector<StackResource>> resources_of(const Node& doc, std::string_view key) {
    std::vector<StackResource> out;
    if (const Node* n = doc.find(key); n && n->is_array())
        for (const auto& i : n->items) {
            auto r = resource_of(i);
            if (!r) return Unexpected(r.error());
            out.push_back(std::move(*r));
        }
    return out;
}

Node outputs_node(const std::vector<StackOutput>& v) {
    Node outputs = Node::make_array();
    for (const auto& o : v) {
        Node n = Node::make_object();
        n.add("OutputKey", str(o.key));
        n.add("OutputValue", str(o.value));
        n.add("Description", str(o.description));
        n.add("ExportName", str(o.export_name));
        outputs.push(std::move(n));
    }
    return outputs;
}
std::vector<StackOutput> outputs_of(const Node& doc, std::string_view key) {
    std::vector<StackOutput> out;
    if (const Node* o = doc.find(key); o && o->is_array())
        for (const auto& i : o->items)
            out.push_back({member(i, "OutputKey"), member(i, "OutputValue"), member(i, "Description"), member(i, "ExportName")});
    return out;
}

}  // namespace

std::string Stack::uuid() const { return id.substr(id.rfind('/') + 1); }

StackResource* Stack::resource(std::string_view logical_id) {
    for (auto& r : resources)
        if (r.logical_id == logical_id) return &r;
    return nullptr;
}

std::string stack_name_of(std::string_view stack_id) {
    auto start = stack_id.find(":stack/");
    if (start == std::string_view::npos) return std::string(stack_id);
    start += 7;
    return std::string(stack_id.substr(start, stack_id.rfind('/') - start));
}

std::string stack_key(std::string_view region, std::string_view uuid) { return fmt::format("{}/{}", region, uuid); }

std::string stack_arn(std::string_view region, std::string_view account, std::string_view name, std::string_view uuid) {
    return fmt::format("arn:{}:cloudformation:{}:{}:stack/{}/{}", partition_of_region(region), region, account, name, uuid);
}

Node stack_to_doc(const Stack& s) {
    Node d = Node::make_object();
    d.add("StackId", str(s.id));
    d.add("StackName", str(s.name));
    d.add("Region", str(s.region));
    d.add("Account", str(s.account));
    d.add("Description", str(s.description));
    d.add("Parameters", pairs_node(s.parameters));
    d.add("NoEcho", strings_node(s.no_echo));
    d.add("Capabilities", strings_node(s.capabilities));
    d.add("NotificationARNs", strings_node(s.notification_arns));
    d.add("Tags", tags_node(s.tags));
    d.add("RoleARN", str(s.role_arn));
    d.add("DisableRollback", boolean(s.disable_rollback));
    d.add("DeleteOnFailure", boolean(s.delete_on_failure));
    d.add("EnableTerminationProtection", boolean(s.termination_protection));
    if (s.timeout_minutes) d.add("TimeoutInMinutes", num(*s.timeout_minutes));
    d.add("CreationTime", time_node(s.created));
    if (s.updated) d.add("LastUpdatedTime", time_node(*s.updated));
    if (s.deleted) d.add("DeletionTime", time_node(*s.deleted));
    d.add("StackStatus", str(s.status));
    d.add("StackStatusReason", str(s.reason));
    d.add("Outputs", outputs_node(s.outputs));
    d.add("TemplateBody", str(s.template_body));
    d.add("Resources", resources_node(s.resources));
    d.add("Imports", strings_node(s.imports));
    if (s.operation) {
        const Operation& op = *s.operation;
        Node o = Node::make_object();
        o.add("Kind", str(op.kind));
        o.add("AccessKeyId", str(op.credentials.access_key_id));
        o.add("SessionToken", str(op.credentials.session_token));
        o.add("Pid", num(op.pid));
        o.add("PreviousTemplate", str(op.previous_template));
        o.add("PreviousParameters", pairs_node(op.previous_parameters));
        o.add("PreviousResources", resources_node(op.previous_resources));
        o.add("PreviousOutputs", outputs_node(op.previous_outputs));
        o.add("PreviousImports", strings_node(op.previous_imports));
        o.add("Done", strings_node(op.done));
        d.add("Operation", std::move(o));
    }
    return d;
}

Result<Stack> stack_from_doc(const Node& d) {
    Stack s;
    s.id = member(d, "StackId");
    s.name = member(d, "StackName");
    s.region = member(d, "Region");
    s.account = member(d, "Account");
    s.description = member(d, "Description");
    s.parameters = pairs_of(d, "Parameters");
    s.no_echo = strings_of(d, "NoEcho");
    s.capabilities = strings_of(d, "Capabilities");
    s.notification_arns = strings_of(d, "NotificationARNs");
    if (const Node* t = d.find("Tags"); t && t->is_array())
        for (const auto& i : t->items) s.tags.emplace_back(member(i, "Key"), member(i, "Value"));
    s.role_arn = member(d, "RoleARN");
    s.disable_rollback = member(d, "DisableRollback") == "true";
    s.delete_on_failure = member(d, "DeleteOnFailure") == "true";
    s.termination_protection = member(d, "EnableTerminationProtection") == "true";
    if (const Node* t = d.find("TimeoutInMinutes")) s.timeout_minutes = std::stoll(t->text);
    auto created = time_of(d, "CreationTime");
    if (!created) return Unexpected(created.error());
    s.created = *created;
    s.updated = optional_time(d, "LastUpdatedTime");
    s.deleted = optional_time(d, "DeletionTime");
    s.status = member(d, "StackStatus");
    s.reason = member(d, "StackStatusReason");
    s.outputs = outputs_of(d, "Outputs");
    s.template_body = member(d, "TemplateBody");
    auto resources = resources_of(d, "Resources");
    if (!resources) return Unexpected(resources.error());
    s.resources = std::move(*resources);
    s.imports = strings_of(d, "Imports");
    if (const Node* o = d.find("Operation"); o && o->is_object()) {
        Operation op;
        op.kind = member(*o, "Kind");
        op.credentials = Credentials{member(*o, "AccessKeyId"), member(*o, "SessionToken")};
        op.pid = std::stoll(member(*o, "Pid"));
        op.previous_template = member(*o, "PreviousTemplate");
        op.previous_parameters = pairs_of(*o, "PreviousParameters");
        auto previous = resources_of(*o, "PreviousResources");
        if (!previous) return Unexpected(previous.error());
        op.previous_resources = std::move(*previous);
        op.previous_outputs = outputs_of(*o, "PreviousOutputs");
        op.previous_imports = strings_of(*o, "PreviousImports");
        op.done = strings_of(*o, "Done");
        s.operation = std::move(op);
    }
    return s;
}

Result<std::optional<Stack>> find_stack(store::Reader& r, std::string_view account, std::string_view region,
                                        std::string_view name_or_id) {
    std::string key;
    if (name_or_id.starts_with("arn:")) {
        // arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/UUID
        std::string prefix =
            fmt::format("arn:{}:cloudformation:{}:{}:stack/", partition_of_region(region), region, account);
        if (!name_or_id.starts_with(prefix)) return std::optional<Stack>{};
        key = stack_key(region, name_or_id.substr(name_or_id.rfind('/') + 1));
    } else {
        auto index = iam::get_doc(r, account, k_stack_name, fmt::format("{}/{}", region, name_or_id));
        if (!index) return Unexpected(index.error());
        if (!*index) return std::optional<Stack>{};
        std::string id = member(**index, "StackId");
        key = stack_key(region, id.substr(id.rfind('/') + 1));
    }
    auto doc = iam::get_doc(r, account, k_stack, key);
    if (!doc) return Unexpected(doc.error());
    if (!*doc) return std::optional<Stack>{};
    auto s = stack_from_doc(**doc);
    if (!s) return Unexpected(s.error());
    if (name_or_id.starts_with("arn:") && s->id != name_or_id) return std::optional<Stack>{};
    return std::optional<Stack>(std::move(*s));
}

Result<void> save_stack(store::Tx& tx, const Stack& s) {
    std::string running = fmt::format("{}/{}/{}", s.account, s.region, s.uuid());
    if (s.operation) {
        Node index = Node::make_object();
        index.add("StackId", str(s.id));
        if (auto ok = iam::put_doc(tx, "", k_running, running, index); !ok) return ok;
    } else if (auto gone = tx.erase("", k_running, running); !gone) {
        return Unexpected(gone.error());
    }
    return iam::put_doc(tx, s.account, k_stack, stack_key(s.region, s.uuid()), stack_to_doc(s));
}

Unexpected no_such_stack(std::string_view name_or_id) {
    return fail("ValidationError", fmt::format("Stack with id {} does not exist", name_or_id));
}

Event stack_event(const Stack& s, std::string status, std::string reason) {
    return Event{s.name, s.id, "AWS::CloudFormation::Stack", std::move(status), std::move(reason), Node()};
}

Result<void> add_event(store::Tx& tx, const Stack& s, const Event& e, Time now, std::string_view event_id) {
    auto seq = tx.increment(fmt::format("cfn-event/{}", s.uuid()));
    if (!seq) return Unexpected(seq.error());
    Node n = Node::make_object();
    n.add("StackId", str(s.id));
    n.add("EventId", str(event_id));
    n.add("StackName", str(s.name));
    n.add("LogicalResourceId", str(e.logical_id));
    if (!e.physical_id.empty()) n.add("PhysicalResourceId", str(e.physical_id));
    n.add("ResourceType", str(e.type));
    n.add("Timestamp", time_node(now));
    n.add("ResourceStatus", str(e.status));
    if (!e.reason.empty()) n.add("ResourceStatusReason", str(e.reason));
    if (!e.properties.is_null()) n.add("ResourceProperties", str(to_json(e.properties)));
    return iam::put_doc(tx, s.account, k_event, fmt::format("{}/{:010}", s.uuid(), *seq), n);
}

}  // namespace jg::cloud::cloudformation

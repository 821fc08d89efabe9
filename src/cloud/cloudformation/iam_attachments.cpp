#include "cloud/cloudformation/iam_attachments.hpp"

#include <algorithm>
#include <map>

#include "cloud/input.hpp"

namespace jg::cloud::cloudformation {

namespace {

Node for_principal(const Principal& p) { return object({{(p.kind + "Name").c_str(), p.name}}); }

std::map<std::string, std::string> inline_policies(const Node& props) {
    std::map<std::string, std::string> out;
    if (const Node* list = prop::find(props, "Policies"); list && list->is_array())
        for (const auto& item : list->items) out[prop::text(item, "PolicyName")] = prop::document(item, "PolicyDocument");
    return out;
}

Result<void> attach(const ActAs& as, const Principal& p, const std::string& arn) {
    Node in = for_principal(p);
    in.add("PolicyArn", str(arn));
    auto r = as.call("iam", "Attach" + p.kind + "Policy", in);
    if (!r) return Unexpected(r.error());
    return {};
}

Result<void> detach(const ActAs& as, const Principal& p, const std::string& arn) {
    Node in = for_principal(p);
    in.add("PolicyArn", str(arn));
    auto r = as.call("iam", "Detach" + p.kind + "Policy", in);
    if (!r && !is_not_found(r.error())) return Unexpected(r.error());
    return {};
}

Result<void> put(const ActAs& as, const Principal& p, const std::string& name, const std::string& document) {
    Node in = for_principal(p);
    in.add("PolicyName", str(name));
    in.add("PolicyDocument", str(document));
    auto r = as.call("iam", "Put" + p.kind + "Policy", in);
    if (!r) return Unexpected(r.error());
    return {};
}

Result<void> remove(const ActAs& as, const Principal& p, const std::string& name) {
    Node in = for_principal(p);
    in.add("PolicyName", str(name));
    auto r = as.call("iam", "Delete" + p.kind + "Policy", in);
    if (!r && !is_not_found(r.error())) return Unexpected(r.error());
    return {};
}

}  // namespace

Result<void> apply_policies(const ActAs& as, const Principal& p, const Node& props) {
    for (const auto& arn : prop::strings(props, "ManagedPolicyArns"))
        if (auto ok = attach(as, p, arn); !ok) return ok;
    for (const auto& [name, document] : inline_policies(props))
        if (auto ok = put(as, p, name, document); !ok) return ok;
    return {};
}

Result<void> update_policies(const ActAs& as, const Principal& p, const Node& before, const Node& after) {
    auto old_arns = prop::strings(before, "ManagedPolicyArns");
    auto new_arns = prop::strings(after, "ManagedPolicyArns");
    auto has = [](const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); };
    for (const auto& arn : old_arns)
        if (!has(new_arns, arn))
            if (auto ok = detach(as, p, arn); !ok) return ok;
    for (const auto& arn : new_arns)
        if (!has(old_arns, arn))
            if (auto ok = attach(as, p, arn); !ok) return ok;
    auto old_inline = inline_policies(before);
    auto new_inline = inline_policies(after);
    for (const auto& [name, document] : old_inline)
        if (!new_inline.count(name))
            if (auto ok = remove(as, p, name); !ok) return ok;
    for (const auto& [name, document] : new_inline) {
        auto it = old_inline.find(name);
        if (it == old_inline.end() || it->second != document)
            if (auto ok = put(as, p, name, document); !ok) return ok;
    }
    return {};
}

Result<void> strip_policies(const ActAs& as, const Principal& p) {
    Node in = for_principal(p);
    in.add("MaxItems", num(1000));
    auto attached = as.call("iam", "ListAttached" + p.kind + "Policies", in);
    if (!attached) return is_not_found(attached.error()) ? Result<void>{} : Unexpected(attached.error());
    if (const Node* list = attached->find("AttachedPolicies"); list && list->is_array())
        for (const auto& a : list->items)
            if (auto ok = detach(as, p, prop::text(a, "PolicyArn")); !ok) return ok;
    auto names = as.call("iam", "List" + p.kind + "Policies", in);
    if (!names) return is_not_found(names.error()) ? Result<void>{} : Unexpected(names.error());
    if (const Node* list = names->find("PolicyNames"); list && list->is_array())
        for (const auto& n : list->items)
            if (auto ok = remove(as, p, n.text); !ok) return ok;
    return {};
}

}  // namespace jg::cloud::cloudformation

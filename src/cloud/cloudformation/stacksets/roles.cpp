#include "cloud/cloudformation/stacksets/roles.hpp"

#include <fmt/format.h>

#include "cloud/input.hpp"
#include "cloud/sts/service_session.hpp"
#include "core/arn.hpp"

namespace jg::cloud::stacksets {

namespace {

Credentials session_of(const Node& out) {
    const Node* c = out.find("Credentials");
    auto text = [&](std::string_view k) {
        const Node* v = c ? c->find(k) : nullptr;
        return v ? v->text : std::string{};
    };
    return Credentials{text("AccessKeyId"), text("SessionToken")};
}

Node assume_input(const std::string& role_arn, const std::string& session_name) {
    Node in = Node::make_object();
    in.add("RoleArn", str(role_arn));
    in.add("RoleSessionName", str(session_name));
    return in;
}

}  // namespace

RoleChain::RoleChain(Cloud& cloud, std::string administration_role_arn, std::string execution_role_name,
                     std::string session_name, std::string admin_region)
    : m_cloud(cloud),
      m_admin_arn(std::move(administration_role_arn)),
      m_exec_name(std::move(execution_role_name)),
      m_session_name(std::move(session_name)),
      m_admin_region(std::move(admin_region)) {
    if (auto arn = parse_arn(m_admin_arn)) {
        m_admin_account = arn->account;
        std::string_view res = arn->resource;
        m_admin_role_name = std::string(res.substr(res.rfind('/') + 1));
    }
}

Result<Credentials> RoleChain::admin_session() {
    std::lock_guard lock(m_mutex);
    if (!m_admin) {
        RequestInfo info;
        info.region = m_admin_region;
        auto out = sts::assume_role_as_service(m_cloud, m_admin_arn, k_service_principal, m_session_name, info);
        if (out)
            m_admin = Result<Credentials>(*out);
        else if (out.error().code == "AccessDenied")
            m_admin = Result<Credentials>(fail(
                "AdministrationRole", fmt::format("Account {} should have '{}' role with trust relationship to "
                                                  "CloudFormation service.",
                                                  m_admin_account, m_admin_role_name)));
        else
            m_admin = Result<Credentials>(Unexpected(out.error()));
    }
    return *m_admin;
}

Result<Credentials> RoleChain::target_session(const std::string& account, const std::string& region) {
    auto admin = admin_session();
    if (!admin) return admin;
    RequestInfo info;
    info.region = region;
    std::string exec_arn = fmt::format("arn:aws:iam::{}:role/{}", account, m_exec_name);
    auto out = m_cloud.call(*admin, "sts", "AssumeRole", assume_input(exec_arn, m_session_name), info);
    if (out) return session_of(*out);
    if (out.error().code == "AccessDenied")
        return fail("ExecutionRole", fmt::format("Account {} should have '{}' role with trust relationship to Role '{}'.",
                                                 account, m_exec_name, m_admin_role_name));
    return Unexpected(out.error());
}

}  // namespace jg::cloud::stacksets

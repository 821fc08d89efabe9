// Federated principals in the audit: roles whose trust policy lets an identity provider
// (arn:aws:iam::A:oidc-provider/HOST or saml-provider/NAME) in through
// sts:AssumeRoleWithWebIdentity / sts:AssumeRoleWithSAML — how CI (GitHub Actions,
// GitLab, …) reaches AWS today. Each such trust becomes access-matrix rows (the role, and
// the roles its sessions chain to) naming the provider and its `sub` condition, and —
// when the role is, or reaches, an administrator-equivalent principal — a JG113 finding:
// for OIDC critical when no `sub` condition pins the workflow (none, a wildcard, or a
// negated operator), high when it is pinned; for SAML high (the IdP's Role attribute decides).
#pragma once

#include <vector>

#include "jump/audit/findings.hpp"
#include "jump/audit/graph.hpp"

namespace jg::jump::audit {

void add_federated(Graph& g, std::vector<Grant>& grants, std::vector<Finding>* findings);

}  // namespace jg::jump::audit

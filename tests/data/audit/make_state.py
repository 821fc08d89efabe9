#!/usr/bin/env python3
"""Builds the IAM state a deployment of the article's templates (seed) or of jumpgate's
(hardened) leaves behind, as `aws iam get-account-authorization-details` outputs (one
document per account, a JSON array), plus jumpgate's credential members.

The templates are rendered by `jumpgate template plan` (the project's own template
engine); this script only maps the planned resources to IAM entities, as CloudFormation
would create them. Accounts and users follow the article's scenario:

  admin 111111111111; project-a = 222222222222 (prod), 333333333333 (staging)
  yamada (group-admin), tanaka (group-developer), sato (group-developer-project-a),
  suzuki (group-operator-project-a): console users with MFA;
  ci-bot: no group, PowerUserAccess attached, an active access key (a CI user).

usage: make_state.py JUMPGATE TEMPLATES_DIR seed|hardened > state.json
"""
import json
import subprocess
import sys

ADMIN = "111111111111"
MEMBERS = ["222222222222", "333333333333"]
PROJECT = "project-a"


def plan(jumpgate, path, account, params):
    cmd = [jumpgate, "template", "plan", path, "--account", account, "--format", "json"]
    for k, v in params.items():
        cmd += ["--parameter", f"{k}={v}"]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)["resources"]


class Account:
    def __init__(self, account_id):
        self.id = account_id
        self.users, self.groups, self.roles, self.policies = [], [], [], []
        self.by_logical = {}  # logical id -> ARN (managed policies) or entity (roles)
        self.exports = {}

    def policy_arn(self, ref):
        if isinstance(ref, str):
            return ref
        if "Ref" in ref:
            return self.by_logical[ref["Ref"]]
        if "Fn::ImportValue" in ref:
            return self.exports[ref["Fn::ImportValue"]]
        raise ValueError(ref)

    def deploy(self, resources):
        for r in resources:
            p, t = r["properties"], r["type"]
            if t == "AWS::IAM::ManagedPolicy":
                arn = f"arn:aws:iam::{self.id}:policy/{p['ManagedPolicyName']}"
                self.by_logical[r["logical_id"]] = arn
                self.policies.append({"PolicyName": p["ManagedPolicyName"], "Arn": arn, "Path": "/",
                                      "DefaultVersionId": "v1", "IsAttachable": True,
                                      "PolicyVersionList": [{"Document": p["PolicyDocument"], "VersionId": "v1",
                                                             "IsDefaultVersion": True}]})
            elif t == "AWS::IAM::Group":
                name = p["GroupName"]
                self.groups.append({"Path": "/", "GroupName": name, "GroupId": "AGPA" + name.upper()[:17].ljust(17, "X"),
                                    "Arn": f"arn:aws:iam::{self.id}:group/{name}", "GroupPolicyList": [],
                                    "AttachedManagedPolicies": [
                                        {"PolicyName": self.policy_arn(a).split("/")[-1], "PolicyArn": self.policy_arn(a)}
                                        for a in p.get("ManagedPolicyArns", [])]})
            elif t == "AWS::IAM::Role":
                name = p["RoleName"]
                role = {"Path": "/", "RoleName": name, "RoleId": "AROA" + name.upper().replace("-", "")[:17].ljust(17, "X"),
                        "Arn": f"arn:aws:iam::{self.id}:role/{name}",
                        "AssumeRolePolicyDocument": p["AssumeRolePolicyDocument"], "InstanceProfileList": [],
                        "RolePolicyList": [{"PolicyName": i["PolicyName"], "PolicyDocument": i["PolicyDocument"]}
                                           for i in p.get("Policies", [])],
                        "AttachedManagedPolicies": [{"PolicyName": a.split("/")[-1], "PolicyArn": a}
                                                    for a in p.get("ManagedPolicyArns", [])],
                        "Tags": p.get("Tags", []), "RoleLastUsed": {}}
                self.by_logical[r["logical_id"]] = role
                self.roles.append(role)
            elif t == "AWS::IAM::Policy":
                for ref in p["Roles"]:
                    self.by_logical[ref["Ref"]]["RolePolicyList"].append(
                        {"PolicyName": p["PolicyName"], "PolicyDocument": p["PolicyDocument"]})
            else:
                raise ValueError(f"unexpected resource type {t}")
        for arn in [x["Arn"] for x in self.policies]:
            if arn.endswith("/policy-enforce-mfa"):
                self.exports["EnforceMFAPolicyArn"] = arn

    def user(self, name, groups, attached=(), mfa=True, console=True, key=False):
        self.users.append({"Path": "/", "UserName": name, "UserId": "AIDA" + name.upper().replace(".", "").replace("-", "")[:17].ljust(17, "X"),
                           "Arn": f"arn:aws:iam::{self.id}:user/{name}", "UserPolicyList": [], "GroupList": groups,
                           "AttachedManagedPolicies": [{"PolicyName": a.split("/")[-1], "PolicyArn": a} for a in attached],
                           "Tags": []})
        self.mfa = getattr(self, "mfa", []) + ([{"UserName": name, "SerialNumber": f"arn:aws:iam::{self.id}:mfa/{name}"}] if mfa else [])
        self.keys = getattr(self, "keys", []) + ([{"UserName": name, "AccessKeyId": "AKIA" + name.upper().replace("-", "")[:16].ljust(16, "X"), "Status": "Active"}] if key else [])
        self.logins = getattr(self, "logins", []) + ([{"UserName": name}] if console else [])

    def document(self, password_policy):
        return {"AccountId": self.id, "UserDetailList": self.users, "GroupDetailList": self.groups,
                "RoleDetailList": self.roles, "Policies": self.policies,
                "MFADevices": getattr(self, "mfa", []), "AccessKeyMetadata": getattr(self, "keys", []),
                "LoginProfiles": getattr(self, "logins", []), "PasswordPolicy": password_policy}


def main():
    jumpgate, templates, kind = sys.argv[1], sys.argv[2], sys.argv[3]
    t = lambda name: f"{templates}/{name}"
    admin = Account(ADMIN)
    members = [Account(m) for m in MEMBERS]
    hardened = kind == "hardened"
    # The runbook's order: execution role, administration role, groups, role StackSet.
    # The seed deploys the execution role and the role StackSet to the admin account too.
    for a in ([admin] if not hardened else []) + members:
        a.deploy(plan(jumpgate, t("stackset-execution-role.yaml"), a.id, {"AdminAccountId": ADMIN}))
    admin.deploy(plan(jumpgate, t("stackset-admin-role.yaml"), ADMIN, {}))
    admin.deploy(plan(jumpgate, t("iam-global-groups.yaml"), ADMIN, {}))
    if hardened:
        admin.deploy(plan(jumpgate, t("iam-groups.yaml"), ADMIN, {"ProjectName": PROJECT, "AccountIds": ",".join(MEMBERS)}))
    else:
        admin.deploy(plan(jumpgate, t("iam-groups.yaml"), ADMIN,
                          {"ProjectName": PROJECT, "ProdAccountId": MEMBERS[0], "StagingAccountId": MEMBERS[1]}))
    for a in ([admin] if not hardened else []) + members:
        a.deploy(plan(jumpgate, t("iam-roles.yaml"), a.id, {"AdminAccountId": ADMIN}))
    admin.user("yamada", ["group-admin"])
    admin.user("tanaka", ["group-developer"])
    admin.user("sato", [f"group-developer-{PROJECT}"])
    admin.user("suzuki", [f"group-operator-{PROJECT}"])
    admin.user("ci-bot", [], attached=["arn:aws:iam::aws:policy/PowerUserAccess"], mfa=False, console=False, key=True)
    cis = {"MinimumPasswordLength": 14, "PasswordReusePrevention": 24, "RequireSymbols": True, "RequireNumbers": True,
           "RequireUppercaseCharacters": True, "RequireLowercaseCharacters": True, "ExpirePasswords": False,
           "AllowUsersToChangePassword": True}
    out = [admin.document(cis if hardened else None)] + [m.document(None) for m in members]
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

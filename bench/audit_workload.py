#!/usr/bin/env python3
"""Synthetic auth-details for `bench/run.sh audit`: the article's shape at scale.

1,000 accounts: the admin account 100000000000 and 999 member accounts in 99 projects
(about 10 accounts each); 5,000 users in 300 groups (3 global + 99 projects x 3 tiers),
each user in one or two groups; the seed's documents (taken from tests/data/audit/
seed.json, i.e. rendered from the article's templates), so the developer -> execution-role
path and the BoolIfExists trusts exist at scale. One file per account, as the aws CLI
writes them.

usage: audit_workload.py OUT_DIR
"""
import copy
import json
import os
import random
import sys

here = os.path.dirname(os.path.abspath(__file__))
seed = json.load(open(os.path.join(here, "..", "tests", "data", "audit", "seed.json")))
SEED_ADMIN, SEED_MEMBER = "111111111111", "222222222222"
TIERS = ["admin", "developer", "operator"]


def retarget(doc, account):
    return json.loads(json.dumps(doc).replace(SEED_ADMIN, ADMIN).replace(SEED_MEMBER, account))


ADMIN = "100000000000"
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = random.Random(7)
members = [str(200000000000 + i) for i in range(999)]
projects = {f"p{i:02d}": members[i::99] for i in range(99)}

seed_admin = seed[0]
seed_member = seed[1]
policy_doc = {p["PolicyName"]: p["PolicyVersionList"][0]["Document"] for p in seed_admin["Policies"]}
roles_admin = [r for r in seed_admin["RoleDetailList"]]
roles_member = [r for r in seed_member["RoleDetailList"]]


def role_entries(roles, account):
    out = []
    for r in roles:
        r = retarget(r, account)
        r["Arn"] = f"arn:aws:iam::{account}:role/{r['RoleName']}"
        out.append(r)
    return out


# The admin account: groups, policies, users, and (seed) its own roles.
policies, groups = [], []


def managed(name, doc):
    arn = f"arn:aws:iam::{ADMIN}:policy/{name}"
    policies.append({"PolicyName": name, "Arn": arn, "Path": "/", "DefaultVersionId": "v1", "IsAttachable": True,
                     "PolicyVersionList": [{"Document": doc, "VersionId": "v1", "IsDefaultVersion": True}]})
    return arn


enforce = managed("policy-enforce-mfa", retarget(policy_doc["policy-enforce-mfa"], ADMIN))
for tier in TIERS:
    arn = managed(f"policy-assume-role-{tier}", policy_doc[f"policy-assume-role-{tier}"])
    groups.append({"Path": "/", "GroupName": f"group-{tier}", "GroupId": f"AGPA{tier.upper():X<17}",
                   "Arn": f"arn:aws:iam::{ADMIN}:group/group-{tier}", "GroupPolicyList": [],
                   "AttachedManagedPolicies": [{"PolicyName": "policy-enforce-mfa", "PolicyArn": enforce},
                                               {"PolicyName": f"policy-assume-role-{tier}", "PolicyArn": arn}]})
for name, accounts in projects.items():
    for tier in TIERS:
        doc = copy.deepcopy(policy_doc[f"policy-assume-{tier}-role-project-a"])
        doc["Statement"][0]["Resource"] = [f"arn:aws:iam::{a}:role/role-{tier}" for a in accounts]
        arn = managed(f"policy-assume-{tier}-role-{name}", doc)
        gname = f"group-{tier}-{name}"
        groups.append({"Path": "/", "GroupName": gname, "GroupId": f"AGPA{gname.upper().replace('-', ''):X<17}"[:21],
                       "Arn": f"arn:aws:iam::{ADMIN}:group/{gname}", "GroupPolicyList": [],
                       "AttachedManagedPolicies": [{"PolicyName": "policy-enforce-mfa", "PolicyArn": enforce},
                                                   {"PolicyName": f"policy-assume-{tier}-role-{name}", "PolicyArn": arn}]})
users, mfa, keys, logins = [], [], [], []
names = [g["GroupName"] for g in groups]
for i in range(5000):
    name = f"user{i:04d}"
    # Mostly project groups; a few global ones (the article's admins and developers).
    chosen = rng.sample(names[3:], rng.choice([1, 1, 2]))
    if i % 100 == 0:
        chosen = [names[i // 100 % 3]]
    users.append({"Path": "/", "UserName": name, "UserId": f"AIDA{i:017d}", "Arn": f"arn:aws:iam::{ADMIN}:user/{name}",
                  "UserPolicyList": [], "GroupList": chosen, "AttachedManagedPolicies": [], "Tags": []})
    mfa.append({"UserName": name, "SerialNumber": f"arn:aws:iam::{ADMIN}:mfa/{name}"})
    logins.append({"UserName": name})
    if i % 50 == 0:
        keys.append({"UserName": name, "AccessKeyId": f"AKIA{i:016d}", "Status": "Active"})
admin_doc = {"AccountId": ADMIN, "UserDetailList": users, "GroupDetailList": groups,
             "RoleDetailList": role_entries(roles_admin, ADMIN), "Policies": policies,
             "MFADevices": mfa, "AccessKeyMetadata": keys, "LoginProfiles": logins, "PasswordPolicy": None}
json.dump(admin_doc, open(os.path.join(out, f"{ADMIN}.json"), "w"))
for account in members:
    doc = {"AccountId": account, "UserDetailList": [], "GroupDetailList": [],
           "RoleDetailList": role_entries(roles_member, account), "Policies": [],
           "MFADevices": [], "AccessKeyMetadata": [], "LoginProfiles": [], "PasswordPolicy": None}
    json.dump(doc, open(os.path.join(out, f"{account}.json"), "w"))
print(f"{1 + len(members)} accounts, {len(users)} users, {len(groups)} groups written to {out}")

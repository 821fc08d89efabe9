#!/usr/bin/env python3
"""A jumpgate file of the article's shape at scale, for bench/run.sh apply:
gen_jumpgate_file.py ACCOUNTS PROJECTS USERS > jumpgate.yaml

Hardened templates (the seed's allow two accounts per project); accounts split evenly over
the projects; every 50th user also in a global group, every user in one to three project
groups (deterministic: a fixed seed)."""
import random
import sys

accounts, projects, users = (int(a) for a in sys.argv[1:4])
rng = random.Random(7)
tiers = ["admin", "developer", "operator"]
per_project = max(1, accounts // projects)
out = ['admin_account: "100000000000"', "region: ap-northeast-1", "templates: hardened", "projects:"]
names = []
for p in range(projects):
    name = f"proj-{p:03d}"
    names.append(name)
    ids = [str(200000000000 + p * per_project + i) for i in range(per_project)]
    out.append(f"  {name}:")
    out.append("    accounts: [" + ", ".join(f'"{i}"' for i in ids) + "]")
out.append("users:")
for u in range(users):
    groups = set()
    if u % 50 == 0:
        groups.add(f"group-{rng.choice(tiers)}")
    for _ in range(rng.randint(1, 3)):
        groups.add(f"group-{rng.choice(tiers)}-{rng.choice(names)}")
    out.append(f"  user{u:05d}:")
    out.append("    groups: [" + ", ".join(sorted(groups)) + "]")
print("\n".join(out))

#!/usr/bin/env python3
"""The audit of files the real aws CLI wrote equals the live audit.

`jumpgate apply` deploys the article's scenario (templates: seed) into a fresh local cloud;
`jumpgate audit -f` reads it live. Then `jumpgate serve` serves that home, Debian's aws CLI
v2 writes `aws iam get-account-authorization-details` for every account of the file, and
`jumpgate audit -f --from-auth-details DIR` must report the same findings, ids included —
except those that need the credential facts the CLI's output does not carry (MFA devices,
access keys, login profiles, the password policy: JG105, JG106, JG107), which the live
audit alone can see.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from jgserve import ADMIN, JUMPGATE, Failure, Server, aws, check  # noqa: E402

FILE = f"""admin_account: "{ADMIN}"
region: ap-northeast-1
templates: seed
projects:
  project-a:
    accounts: ["222222222222", "333333333333"]
users:
  yamada: {{groups: [group-admin]}}
  tanaka: {{groups: [group-developer]}}
  sato: {{groups: [group-developer-project-a]}}
"""
ACCOUNTS = [ADMIN, "222222222222", "333333333333"]
CREDENTIAL_RULES = ("JG105", "JG106", "JG107")


def jumpgate(*args, ok=(0,)):
    p = subprocess.run([JUMPGATE, *args], capture_output=True, text=True, timeout=300)
    check(p.returncode in ok, f"jumpgate {' '.join(args)} exited {p.returncode}: {p.stderr.strip()}")
    return p


def main():
    work = tempfile.mkdtemp(prefix="jg-audit-e2e-")
    try:
        home = os.path.join(work, "home")
        path = os.path.join(work, "jumpgate.yaml")
        with open(path, "w") as f:
            f.write(FILE)
        jumpgate("apply", "-f", path, "--home", home, "--secrets-dir", os.path.join(work, "secrets"))

        # Live: exit 1, the seed has critical findings.
        live = json.loads(jumpgate("audit", "-f", path, "--home", home, "--format", "json", ok=(1,)).stdout)
        rules = {f["rule"] for f in live["findings"]}
        check({"JG101", "JG103", "JG104"} <= rules, f"live audit of the seed: rules {sorted(rules)}")
        check(not any(f["rule"] == "JG112" for f in live["findings"]), "apply made the file: no drift expected")

        # The aws CLI's files, one per account, through `jumpgate serve`.
        details = os.path.join(work, "details")
        os.makedirs(details)
        with Server(home=home, accounts=[]) as server:
            for account in ACCOUNTS:
                doc = aws(server, f"root-{account}", "iam", "get-account-authorization-details")
                check(isinstance(doc, dict) and "RoleDetailList" in doc, f"{account}: not an authorization-details document")
                with open(os.path.join(details, f"{account}.json"), "w") as f:
                    json.dump(doc, f)
        files = json.loads(jumpgate("audit", "-f", path, "--from-auth-details", details, "--format", "json",
                                    ok=(1,)).stdout)

        def ids(findings, drop_credential_rules):
            return sorted((f["id"], f["severity"], f["title"]) for f in findings
                          if not (drop_credential_rules and f["rule"] in CREDENTIAL_RULES))

        want, got = ids(live["findings"], True), ids(files["findings"], False)
        check(got == want, "findings differ between the live audit and the aws CLI's files:\n"
              f"  only live:  {sorted(set(want) - set(got))}\n  only files: {sorted(set(got) - set(want))}")
        # The same evidence and paths too, finding by finding.
        by_id = {f["id"]: f for f in files["findings"]}
        for f in live["findings"]:
            if f["rule"] in CREDENTIAL_RULES:
                continue
            check(by_id[f["id"]]["path"] == f["path"], f"{f['id']}: paths differ")
            check(by_id[f["id"]]["evidence"] == f["evidence"], f"{f['id']}: evidence differs")
        print(f"ok: {len(got)} findings equal between the live audit and the aws CLI's files "
              f"({len(live['findings']) - len(want)} live-only credential findings)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)

"""`jumpgate import` of a deployment the article's own aws CLI runbook made (issue 17).

The article's runbook runs command by command with Debian's aws CLI v2 against a fresh
`jumpgate serve` (the functions of article_runbook.py, reused: the bucket, the execution-role
stacks, the console's template-URL stacks, the role StackSet and its instances, the users;
section 5's single-account project deployed from the start), plus what a real admin account
also holds: a CI user with no console password and a user in a group of its own. Then
`jumpgate import --endpoint-url` writes the file; plan against the same server must create,
update or delete no account, stack, StackSet instance, user, login profile or membership:
only adoptions (jumpgate's tag on the users, its password policy). The templates the article
deployed are the published ones, which are not byte for byte jumpgate's text of them, so the
import writes them to a folder (custom) and names each. After one apply (the adoptions only)
plan is empty."""

import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import article_runbook as runbook  # noqa: E402
from jgserve import ADMIN, JUMPGATE, PROJECT_A_PROD, PROJECT_A_STAGING, REGION, Server, check, run_main  # noqa: E402

NEW_ACCOUNT = runbook.NEW_ACCOUNT
ACCOUNTS = [ADMIN, PROJECT_A_PROD, PROJECT_A_STAGING, NEW_ACCOUNT]
ADOPTABLE = {"user", "password-policy"}   # the only kinds an adoption may touch


def jumpgate(server, work, *args, ok=(0,)):
    env = server.client_env()
    env["JUMPGATE_HOME"] = os.path.join(work, "operator")   # no local cloud is opened
    p = subprocess.run([JUMPGATE, *args], capture_output=True, text=True, env=env, cwd=work, timeout=300)
    check(p.returncode in ok, f"jumpgate {' '.join(args)} exited {p.returncode}: {p.stdout}{p.stderr}")
    return p


def deploy_by_hand(server):
    """The article's runbook with the aws CLI, as article_runbook.py runs it."""
    runbook.section_1(server)
    for account in ACCOUNTS:
        runbook.section_2_1(server, account)
    runbook.console_stack(server, "stackset-admin-role.yaml", "stackset-admin-role")
    runbook.console_stack(server, "iam-global-groups.yaml", "iam-global-groups")
    runbook.console_stack(server, "iam-groups.yaml", "iam-groups-project-a",
                          ("ProdAccountId", PROJECT_A_PROD), ("StagingAccountId", PROJECT_A_STAGING),
                          ("HasStagingAccount", "true"), ("ProjectName", "project-a"))
    runbook.console_stack(server, "iam-groups.yaml", "iam-groups-new-project",
                          ("ProdAccountId", NEW_ACCOUNT), ("HasStagingAccount", "false"), ("ProjectName", "new-project"))
    runbook.section_2_4(server)
    runbook.stack_instances(server, NEW_ACCOUNT)
    runbook.section_2_5(server, "global-admin-yamada.taro", "group-admin")
    runbook.section_2_5(server, "global-operator-project-a-tanaka.hanako", "group-operator-project-a")
    # What else a real admin account holds: not jumpgate-shaped, so reported, not imported.
    runbook.aws(server, ADMIN, "iam", "create-user", "--user-name", "ci-deployer")
    runbook.aws(server, ADMIN, "iam", "create-access-key", "--user-name", "ci-deployer")
    runbook.aws(server, ADMIN, "iam", "create-group", "--group-name", "oncall")
    runbook.aws(server, ADMIN, "iam", "create-user", "--user-name", "sato.jiro")
    runbook.aws(server, ADMIN, "iam", "create-login-profile", "--user-name", "sato.jiro",
                "--password", "Xy7!first-password-42", "--password-reset-required")
    runbook.aws(server, ADMIN, "iam", "add-user-to-group", "--user-name", "sato.jiro", "--group-name", "oncall")
    runbook.aws(server, ADMIN, "iam", "add-user-to-group", "--user-name", "sato.jiro", "--group-name", "group-admin")


def main():
    work = tempfile.mkdtemp(prefix="jg-import-e2e-")
    try:
        with Server(accounts=ACCOUNTS) as server:
            deploy_by_hand(server)
            target = ["--endpoint-url", server.endpoint]
            p = jumpgate(server, work, "import", "-o", "imported.yaml", *target, "--admin-account", ADMIN,
                         "--region", REGION)
            text = open(os.path.join(work, "imported.yaml")).read()
            err = p.stderr
            check("next: jumpgate plan -f imported.yaml --endpoint-url" in p.stdout, f"import's next step: {p.stdout}")

            # The published templates are not jumpgate's text: a custom folder, each one named.
            check("templates: imported-templates\n" in text, f"templates line of {text}")
            folder = os.path.join(work, "imported-templates")
            for name in os.listdir(runbook.TEMPLATES):
                if name.endswith(".yaml"):
                    with open(os.path.join(runbook.TEMPLATES, name)) as a, open(os.path.join(folder, name)) as b:
                        check(a.read() == b.read(), f"{name}: the folder holds the deployed (published) body")
            check(err.count("differs from seed and hardened") == 5, f"each template's verdict on stderr: {err}")
            # The projects from the groups stacks' parameters (prod, staging / prod only).
            check(f'  project-a:\n    accounts: ["{PROJECT_A_PROD}", "{PROJECT_A_STAGING}"]  # prod, staging\n' in text,
                  f"project-a in {text}")
            check(f'  new-project:\n    accounts: ["{NEW_ACCOUNT}"]  # prod\n' in text, f"new-project in {text}")
            check("  global-admin-yamada.taro:  # not yet tagged ManagedBy=jumpgate: plan adopts it\n"
                  "    groups: [group-admin]\n" in text, f"yamada.taro in {text}")
            check("    groups: [group-operator-project-a]\n" in text, f"tanaka.hanako's group in {text}")
            # Not jumpgate-shaped: in the file as comments and on stderr, never dropped.
            for who, why in (("ci-deployer", "no console password (login profile)"),
                             ("sato.jiro", "in group oncall, which the file cannot declare")):
                check(f"#   {who}: " in text and why in text, f"{who} reported in the file: {text}")
                check(f"    {who}: " in err and why in err, f"{who} reported on stderr: {err}")
            check("plan: no other change" in err, f"import's own plan check: {err}")
            # Made by hand: jumpgate will update these stacks but never delete them; the file says so.
            check("stack(s) carry no ManagedBy=jumpgate tag (made by hand)" in text and
                  f"stackset-execution-role in {ADMIN}" in text, f"untagged stacks in the file's notes: {text}")

            # Refuses to overwrite without --force.
            again = jumpgate(server, work, "import", "-o", "imported.yaml", *target, "--admin-account", ADMIN,
                             "--region", REGION, ok=(2,))
            check("imported.yaml already exists; nothing was written (--force replaces it)" in again.stderr,
                  f"second import: {again.stderr}")

            # plan: adoptions only — no account, stack, instance, user, login profile or membership.
            plan = json.loads(jumpgate(server, work, "plan", "-f", "imported.yaml", *target, "--format", "json").stdout)
            drift = [c for c in plan["changes"] if not c.get("adoption")]
            check(not drift, f"plan after import changes: {drift}")
            adopted = sorted((c["kind"], c["name"]) for c in plan["changes"])
            check({k for k, _ in adopted} <= ADOPTABLE, f"adoptions touch only users' tags and the password policy: {adopted}")
            check(("user", "global-admin-yamada.taro") in adopted and ("password-policy", "account password policy") in adopted,
                  f"adoptions: {adopted}")
            text_plan = jumpgate(server, work, "plan", "-f", "imported.yaml", *target).stdout
            check(f"Plan: 0 to create, 0 to update, 0 to delete; {len(adopted)} to adopt" in text_plan,
                  f"plan text: {text_plan}")

            # The adoptions applied, nothing else changes and plan is empty; the users kept their groups.
            jumpgate(server, work, "apply", "-f", "imported.yaml", *target, "--auto-approve")
            jumpgate(server, work, "plan", "-f", "imported.yaml", *target, "--detailed-exitcode")
            iam = server.boto3("iam")
            tags = iam.list_user_tags(UserName="global-admin-yamada.taro")["Tags"]
            check({"Key": "ManagedBy", "Value": "jumpgate"} in tags, f"yamada.taro's tags after apply: {tags}")
            groups = sorted(g["GroupName"] for g in iam.list_groups_for_user(UserName="sato.jiro")["Groups"])
            check(groups == ["group-admin", "oncall"], f"sato.jiro (not imported) keeps its groups: {groups}")
            iam.get_user(UserName="ci-deployer")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    run_main(main)

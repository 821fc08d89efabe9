"""The article's runbook, command by command as written, with Debian's aws CLI v2 against a
fresh `jumpgate serve` (only `--endpoint-url` added): section 1 (the template bucket and its
policy, as the article's shell block), 2-1 (the execution-role stack in each account), 2-2
and 2-3 (the console's templateURL= deployments, done with `create-stack --template-url`),
2-4 (the role StackSet and its instances), 2-5 (users with login profiles) and section 5
(an account that joins later: its execution role, its project's groups, its instance).
The outputs the article shows are asserted, then the roles and groups that resulted."""

import os
import subprocess
import time

from jgserve import ADMIN, PROJECT_A_PROD, PROJECT_A_STAGING, REGION, SHARED, Server, check, run_main

NEW_ACCOUNT = "555555555555"   # section 5's account: it exists only after the first deployment
FIRST_ACCOUNTS = [ADMIN, PROJECT_A_PROD, PROJECT_A_STAGING]
TEMPLATES = os.path.join(SHARED, "seed", "templates")   # read in place, never copied
BUCKET = f"aws-iam-templates-{ADMIN}"
ROLES = ["role-admin", "role-developer", "role-operator"]


def aws(server, account, *args, shell=None):
    """One aws CLI v2 command as the account's root profile, run in the templates' directory
    (as the article's CloudShell session after its uploads); returns stdout. With `shell`, a
    bash script whose `aws` adds the endpoint."""
    env = server.client_env()
    env["AWS_PROFILE"] = f"root-{account}"
    if shell is not None:
        script = f'aws() {{ /usr/bin/aws --endpoint-url "{server.endpoint}" "$@"; }}\nset -e\n{shell}'
        cmd = ["bash", "-c", script]
    else:
        cmd = ["/usr/bin/aws", "--endpoint-url", server.endpoint] + list(args)
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=TEMPLATES, timeout=120)
    shown = shell.strip().splitlines()[0] + " …" if shell is not None else "aws " + " ".join(args)
    check(p.returncode == 0, f"`{shown}` as root-{account} failed ({p.returncode}): {p.stderr.strip()}")
    return p.stdout


def template_url(key):
    return f"https://{BUCKET}.s3.{REGION}.amazonaws.com/{key}"


def wait_for(what, poll, done, failed=()):
    """Polls (each CLI v2 call costs about a second, so after a short pause) until `poll()`
    returns `done`; a status in `failed` or 60 s without `done` fails the test."""
    deadline = time.time() + 60
    while True:
        time.sleep(0.3)
        status = poll()
        if status == done:
            return
        check(status not in failed and time.time() < deadline, f"{what}: status {status!r}, expected {done}")


def section_1(server):
    """1-1, the article's shell block verbatim (CloudShell's credentials are the admin root)."""
    out = aws(server, ADMIN, shell=r"""
export ADMIN_ACCOUNT_ID=$(aws sts get-caller-identity --query "Account" --output text)
export BUCKET_NAME=aws-iam-templates-${ADMIN_ACCOUNT_ID}
export REGION=ap-northeast-1

aws s3 mb s3://${BUCKET_NAME} --region ${REGION}

aws s3 cp stackset-admin-role.yaml s3://${BUCKET_NAME}/
aws s3 cp iam-global-groups.yaml s3://${BUCKET_NAME}/
aws s3 cp iam-groups.yaml s3://${BUCKET_NAME}/
aws s3 cp iam-roles.yaml s3://${BUCKET_NAME}/

aws s3api put-bucket-policy --bucket ${BUCKET_NAME} --policy '{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::'${ADMIN_ACCOUNT_ID}':root"
      },
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::'${BUCKET_NAME}'/*"
    }
  ]
}'

echo '--- s3 ls | grep'
aws s3 ls | grep ${BUCKET_NAME}

echo '--- s3 ls bucket'
aws s3 ls s3://${BUCKET_NAME}/
""")
    _, rest = out.split("--- s3 ls | grep\n")
    grep, listing = rest.split("--- s3 ls bucket\n")
    check(out.startswith(f"make_bucket: {BUCKET}\n"), f"s3 mb output: {out.splitlines()[0]!r}")
    for name in ("stackset-admin-role.yaml", "iam-global-groups.yaml", "iam-groups.yaml", "iam-roles.yaml"):
        check(f"upload: ./{name} to s3://{BUCKET}/{name}" in out, f"s3 cp of {name}: {out}")
    check(grep.strip().endswith(f" {BUCKET}") and len(grep.strip().splitlines()) == 1, f"s3 ls | grep: {grep!r}")
    files = {}
    for line in listing.strip().splitlines():
        date, clock, size, name = line.split()
        files[name] = int(size)
    expected = {n: os.path.getsize(os.path.join(TEMPLATES, n)) for n in
                ("iam-global-groups.yaml", "iam-groups.yaml", "iam-roles.yaml", "stackset-admin-role.yaml")}
    check(files == expected, f"s3 ls s3://{BUCKET}/ shows {files}, expected {expected}")
    policy = aws(server, ADMIN, "s3api", "get-bucket-policy", "--bucket", BUCKET, "--query", "Policy",
                 "--output", "text")
    check(f'"arn:aws:iam::{ADMIN}:root"' in policy and f'"arn:aws:s3:::{BUCKET}/*"' in policy, f"policy {policy}")


def stack_status(server, account, name):
    return aws(server, account, "cloudformation", "describe-stacks", "--stack-name", name,
               "--query", "Stacks[0].StackStatus").strip()


def create_stack_and_wait(server, account, name, *args):
    aws(server, account, "cloudformation", "create-stack", "--stack-name", name, *args)
    wait_for(f"stack {name} in {account}", lambda: stack_status(server, account, name), '"CREATE_COMPLETE"',
             failed=('"CREATE_FAILED"', '"ROLLBACK_IN_PROGRESS"', '"ROLLBACK_COMPLETE"', '"ROLLBACK_FAILED"'))


def section_2_1(server, account):
    """2-1-2: the execution-role stack, from the file CloudShell uploaded."""
    create_stack_and_wait(server, account, "stackset-execution-role",
                          "--template-body", "file://stackset-execution-role.yaml",
                          "--parameters", f"ParameterKey=AdminAccountId,ParameterValue={ADMIN}",
                          "--capabilities", "CAPABILITY_NAMED_IAM",
                          "--enable-termination-protection")


def console_stack(server, key, name, *params):
    """2-2 and 2-3: the console's templateURL= link with termination protection and the
    named-IAM acknowledgement, as the CLI sends it."""
    args = ["--template-url", template_url(key), "--capabilities", "CAPABILITY_NAMED_IAM",
            "--enable-termination-protection"]
    if params:
        args += ["--parameters"] + [f"ParameterKey={k},ParameterValue={v}" for k, v in params]
    create_stack_and_wait(server, ADMIN, name, *args)


def stack_instances(server, accounts):
    """2-4-2 step 4 (5-3-2 step 2): instances for `accounts` (one comma-separated argument)
    and the operation polled until SUCCEEDED."""
    op = aws(server, ADMIN, "cloudformation", "create-stack-instances", "--stack-set-name", "iam-roles",
             "--accounts", accounts, "--regions", "ap-northeast-1",
             "--operation-preferences", "MaxConcurrentPercentage=100,FailureTolerancePercentage=0",
             "--query", "OperationId", "--output", "text").strip()
    check(op, "create-stack-instances printed no OperationId")
    wait_for(f"operation {op}", lambda: aws(server, ADMIN, "cloudformation", "describe-stack-set-operation",
                                              "--stack-set-name", "iam-roles", "--operation-id", op,
                                              "--query", "StackSetOperation.Status", "--output", "text").strip(),
             "SUCCEEDED", failed=("FAILED", "STOPPED"))


def section_2_4(server):
    aws(server, ADMIN, "cloudformation", "create-stack-set", "--stack-set-name", "iam-roles",
        "--template-url", template_url("iam-roles.yaml"),
        "--parameters", f"ParameterKey=AdminAccountId,ParameterValue={ADMIN}",
        "--capabilities", "CAPABILITY_NAMED_IAM", "--permission-model", "SELF_MANAGED",
        "--execution-role-name", "AWSCloudFormationStackSetExecutionRole")
    status = aws(server, ADMIN, "cloudformation", "describe-stack-set", "--stack-set-name", "iam-roles",
                 "--query", "StackSet.Status", "--output", "text").strip()
    check(status == "ACTIVE", f"describe-stack-set Status {status!r}")
    stack_instances(server, f"{PROJECT_A_PROD},{PROJECT_A_STAGING},{ADMIN}")


def section_2_5(server, user, group):
    """2-5-2: the user, its group, a random password that must be reset (the article's shell)."""
    out = aws(server, ADMIN, shell=f"""
aws iam create-user --user-name {user}
aws iam add-user-to-group --user-name {user} --group-name {group}
PASSWORD=$(openssl rand -base64 12)$(echo '!@#$%^&*()_+-=' | fold -w1 | shuf | head -n1)
aws iam create-login-profile --user-name {user} --password "$PASSWORD" --password-reset-required
echo "初期パスワード: $PASSWORD"
""")
    check(f'"UserName": "{user}"' in out and '"PasswordResetRequired": true' in out and "初期パスワード: " in out,
          f"2-5 output for {user}: {out}")


def check_result(server, accounts):
    """What the runbook built: the three roles (and the execution role) in every account, the
    groups and their policies in the admin account, the users in their groups."""
    for account in accounts:
        iam = server.boto3("iam", account=account)
        names = {r["RoleName"] for r in iam.list_roles()["Roles"]}
        check(set(ROLES) | {"AWSCloudFormationStackSetExecutionRole"} <= names, f"roles in {account}: {names}")
        attached = iam.list_attached_role_policies(RoleName="role-admin")["AttachedPolicies"]
        check([p["PolicyName"] for p in attached] == ["AdministratorAccess"], f"role-admin in {account}: {attached}")
    instances = server.boto3("cloudformation").list_stack_instances(StackSetName="iam-roles")["Summaries"]
    deployed = sorted((i["Account"], i["Region"], i["Status"]) for i in instances)
    check(deployed == sorted((a, REGION, "CURRENT") for a in accounts), f"iam-roles instances {deployed}")
    iam = server.boto3("iam")
    check("AWSCloudFormationStackSetAdministrationRole" in {r["RoleName"] for r in iam.list_roles()["Roles"]},
          "the administration role of 2-2")
    groups = {g["GroupName"] for g in iam.list_groups()["Groups"]}
    expected = {f"group-{r}{p}" for r in ("admin", "developer", "operator") for p in ("", "-project-a", "-new-project")}
    check(groups == expected, f"groups {sorted(groups)}, expected {sorted(expected)}")
    policy = iam.get_policy(PolicyArn=f"arn:aws:iam::{ADMIN}:policy/policy-assume-admin-role-new-project")["Policy"]
    doc = iam.get_policy_version(PolicyArn=policy["Arn"], VersionId=policy["DefaultVersionId"])["PolicyVersion"]
    check(doc["Document"]["Statement"][0]["Resource"] == [f"arn:aws:iam::{NEW_ACCOUNT}:role/role-admin"],
          f"new-project's admin policy (no staging): {doc['Document']}")
    members = [u["UserName"] for u in iam.get_group(GroupName="group-operator-project-a")["Users"]]
    check(members == ["global-operator-project-a-tanaka.hanako"], f"group-operator-project-a has {members}")
    check(iam.get_login_profile(UserName="global-admin-yamada.taro")["LoginProfile"]["PasswordResetRequired"],
          "the login profile requires a reset")
    for account in (ADMIN, NEW_ACCOUNT):
        term = server.boto3("cloudformation", account=account).describe_stacks(
            StackName="stackset-execution-role")["Stacks"][0]["EnableTerminationProtection"]
        check(term, f"termination protection of stackset-execution-role in {account}")


def main():
    with Server(accounts=FIRST_ACCOUNTS) as server:
        section_1(server)
        for account in FIRST_ACCOUNTS:
            section_2_1(server, account)
        console_stack(server, "stackset-admin-role.yaml", "stackset-admin-role")
        console_stack(server, "iam-global-groups.yaml", "iam-global-groups")
        console_stack(server, "iam-groups.yaml", "iam-groups-project-a",
                      ("ProdAccountId", PROJECT_A_PROD), ("StagingAccountId", PROJECT_A_STAGING),
                      ("HasStagingAccount", "true"), ("ProjectName", "project-a"))
        section_2_4(server)
        section_2_5(server, "global-admin-yamada.taro", "group-admin")
        section_2_5(server, "global-operator-project-a-tanaka.hanako", "group-operator-project-a")
        server.stop()

        # Section 5: an account that did not exist at first joins (the server restarts on
        # the same home with it; its root profile is added to the credentials).
        again = Server(home=server.home, accounts=FIRST_ACCOUNTS + [NEW_ACCOUNT]).start()
        try:
            section_2_1(again, NEW_ACCOUNT)
            console_stack(again, "iam-groups.yaml", "iam-groups-new-project",
                          ("ProdAccountId", NEW_ACCOUNT), ("HasStagingAccount", "false"), ("ProjectName", "new-project"))
            stack_instances(again, NEW_ACCOUNT)
            check_result(again, FIRST_ACCOUNTS + [NEW_ACCOUNT])
            again.stop()
        finally:
            again.cleanup()


if __name__ == "__main__":
    run_main(main)

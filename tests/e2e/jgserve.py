"""Shared pieces of the end-to-end tests: a fresh `jumpgate serve` on a free port with its
own home, clients pointed at it, and the article's IAM set-up (the seed templates'
policies, groups and roles created with plain IAM calls)."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import yaml

ADMIN = "111111111111"        # the Jump account: every IAM user lives here
PROJECT_A_PROD = "222222222222"
PROJECT_A_STAGING = "333333333333"
PROJECT_B_PROD = "444444444444"
MEMBERS = [PROJECT_A_PROD, PROJECT_A_STAGING, PROJECT_B_PROD]
ALL_ACCOUNTS = [ADMIN] + MEMBERS
REGION = "ap-northeast-1"     # the article's region; IAM and STS are global per account

JUMPGATE = os.environ.get("JUMPGATE_BIN", "")
SHARED = os.environ.get("JUMPGATE_SHARED", os.path.join(os.path.dirname(__file__), "../../../shared"))


class Failure(AssertionError):
    pass


def check(cond, what):
    """An assertion that always runs and says what was expected."""
    if not cond:
        raise Failure(what)


class Server:
    """`jumpgate serve --port 0` on a home of its own (or a given one, for restarts)."""

    def __init__(self, home=None, accounts=ALL_ACCOUNTS, extra_args=()):
        check(JUMPGATE and os.access(JUMPGATE, os.X_OK), "JUMPGATE_BIN must name the jumpgate binary")
        self.extra_args = list(extra_args)
        self.own_home = home is None
        self.home = home or tempfile.mkdtemp(prefix="jg-e2e-")
        self.accounts = accounts
        self.proc = None

    def start(self):
        args = [JUMPGATE, "serve", "--home", self.home, "--port", "0"]
        if self.accounts:
            args += ["--accounts", ",".join(self.accounts)]
        args += self.extra_args
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().rstrip("\n")
        m = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if not m:
            self.proc.kill()
            raise Failure(f"first stdout line of jumpgate serve: {line!r}; stderr: {self.proc.stderr.read()}")
        self.port = int(m.group(1))
        self.endpoint = f"http://127.0.0.1:{self.port}"
        return self

    def stop(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                rc = self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                raise Failure("jumpgate serve did not stop within 20 s of the signal")
            check(rc == 0, f"jumpgate serve exited {rc} on signal {sig}: {self.proc.stderr.read()}")
        self.proc = None

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def cleanup(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.own_home:
            shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        try:
            if exc[0] is None:
                self.stop()
        finally:
            self.cleanup()

    @property
    def credentials_file(self):
        return os.path.join(self.home, "credentials")

    def root_keys(self, account):
        """(access key id, secret) of the account's [root-ID] profile."""
        import configparser
        cp = configparser.ConfigParser()
        cp.read(self.credentials_file)
        section = cp[f"root-{account}"]
        return section["aws_access_key_id"], section["aws_secret_access_key"]

    def add_profile(self, name, key, secret, token=None):
        """Appends a profile to the home's credentials file (for the aws CLIs)."""
        with open(self.credentials_file, "a") as f:
            f.write(f"\n[{name}]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\n")
            if token:
                f.write(f"aws_session_token = {token}\n")

    def profile_keys(self, name):
        """(key, secret, token) of a profile in the home's credentials file."""
        import configparser
        cp = configparser.ConfigParser()
        cp.read(self.credentials_file)
        section = cp[name]
        return (section["aws_access_key_id"], section["aws_secret_access_key"],
                section.get("aws_session_token"))

    def boto3(self, service, key=None, secret=None, token=None, account=ADMIN, **kw):
        import boto3
        from botocore.config import Config
        if key is None:
            key, secret = self.root_keys(account)
        return boto3.client(service, endpoint_url=self.endpoint, region_name=REGION, aws_access_key_id=key,
                            aws_secret_access_key=secret, aws_session_token=token,
                            config=Config(retries={"max_attempts": 1}, **kw))

    def client_env(self):
        """Environment for the aws CLIs: the home's credentials, no user config."""
        env = dict(os.environ)
        env.update(AWS_SHARED_CREDENTIALS_FILE=self.credentials_file, AWS_CONFIG_FILE=os.devnull,
                   AWS_DEFAULT_REGION=REGION, AWS_PAGER="", AWS_EC2_METADATA_DISABLED="true")
        for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
            env.pop(k, None)
        return env


def aws(server, profile, *args, cli=("/usr/bin/aws",), expect_error=None, endpoint_flag=True):
    """Runs an aws CLI command as `profile`; returns its parsed JSON output (or text). With
    expect_error, the command must fail with that error code in its message."""
    cmd = list(cli) + (["--endpoint-url", server.endpoint] if endpoint_flag else []) + \
        ["--profile", profile, "--output", "json"] + list(args)
    p = subprocess.run(cmd, capture_output=True, text=True, env=server.client_env(), timeout=120)
    shown = " ".join(args)
    if expect_error:
        check(p.returncode != 0, f"`aws {shown}` succeeded, expected {expect_error}: {p.stdout}")
        check(f"({expect_error})" in p.stderr, f"`aws {shown}`: expected ({expect_error}), got: {p.stderr.strip()}")
        return p.stderr
    check(p.returncode == 0, f"`aws {shown}` failed ({p.returncode}): {p.stderr.strip()}")
    out = p.stdout.strip()
    return json.loads(out) if out.startswith(("{", "[")) else out


def totp_codes(seed, at_offset_seconds=0, count=1):
    """`count` consecutive TOTP codes of `seed` starting at now+offset, from oathtool."""
    when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(time.time() + at_offset_seconds))
    p = subprocess.run(["oathtool", "--totp", "-b", "-N", when, "-w", str(count - 1), seed],
                       capture_output=True, text=True, check=True)
    return p.stdout.split()


# ---- the seed templates, read as plain IAM documents ----

def _template_loader():
    class Loader(yaml.SafeLoader):
        pass
    for tag, fn in (("!Sub", "Fn::Sub"), ("!Ref", "Ref"), ("!ImportValue", "Fn::ImportValue"), ("!GetAtt", "Fn::GetAtt"),
                    ("!If", "Fn::If"), ("!Equals", "Fn::Equals")):
        Loader.add_constructor(tag, lambda loader, node, fn=fn: {fn: loader.construct_scalar(node)
                                                                   if isinstance(node, yaml.ScalarNode)
                                                                   else loader.construct_sequence(node)})
    return Loader


def load_template(name):
    with open(os.path.join(SHARED, "seed", "templates", name)) as f:
        return yaml.load(f, Loader=_template_loader())


def resolve(value, params, conditions=None, refs=None):
    """The few intrinsics the seed's policy documents use: Sub, Ref, If, NoValue."""
    if isinstance(value, dict):
        if "Fn::Sub" in value:
            def sub(m):
                name = m.group(1)
                if name.startswith("!"):
                    return "${" + name[1:] + "}"
                return str(params[name])
            return re.sub(r"\$\{([^}]+)\}", sub, value["Fn::Sub"])
        if "Ref" in value:
            name = value["Ref"]
            if name == "AWS::NoValue":
                return None
            return (refs or {}).get(name, params.get(name))
        if "Fn::If" in value:
            cond, yes, no = value["Fn::If"]
            return resolve(yes if (conditions or {})[cond] else no, params, conditions, refs)
        if "Fn::ImportValue" in value:
            return (refs or {})[value["Fn::ImportValue"]]
        out = {k: resolve(v, params, conditions, refs) for k, v in value.items()}
        return {k: v for k, v in out.items() if v is not None}
    if isinstance(value, list):
        return [x for x in (resolve(v, params, conditions, refs) for v in value) if x is not None]
    return value


def apply_iam_template(iam, name, params, conditions=None, refs=None):
    """Creates the template's managed policies, groups and roles with IAM calls (what the
    stacks would create), in template order; returns {logical id: ARN or name}."""
    refs = dict(refs or {})
    account = params["AWS::AccountId"]
    for logical, res in load_template(name)["Resources"].items():
        props = resolve(res["Properties"], params, conditions, refs)
        if res["Type"] == "AWS::IAM::ManagedPolicy":
            arn = iam.create_policy(PolicyName=props["ManagedPolicyName"],
                                    PolicyDocument=json.dumps(props["PolicyDocument"]))["Policy"]["Arn"]
            check(arn == f"arn:aws:iam::{account}:policy/{props['ManagedPolicyName']}", f"policy ARN {arn}")
            refs[logical] = arn
        elif res["Type"] == "AWS::IAM::Group":
            iam.create_group(GroupName=props["GroupName"])
            for arn in props.get("ManagedPolicyArns", []):
                iam.attach_group_policy(GroupName=props["GroupName"], PolicyArn=arn)
            refs[logical] = props["GroupName"]
        elif res["Type"] == "AWS::IAM::Role":
            iam.create_role(RoleName=props["RoleName"], AssumeRolePolicyDocument=json.dumps(props["AssumeRolePolicyDocument"]),
                            Tags=props.get("Tags", []))
            for arn in props.get("ManagedPolicyArns", []):
                iam.attach_role_policy(RoleName=props["RoleName"], PolicyArn=arn)
            refs[logical] = props["RoleName"]
        else:
            raise Failure(f"unexpected resource type {res['Type']} in {name}")
    return refs


def setup_jump_iam(server):
    """The article's IAM, built with IAM calls as root: global groups and the MFA policy,
    project groups for project-a (prod + staging) and project-b (prod only) in the admin
    account, the three roles in every member account."""
    iam = server.boto3("iam")
    refs = apply_iam_template(iam, "iam-global-groups.yaml", {"AWS::AccountId": ADMIN})
    imports = {"EnforceMFAPolicyArn": refs["EnforceMFAPolicy"]}
    for project, prod, staging in (("project-a", PROJECT_A_PROD, PROJECT_A_STAGING), ("project-b", PROJECT_B_PROD, "")):
        apply_iam_template(iam, "iam-groups.yaml",
                           {"AWS::AccountId": ADMIN, "ProjectName": project, "ProdAccountId": prod,
                            "StagingAccountId": staging},
                           conditions={"HasStaging": bool(staging)}, refs=imports)
    for account in MEMBERS:
        apply_iam_template(server.boto3("iam", account=account), "iam-roles.yaml",
                           {"AWS::AccountId": account, "AdminAccountId": ADMIN})


def create_user(server, name, group):
    """A user in the admin account, in `group`, with an access key; returns (key, secret)."""
    iam = server.boto3("iam")
    iam.create_user(UserName=name)
    iam.add_user_to_group(UserName=name, GroupName=group)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def run_main(fn):
    """Runs a test function, printing PASS/FAIL and its time; exit status for ctest."""
    start = time.time()
    try:
        fn()
    except Failure as e:
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)
    print(f"PASS ({time.time() - start:.1f} s)")

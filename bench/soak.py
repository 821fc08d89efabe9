"""bench/run.sh soak: a bounded mixed workload against a running `jumpgate serve`, with its
resident memory sampled from /proc. Reads (GetCallerIdentity, GetUser, ListUsers, S3
GetObject/ListObjectsV2), writes (CreateUser/DeleteUser with an inline policy, S3
PutObject/DeleteObject), stacks (CreateStack/DeleteStack of a role template) and StackSet
operations (CreateStackInstances/DeleteStackInstances over two member accounts) run from
several threads for SECONDS; prints RSS at the start, after the first minute and at the
end, and the requests served.
Usage: soak.py ENDPOINT PID ADMIN_ACCOUNT MEMBER,MEMBER SHARED_DIR SECONDS [THREADS]"""

import configparser
import json
import os
import sys
import threading
import time

import boto3
from botocore.config import Config

endpoint, pid, admin, members, shared, seconds = sys.argv[1:7]
members = members.split(",")
seconds = float(seconds)
threads = int(sys.argv[7]) if len(sys.argv) > 7 else 4
home = os.environ["JUMPGATE_HOME"]
REGION = "us-east-1"
TEMPLATES = os.path.join(shared, "seed", "templates")


def rss_kib():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise SystemExit("soak: the server is gone")


def keys(account):
    cp = configparser.ConfigParser()
    cp.read(os.path.join(home, "credentials"))
    s = cp[f"root-{account}"]
    return s["aws_access_key_id"], s["aws_secret_access_key"]


def client(service, account=admin):
    key, secret = keys(account)
    return boto3.client(service, endpoint_url=endpoint, region_name=REGION, aws_access_key_id=key,
                        aws_secret_access_key=secret, config=Config(retries={"max_attempts": 1}))


def read(name):
    with open(os.path.join(TEMPLATES, name)) as f:
        return f.read()


def wait_stack(cfn, name, done):
    """Polls until the stack reaches one of `done`; returns the DescribeStacks calls made."""
    for calls in range(1, 601):
        status = cfn.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]
        if status in done:
            return calls
        if not status.endswith("IN_PROGRESS"):
            raise SystemExit(f"soak: stack {name} is {status}")
        time.sleep(0.05)
    raise SystemExit(f"soak: stack {name} did not finish")


def wait_operation(cfn, stack_set, op):
    """Polls until the operation succeeds; returns the calls made."""
    for calls in range(1, 1201):
        status = cfn.describe_stack_set_operation(StackSetName=stack_set, OperationId=op)["StackSetOperation"]["Status"]
        if status == "SUCCEEDED":
            return calls
        if status not in ("RUNNING", "QUEUED"):
            raise SystemExit(f"soak: stack set operation {op} is {status}")
        time.sleep(0.05)
    raise SystemExit(f"soak: stack set operation {op} did not finish")


# ---- set-up: the StackSet roles (through stacks), a bucket, a stack set ----
cfn = client("cloudformation")
cfn.create_stack(StackName="soak-admin-role", TemplateBody=read("stackset-admin-role.yaml"),
                 Capabilities=["CAPABILITY_NAMED_IAM"])
wait_stack(cfn, "soak-admin-role", {"CREATE_COMPLETE"})
for m in members:
    mc = client("cloudformation", m)
    mc.create_stack(StackName="soak-exec-role", TemplateBody=read("stackset-execution-role.yaml"),
                    Parameters=[{"ParameterKey": "AdminAccountId", "ParameterValue": admin}],
                    Capabilities=["CAPABILITY_NAMED_IAM"])
    wait_stack(mc, "soak-exec-role", {"CREATE_COMPLETE"})
ROLE_TEMPLATE = """AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  RoleName: {Type: String}
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Ref RoleName
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - {Effect: Allow, Principal: {AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:root'}, Action: 'sts:AssumeRole'}
"""
cfn.create_stack_set(StackSetName="soak-set", TemplateBody=ROLE_TEMPLATE,
                     Parameters=[{"ParameterKey": "RoleName", "ParameterValue": "soak-set-role"}],
                     Capabilities=["CAPABILITY_NAMED_IAM"], PermissionModel="SELF_MANAGED",
                     AdministrationRoleARN=f"arn:aws:iam::{admin}:role/AWSCloudFormationStackSetAdministrationRole",
                     ExecutionRoleName="AWSCloudFormationStackSetExecutionRole")
s3 = client("s3")
s3.create_bucket(Bucket="soak-bucket")
s3.put_object(Bucket="soak-bucket", Key="fixed", Body=b"x" * 4096)
client("iam").create_user(UserName="soak-reader")

served = [0] * (threads + 1)
failures = []
stop = threading.Event()


def worker(i):
    iam, sts, s3c, cf = client("iam"), client("sts"), client("s3"), client("cloudformation")
    n = 0
    try:
        while not stop.is_set():
            n += 1
            sts.get_caller_identity()
            iam.get_user(UserName="soak-reader")
            iam.list_users(MaxItems=20)
            s3c.get_object(Bucket="soak-bucket", Key="fixed")["Body"].read()
            s3c.list_objects_v2(Bucket="soak-bucket", MaxKeys=10)
            name = f"soak-{i}-{n}"
            iam.create_user(UserName=name)
            iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps({
                "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                                                        "Resource": "*"}]}))
            iam.delete_user_policy(UserName=name, PolicyName="p")
            iam.delete_user(UserName=name)
            s3c.put_object(Bucket="soak-bucket", Key=name, Body=os.urandom(2048))
            s3c.delete_object(Bucket="soak-bucket", Key=name)
            served[i] += 13
            if n % 10 == 0:  # a stack now and then
                stack = cf.create_stack(StackName=name, TemplateBody=ROLE_TEMPLATE,
                                        Capabilities=["CAPABILITY_NAMED_IAM"],
                                        Parameters=[{"ParameterKey": "RoleName", "ParameterValue": name}])["StackId"]
                calls = wait_stack(cf, stack, {"CREATE_COMPLETE"})
                cf.delete_stack(StackName=stack)
                calls += wait_stack(cf, stack, {"DELETE_COMPLETE"})
                served[i] += 2 + calls
    except Exception as e:  # noqa: BLE001 - reported and fails the soak
        failures.append(f"worker {i}: {e!r}")


def stack_sets():
    cf = client("cloudformation")
    try:
        while not stop.is_set():
            op = cf.create_stack_instances(StackSetName="soak-set", Accounts=members, Regions=[REGION])["OperationId"]
            calls = wait_operation(cf, "soak-set", op)
            op = cf.delete_stack_instances(StackSetName="soak-set", Accounts=members, Regions=[REGION],
                                           RetainStacks=False)["OperationId"]
            calls += wait_operation(cf, "soak-set", op)
            served[threads] += 2 + calls
    except Exception as e:  # noqa: BLE001
        failures.append(f"stack sets: {e!r}")


start_rss = rss_kib()
start = time.time()
pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)] + [threading.Thread(target=stack_sets)]
for t in pool:
    t.start()
first_minute = None
minute_mark = min(60.0, seconds / 3)
while time.time() - start < seconds and not failures:
    time.sleep(0.5)
    if first_minute is None and time.time() - start >= minute_mark:
        first_minute = (rss_kib(), sum(served), time.time() - start)
stop.set()
for t in pool:
    t.join()
end_rss = rss_kib()
elapsed = time.time() - start
if first_minute is None:
    first_minute = (end_rss, sum(served), elapsed)
total = sum(served)
print(f"soak: {elapsed:.0f} s, {threads} request threads + 1 stack-set thread, {total} requests served "
      f"({total / elapsed:.0f}/s; after {first_minute[2]:.0f} s: {first_minute[1]})")
print(f"RSS: start {start_rss / 1024:.1f} MiB, after {first_minute[2]:.0f} s {first_minute[0] / 1024:.1f} MiB, "
      f"end {end_rss / 1024:.1f} MiB")
growth = (end_rss - first_minute[0]) / first_minute[0] * 100
print(f"RSS growth after the first minute: {growth:+.1f}% (target < 10%)")
if failures:
    print("soak: failures:\n  " + "\n  ".join(failures[:5]), file=sys.stderr)
    sys.exit(1)

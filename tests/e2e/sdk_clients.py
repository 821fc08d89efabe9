"""The switch-role scenario with the machine's Python clients and the JS SDK v3: the aws
CLI v1 (`python3 -m awscli`, pointed at the server by AWS_ENDPOINT_URL alone), a boto3
script, and a Node script with @aws-sdk/client-{sts,iam,s3,cloudformation}."""

import json
import os
import subprocess
import sys

from jgserve import (ADMIN, PROJECT_A_PROD, PROJECT_B_PROD, Server, aws, check, create_user, run_main,
                     setup_jump_iam, totp_codes)

HERE = os.path.dirname(os.path.abspath(__file__))


def enable_mfa(server, keys, user):
    iam = server.boto3("iam", *keys)
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName=user)["VirtualMFADevice"]
    seed = device["Base32StringSeed"].decode()
    code1, code2 = totp_codes(seed, at_offset_seconds=-60, count=2)
    iam.enable_mfa_device(UserName=user, SerialNumber=device["SerialNumber"], AuthenticationCode1=code1,
                          AuthenticationCode2=code2)
    return device["SerialNumber"], seed


def main():
    with Server() as server:
        setup_jump_iam(server)

        # boto3: the global admin's whole path, denied first.
        keys = create_user(server, "global-admin-boto3", "group-admin")
        sts = server.boto3("sts", *keys)
        try:
            sts.assume_role(RoleArn=f"arn:aws:iam::{PROJECT_A_PROD}:role/role-admin", RoleSessionName="boto3")
            raise AssertionError("AssumeRole without MFA succeeded")
        except sts.exceptions.ClientError as e:
            check(e.response["Error"]["Code"] == "AccessDenied", f"without MFA: {e}")
        serial, seed = enable_mfa(server, keys, "global-admin-boto3")
        session = sts.get_session_token(SerialNumber=serial, TokenCode=totp_codes(seed)[0])["Credentials"]
        session_keys = (session["AccessKeyId"], session["SecretAccessKey"], session["SessionToken"])
        role = server.boto3("sts", *session_keys).assume_role(
            RoleArn=f"arn:aws:iam::{PROJECT_B_PROD}:role/role-admin", RoleSessionName="boto3")["Credentials"]
        role_keys = (role["AccessKeyId"], role["SecretAccessKey"], role["SessionToken"])
        s3 = server.boto3("s3", *role_keys)
        s3.create_bucket(Bucket="boto3-bucket", CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"})
        s3.put_object(Bucket="boto3-bucket", Key="k", Body=b"boto3 body")
        check(s3.get_object(Bucket="boto3-bucket", Key="k")["Body"].read() == b"boto3 body", "boto3 S3 round trip")
        check(server.boto3("s3", *role_keys, s3={"addressing_style": "virtual"}).list_objects_v2(
            Bucket="boto3-bucket")["KeyCount"] == 1, "virtual-hosted listing")

        # aws CLI v1: AWS_ENDPOINT_URL instead of --endpoint-url, the session as a profile.
        server.add_profile("admin-mfa", *session_keys)
        v1 = (sys.executable, "-m", "awscli")
        os.environ["AWS_ENDPOINT_URL"] = server.endpoint
        try:
            out = aws(server, "admin-mfa", "sts", "assume-role", "--role-arn",
                      f"arn:aws:iam::{PROJECT_A_PROD}:role/role-admin", "--role-session-name", "v1", cli=v1,
                      endpoint_flag=False)
            check(out["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{PROJECT_A_PROD}:assumed-role/role-admin/v1",
                  f"CLI v1 assume-role: {out}")
            aws(server, "admin-mfa", "sts", "assume-role", "--role-arn",
                f"arn:aws:iam::{PROJECT_A_PROD}:role/role-developer", "--role-session-name", "v1", cli=v1,
                endpoint_flag=False, expect_error="AccessDenied")
        finally:
            del os.environ["AWS_ENDPOINT_URL"]

        # The JS SDK v3.
        keys = create_user(server, "global-admin-js", "group-admin")
        serial, seed = enable_mfa(server, keys, "global-admin-js")
        env = dict(os.environ, ENDPOINT=server.endpoint, KEY=keys[0], SECRET=keys[1], MFA_SERIAL=serial,
                   MFA_CODE=totp_codes(seed)[0], ROLE_ARN=f"arn:aws:iam::{PROJECT_A_PROD}:role/role-admin")
        p = subprocess.run(["node", os.path.join(HERE, "sdk_clients.mjs")], capture_output=True, text=True, env=env,
                           timeout=120)
        check(p.returncode == 0, f"node: {p.stderr[-2000:]}")
        seen = json.loads(p.stdout.strip().splitlines()[-1])
        check(seen["denied"] == {"name": "AccessDenied", "status": 403}, f"JS without MFA: {seen['denied']}")
        check(seen["identity"] == f"arn:aws:sts::{PROJECT_A_PROD}:assumed-role/role-admin/js", f"JS: {seen}")
        check(seen["attached"] == ["AdministratorAccess"], f"JS attached: {seen['attached']}")
        check(seen["badUser"] == {"name": "ValidationError", "status": 400}, f"JS validation: {seen['badUser']}")
        check(seen["object"] == "hello from js" and seen["keys"] == ["dir/hello.txt"], f"JS S3: {seen}")
        check(seen["noKey"] == {"name": "NoSuchKey", "status": 404}, f"JS NoSuchKey: {seen['noKey']}")
        # CloudFormation answers in its own Query dialect: a number of stacks once the
        # handlers exist, until then NotImplemented (501) parsed as such by the SDK.
        check(isinstance(seen["stacks"], int) or seen["stacks"] == {"name": "NotImplemented", "status": 501},
              f"JS CloudFormation: {seen['stacks']}")


if __name__ == "__main__":
    run_main(main)

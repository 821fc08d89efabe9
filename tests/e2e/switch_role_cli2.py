"""The article's switch-role checks (section "スイッチロールしてみた") with Debian's aws CLI
v2 against `jumpgate serve`: without MFA the global admin cannot assume role-admin; after
registering a virtual MFA device (two consecutive oathtool codes) and taking an MFA session
with get-session-token, it assumes role-admin in every member account (get-caller-identity
shows the assumed-role ARN, list-attached-role-policies shows AdministratorAccess) but not
role-developer; the project-a operator reaches role-operator in project-a's accounts only,
and there can read but not write."""

import os
import time

from jgserve import (ADMIN, PROJECT_A_PROD, PROJECT_A_STAGING, PROJECT_B_PROD, Server, aws, check,
                     create_user, run_main, setup_jump_iam, totp_codes)

ADMIN_USER = "global-admin-yamada.taro"
OPERATOR_USER = "global-operator-project-a-tanaka.hanako"


def enable_mfa_with_cli(server, profile, user, workdir):
    """The user registers a virtual MFA device with the CLI and returns its serial and seed."""
    seed_file = os.path.join(workdir, f"{user}.seed")
    device = aws(server, profile, "iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", user,
                 "--outfile", seed_file, "--bootstrap-method", "Base32StringSeed")
    serial = device["VirtualMFADevice"]["SerialNumber"]
    check(serial == f"arn:aws:iam::{ADMIN}:mfa/{user}", f"MFA serial {serial}")
    seed = open(seed_file).read().strip()
    # The previous and the current code: no clock drift for the cloud to learn. The
    # session then needs the next code (a code once accepted is never accepted again).
    code1, code2 = totp_codes(seed, at_offset_seconds=-30, count=2)
    aws(server, profile, "iam", "enable-mfa-device", "--user-name", user, "--serial-number", serial,
        "--authentication-code1", code1, "--authentication-code2", code2)
    return serial, seed


def next_code(seed):
    """The code of the next 30-second step, once that step has begun."""
    time.sleep(30 - time.time() % 30 + 0.5)
    return totp_codes(seed)[0]


def enable_mfa_with_boto3(server, profile, user):
    """The same registration through boto3 with the user's own keys."""
    iam = server.boto3("iam", *server.profile_keys(profile))
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName=user)["VirtualMFADevice"]
    seed = device["Base32StringSeed"].decode()
    code1, code2 = totp_codes(seed, at_offset_seconds=-30, count=2)
    iam.enable_mfa_device(UserName=user, SerialNumber=device["SerialNumber"], AuthenticationCode1=code1,
                          AuthenticationCode2=code2)
    return device["SerialNumber"], seed


def mfa_session(server, profile, serial, seed, name):
    """get-session-token with the current MFA code; the session becomes profile `name`."""
    creds = aws(server, profile, "sts", "get-session-token", "--serial-number", serial,
                "--token-code", next_code(seed))["Credentials"]
    check(creds["AccessKeyId"].startswith("ASIA"), f"session key {creds['AccessKeyId']}")
    server.add_profile(name, creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])


def assume(server, profile, account, role, name, expect_error=None):
    out = aws(server, profile, "sts", "assume-role", "--role-arn", f"arn:aws:iam::{account}:role/{role}",
              "--role-session-name", "switch", expect_error=expect_error)
    if expect_error:
        return
    creds = out["Credentials"]
    check(out["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{account}:assumed-role/{role}/switch",
          f"assumed-role ARN {out['AssumedRoleUser']['Arn']}")
    server.add_profile(name, creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])


def main():
    with Server() as server:
        setup_jump_iam(server)
        workdir = server.home

        # 1. The global admin, with long-term keys and no MFA: denied.
        server.add_profile("yamada", *create_user(server, ADMIN_USER, "group-admin"))
        assume(server, "yamada", PROJECT_A_PROD, "role-admin", None, expect_error="AccessDenied")

        # 2. It registers its MFA device, takes an MFA session, and switches to role-admin
        #    in every member account.
        serial, seed = enable_mfa_with_cli(server, "yamada", ADMIN_USER, workdir)
        mfa_session(server, "yamada", serial, seed, "yamada-mfa")
        assume(server, "yamada-mfa", PROJECT_B_PROD, "role-admin", f"admin-{PROJECT_B_PROD}")
        # The other member accounts through boto3 with the same MFA session (each aws CLI
        # process costs seconds; the request is the same).
        session = server.profile_keys("yamada-mfa")
        for account in (PROJECT_A_PROD, PROJECT_A_STAGING):
            arn = server.boto3("sts", *session).assume_role(
                RoleArn=f"arn:aws:iam::{account}:role/role-admin", RoleSessionName="switch")["AssumedRoleUser"]["Arn"]
            check(arn == f"arn:aws:sts::{account}:assumed-role/role-admin/switch", f"assumed-role ARN {arn}")
        arn = aws(server, f"admin-{PROJECT_B_PROD}", "sts", "get-caller-identity", "--query", "Arn",
                  "--output", "text")
        check(arn == f"arn:aws:sts::{PROJECT_B_PROD}:assumed-role/role-admin/switch", f"caller {arn}")
        role_name = arn.split("/")[1]
        attached = aws(server, f"admin-{PROJECT_B_PROD}", "iam", "list-attached-role-policies", "--role-name", role_name)
        check(attached == {"AttachedPolicies": [{"PolicyName": "AdministratorAccess",
                                                 "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]},
              f"attached policies {attached}")
        assume(server, "yamada-mfa", PROJECT_A_PROD, "role-developer", None, expect_error="AccessDenied")

        # 3. The project-a operator (MFA set up the same way) reaches role-operator in
        #    project-a's accounts only; there it reads but cannot write.
        server.add_profile("tanaka", *create_user(server, OPERATOR_USER, "group-operator-project-a"))
        serial, seed = enable_mfa_with_boto3(server, "tanaka", OPERATOR_USER)
        creds = server.boto3("sts", *server.profile_keys("tanaka")).get_session_token(
            SerialNumber=serial, TokenCode=next_code(seed))["Credentials"]
        server.add_profile("tanaka-mfa", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
        assume(server, "tanaka-mfa", PROJECT_A_STAGING, "role-operator", "operator-a")
        assume(server, "tanaka-mfa", PROJECT_B_PROD, "role-operator", None, expect_error="AccessDenied")
        roles = aws(server, "operator-a", "iam", "list-roles", "--query", "Roles[].RoleName")
        check(sorted(roles) == ["role-admin", "role-developer", "role-operator"], f"roles {roles}")
        aws(server, "operator-a", "iam", "create-user", "--user-name", "intruder", expect_error="AccessDenied")
        aws(server, "operator-a", "s3", "mb", "s3://operator-was-here", expect_error="AccessDenied")
        # The role-admin session of project-b can write there.
        aws(server, f"admin-{PROJECT_B_PROD}", "s3", "mb", "s3://admin-was-here")


if __name__ == "__main__":
    run_main(main)

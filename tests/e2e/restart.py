"""Restart: state written through `jumpgate serve` survives stopping it (SIGINT) and
starting it again on the same home — users, groups, policies, roles, access keys, MFA
devices, and temporary credentials issued before the restart."""

import json

from jgserve import ADMIN, MEMBERS, PROJECT_A_PROD, Server, check, create_user, run_main, setup_jump_iam, totp_codes


def snapshot(server):
    """What the IAM API shows of the admin account and one member account."""
    iam = server.boto3("iam")
    details = iam.get_account_authorization_details()
    for group in details["GroupDetailList"]:
        group.pop("CreateDate", None)
    member = server.boto3("iam", account=PROJECT_A_PROD)
    return {
        "users": sorted(u["UserName"] for u in iam.list_users()["Users"]),
        "groups": sorted((g["GroupName"], g["Arn"]) for g in details["GroupDetailList"]),
        "policies": sorted(p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]),
        "mfa": sorted(d["SerialNumber"] for d in iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"]),
        "roles": sorted(r["RoleName"] for r in member.list_roles()["Roles"]),
        "role-admin": member.list_attached_role_policies(RoleName="role-admin")["AttachedPolicies"],
    }


def main():
    import signal
    with Server() as server:
        setup_jump_iam(server)
        key, secret = create_user(server, "global-admin-yamada.taro", "group-admin")
        root_iam = server.boto3("iam")
        serial = root_iam.create_virtual_mfa_device(VirtualMFADeviceName="yamada")["VirtualMFADevice"]
        seed = serial["Base32StringSeed"].decode()
        code1, code2 = totp_codes(seed, at_offset_seconds=-60, count=2)
        root_iam.enable_mfa_device(UserName="global-admin-yamada.taro", SerialNumber=serial["SerialNumber"],
                                   AuthenticationCode1=code1, AuthenticationCode2=code2)
        session = server.boto3("sts", key, secret).get_session_token(
            SerialNumber=serial["SerialNumber"], TokenCode=totp_codes(seed)[0])["Credentials"]
        before = snapshot(server)
        check(len(before["users"]) == 1 and len(before["roles"]) == 3 and before["mfa"], f"state {before}")
        server.stop(signal.SIGINT)

        again = Server(home=server.home, accounts=[]).start()
        try:
            after = snapshot(again)
            check(after == before, f"state after restart:\n{json.dumps(after, default=str)}\nbefore:\n"
                                   f"{json.dumps(before, default=str)}")
            # Keys and the MFA session issued before the restart still work.
            ident = again.boto3("sts", key, secret).get_caller_identity()
            check(ident["Arn"] == f"arn:aws:iam::{ADMIN}:user/global-admin-yamada.taro", f"user key: {ident}")
            for account in MEMBERS:
                role = again.boto3("sts", session["AccessKeyId"], session["SecretAccessKey"],
                                   session["SessionToken"]).assume_role(
                    RoleArn=f"arn:aws:iam::{account}:role/role-admin", RoleSessionName="after-restart")
                check(role["AssumedRoleUser"]["Arn"].startswith(f"arn:aws:sts::{account}:assumed-role/role-admin/"),
                      f"assume after restart: {role['AssumedRoleUser']}")
            again.stop(signal.SIGTERM)
        finally:
            again.cleanup()


if __name__ == "__main__":
    run_main(main)

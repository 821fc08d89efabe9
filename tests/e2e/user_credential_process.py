"""The user's side against `jumpgate serve`: the article's IAM is set up by root over HTTP,
then the user enrolls an MFA device with `jumpgate mfa enroll` (the QR code decoded by
zbarimg, the two codes from oathtool), takes one MFA session with `jumpgate assume`, and
the machine's aws CLI v1 (python3 -m awscli) reaches role-admin in every member account
through a generated ~/.aws/config whose profiles run
`jumpgate assume … --format credential-process` — with no second MFA code."""

import configparser
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse

from jgserve import (ADMIN, JUMPGATE, MEMBERS, PROJECT_A_PROD, Server, check, create_user, run_main,
                     setup_jump_iam, totp_codes)

USER = "yamada.taro"


def jumpgate(server, *args, expect_rc=0):
    """Runs jumpgate over HTTP against the server (keys from the home's credentials file),
    with no terminal (setsid: no /dev/tty to ask on); the MFA session cache is in WORK."""
    p = subprocess.run(["setsid", "-w", JUMPGATE] + list(args) + ["--endpoint-url", server.endpoint, "--home",
                       server.cache_home], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
                       env=server.client_env())
    check(p.returncode == expect_rc, f"`jumpgate {' '.join(args)}` exited {p.returncode}: {p.stderr.strip()}")
    return p


def aws_v1(server, config, profile, *args):
    env = server.client_env()
    env["AWS_CONFIG_FILE"] = config
    p = subprocess.run([sys.executable, "-m", "awscli", "--endpoint-url", server.endpoint, "--profile", profile,
                        "--output", "json"] + list(args), capture_output=True, text=True, env=env, timeout=120)
    check(p.returncode == 0, f"aws v1 {' '.join(args)} as {profile}: {p.stderr.strip()}")
    return json.loads(p.stdout)


def test():
    with Server() as server, tempfile.TemporaryDirectory(prefix="jg-user-") as work:
        server.cache_home = os.path.join(work, "home")
        setup_jump_iam(server)
        key, secret = create_user(server, USER, "group-admin")
        server.add_profile(USER, key, secret)

        # Enrollment without a terminal: the device is created, the QR written, then the
        # authenticator's two consecutive codes complete it.
        qr = os.path.join(work, "qr.png")
        out = jumpgate(server, "mfa", "enroll", "--user", USER, "--qr", qr).stdout
        check("created, not yet enabled" in out, f"enroll step 1 said: {out}")
        check("secret=" not in out, "the secret went to a non-terminal stdout")
        uri = subprocess.run(["zbarimg", "--raw", "-q", qr], capture_output=True, text=True).stdout.strip()
        parsed = urllib.parse.urlparse(uri)
        check(parsed.scheme == "otpauth" and parsed.netloc == "totp", f"QR code holds {uri}")
        check(urllib.parse.unquote(parsed.path) == f"/Amazon Web Services:{USER}@{ADMIN}", f"label of {uri}")
        query = urllib.parse.parse_qs(parsed.query)
        check(query["issuer"] == ["Amazon Web Services"], f"issuer of {uri}")
        seed = query["secret"][0]
        code1, code2 = totp_codes(seed, at_offset_seconds=-60, count=2)
        jumpgate(server, "mfa", "enroll", "--user", USER, "--code1", code1, "--code2", code2)

        # One MFA code, for the first account.
        first = json.loads(jumpgate(server, "assume", "role-admin", "--account", PROJECT_A_PROD, "--user", USER,
                                    "--mfa-code", totp_codes(seed)[0], "--format", "json").stdout)
        check(first["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{PROJECT_A_PROD}:assumed-role/role-admin/{USER}",
              f"first assume: {first}")

        # The config, and the aws CLI v1 in every member account without another code.
        config = os.path.join(work, "config")
        accounts = [arg for account in MEMBERS for arg in ("--account", account)]
        text = jumpgate(server, "aws-config", "--user", USER, "--credential-process", "--jumpgate", JUMPGATE,
                        "--region", "ap-northeast-1", "--admin-profile", f"root-{ADMIN}", *accounts).stdout
        with open(config, "w") as f:
            f.write(text)
        cp = configparser.ConfigParser()
        cp.read(config)
        check(sorted(cp.sections()) == sorted([f"profile {USER}"] + [f"profile {a}-role-admin" for a in MEMBERS]),
              f"profiles: {cp.sections()}")
        for account in MEMBERS:
            section = cp[f"profile {account}-role-admin"]
            check(section["credential_process"].endswith("--format credential-process"), f"profile {section}")
            who = aws_v1(server, config, f"{account}-role-admin", "sts", "get-caller-identity")
            check(who["Arn"] == f"arn:aws:sts::{account}:assumed-role/role-admin/{USER}", f"caller in {account}: {who}")
        # The role's power: AdministratorAccess is attached to role-admin.
        attached = aws_v1(server, config, f"{MEMBERS[-1]}-role-admin", "iam", "list-attached-role-policies",
                          "--role-name", "role-admin")
        check([p["PolicyName"] for p in attached["AttachedPolicies"]] == ["AdministratorAccess"], f"{attached}")


if __name__ == "__main__":
    run_main(test)

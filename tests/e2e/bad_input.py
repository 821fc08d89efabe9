"""Bad input against `jumpgate serve`: each request gets AWS's error (code, HTTP status,
wording) and the server keeps serving the next one — wrong secret, unknown key, expired
session, skewed clock, tampered body, malformed policy, unknown action, missing parameter,
oversized body (with and without Expect: 100-continue), garbage bytes on the socket."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import xml.etree.ElementTree as ET

import botocore.exceptions
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from jgserve import ADMIN, REGION, Server, check, run_main

NS = {"iam": "https://iam.amazonaws.com/doc/2010-05-08/", "sts": "https://sts.amazonaws.com/doc/2011-06-15/",
      "cloudformation": "http://cloudformation.amazonaws.com/doc/2010-05-15/"}
VERSION = {"iam": "2010-05-08", "sts": "2011-06-15", "cloudformation": "2010-05-15"}


def expect_client_error(fn, code, status, message=None):
    try:
        fn()
    except botocore.exceptions.ClientError as e:
        got = e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]
        check(got == (code, status), f"expected {code} {status}, got {got}: {e}")
        if message:
            check(re.search(message, e.response["Error"]["Message"]), f"message {e.response['Error']['Message']!r}")
        return e
    raise AssertionError(f"expected {code}, the call succeeded")


def signed(server, service, params, key, secret, token=None, when=None):
    """A Query request signed by botocore's own signer (optionally at another time)."""
    body = urllib.parse.urlencode(dict(params, Version=VERSION[service]))
    req = AWSRequest(method="POST", url=server.endpoint + "/", data=body,
                     headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    auth = SigV4Auth(Credentials(key, secret, token), service, REGION)
    if when:
        from unittest import mock
        with mock.patch("botocore.auth.get_current_datetime", return_value=when):
            auth.add_auth(req)
    else:
        auth.add_auth(req)
    return req


def send(server, req, body=None):
    """Sends a prepared request over a fresh connection; returns (status, parsed XML)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request(req.method, "/", body=req.body if body is None else body, headers=dict(req.headers.items()))
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, ET.fromstring(data)


def error_of(service, root):
    e = root.find(f"{{{NS[service]}}}Error")
    check(e is not None, f"not an ErrorResponse: {ET.tostring(root)[:300]}")
    return (e.findtext(f"{{{NS[service]}}}Code"), e.findtext(f"{{{NS[service]}}}Message"))


def still_serving(server):
    check(server.alive(), "the server died")
    ident = server.boto3("sts").get_caller_identity()
    check(ident["Account"] == ADMIN, f"caller {ident}")


def main():
    with Server(accounts=[ADMIN]) as server:
        key, secret = server.root_keys(ADMIN)

        # Credentials that are not right.
        # A secret that differs in its last character (a random secret may end in "x").
        wrong = secret[:-1] + ("y" if secret.endswith("x") else "x")
        expect_client_error(lambda: server.boto3("sts", key, wrong).get_caller_identity(),
                            "SignatureDoesNotMatch", 403, "^The request signature we calculated does not match")
        expect_client_error(lambda: server.boto3("iam", "AKIAAAAAAAAAAAAAAAAA", secret).list_users(),
                            "InvalidClientTokenId", 403, "^The security token included in the request is invalid")
        still_serving(server)

        # A request signed 20 minutes ago: the Query services' "Signature expired" wording.
        import datetime
        old = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) - datetime.timedelta(minutes=20)
        status, root = send(server, signed(server, "sts", {"Action": "GetCallerIdentity"}, key, secret, when=old))
        code, message = error_of("sts", root)
        check((status, code) == (403, "SignatureDoesNotMatch") and re.match(
            r"Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$", message),
            f"skewed request: {status} {code} {message}")

        # A body changed after signing.
        req = signed(server, "iam", {"Action": "CreateUser", "UserName": "alice"}, key, secret)
        status, root = send(server, req, body=req.body.replace(b"alice", b"mallory"))
        check((status, error_of("iam", root)[0]) == (403, "SignatureDoesNotMatch"), f"tampered body: {status}")
        expect_client_error(lambda: server.boto3("iam").get_user(UserName="mallory"), "NoSuchEntity", 404)

        # Model-level errors: unknown action, missing parameter, malformed policy.
        status, root = send(server, signed(server, "iam", {"Action": "CreateUnicorn"}, key, secret))
        check((status,) + error_of("iam", root) ==
              (400, "InvalidAction", "Could not find operation CreateUnicorn for version 2010-05-08"),
              f"unknown action: {status} {error_of('iam', root)}")
        # Operations only the current models (npm's aws-sdk over botocore) have, which jumpgate
        # lacks: NotImplemented (501, not retried by the SDKs), not InvalidAction.
        for service, params in (("iam", {"Action": "GetMFADevice", "SerialNumber": "arn:aws:iam::1:mfa/a"}),
                                ("cloudformation", {"Action": "ListResourceScans"})):
            status, root = send(server, signed(server, service, params, key, secret))
            check((status,) + error_of(service, root) ==
                  (501, "NotImplemented", f"jumpgate does not implement {service}:{params['Action']}"),
                  f"{params['Action']}: {status} {error_of(service, root)}")
        status, root = send(server, signed(server, "iam", {"Action": "CreateUser"}, key, secret))
        check((status,) + error_of("iam", root) ==
              (400, "ValidationError", "1 validation error detected: Value null at 'userName' failed to satisfy "
                                       "constraint: Member must not be null"),
              f"missing parameter: {status} {error_of('iam', root)}")
        expect_client_error(lambda: server.boto3("iam").create_policy(PolicyName="p", PolicyDocument='{"Statement": ['),
                            "MalformedPolicyDocument", 400)
        expect_client_error(lambda: server.boto3("iam").create_user(UserName="x" * 65), "ValidationError", 400,
                            "^1 validation error detected: Value '" + "x" * 65 + "' at 'userName' failed to satisfy "
                            "constraint: Member must have length less than or equal to 64$")
        still_serving(server)

        # Bodies over the documented limit (16 MiB), announced with Expect: 100-continue
        # (refused before the body is sent) and sent outright.
        big = "Action=GetCallerIdentity&Version=2011-06-15&Pad=" + "a" * (17 * 1024 * 1024)
        for expect in (True, False):
            s = socket.create_connection(("127.0.0.1", server.port), timeout=30)
            head = (f"POST / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\n"
                    f"Content-Length: {len(big)}\r\n" + ("Expect: 100-continue\r\n" if expect else "") + "\r\n")
            s.sendall(head.encode())
            if not expect:
                try:
                    s.sendall(big.encode())
                except (BrokenPipeError, ConnectionResetError):
                    pass
            reply = b""
            while b"</ErrorResponse>" not in reply:
                chunk = s.recv(65536)
                if not chunk:
                    break
                reply += chunk
            s.close()
            check(reply.startswith(b"HTTP/1.1 413"), f"oversized body (expect={expect}): {reply[:200]!r}")
            check(b"<Code>RequestEntityTooLarge</Code>" in reply and b"16777216 bytes" in reply,
                  f"oversized body error: {reply[-400:]!r}")
        still_serving(server)

        # Garbage on the socket: a 400 and the connection closed; other clients unaffected.
        s = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        s.sendall(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n")
        reply = s.recv(65536)
        s.close()
        check(reply.startswith(b"HTTP/1.1 400"), f"garbage: {reply[:200]!r}")
        still_serving(server)

        # No signature at all.
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        conn.request("POST", "/", body="Action=ListUsers&Version=2010-05-08",
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        resp = conn.getresponse()
        root = ET.fromstring(resp.read())
        check((resp.status, error_of("iam", root)[0]) == (403, "MissingAuthenticationToken"), f"unsigned: {resp.status}")

        # A presigned GetCallerIdentity URL works, and stops working when altered.
        url = server.boto3("sts").generate_presigned_url("get_caller_identity", ExpiresIn=60, HttpMethod="GET")
        for target, want in ((url, 200), (url.replace("X-Amz-Expires=60", "X-Amz-Expires=61"), 403)):
            parts = urllib.parse.urlsplit(target)
            conn.request("GET", parts.path + "?" + parts.query)
            resp = conn.getresponse()
            data = resp.read()
            check(resp.status == want, f"presigned URL: {resp.status} {data[:300]!r}")
        conn.close()

        # An expired session: credentials for 15 minutes, then the server (restarted on
        # the same home) and the client both an hour later.
        session = server.boto3("sts").get_session_token(DurationSeconds=900)["Credentials"]
        server.stop()
        later = Server(home=server.home, accounts=[])
        # libfaketime is preloaded ahead of ASan's runtime in the sanitizer build: tell ASan
        # that this order is intended.
        env = dict(os.environ, FAKETIME="+1h", LD_PRELOAD="/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
                   FAKETIME_DONT_RESET="1",
                   ASAN_OPTIONS=":".join(filter(None, [os.environ.get("ASAN_OPTIONS", ""), "verify_asan_link_order=0"])))
        later_proc_env = env
        later.start_env = later_proc_env
        start_later(later, env)
        try:
            probe = subprocess.run([sys.executable, "-c", EXPIRED_PROBE, later.endpoint, session["AccessKeyId"],
                                    session["SecretAccessKey"], session["SessionToken"]],
                                   capture_output=True, text=True, env=env, timeout=120)
            check(probe.stdout.strip() == "ExpiredToken 403 The security token included in the request is expired",
                  f"expired session: {probe.stdout} {probe.stderr[-500:]}")
            later.stop()
        finally:
            later.cleanup()


EXPIRED_PROBE = r"""
import sys, boto3, botocore.exceptions
from botocore.config import Config
endpoint, key, secret, token = sys.argv[1:]
sts = boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key,
                   aws_secret_access_key=secret, aws_session_token=token, config=Config(retries={"max_attempts": 1}))
try:
    sts.get_caller_identity()
    print("no error")
except botocore.exceptions.ClientError as e:
    print(e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Message"])
"""


def start_later(server, env):
    """Starts `server` with `env` (libfaketime) instead of the test's own environment."""
    real_popen = subprocess.Popen

    def popen(args, **kw):
        return real_popen(args, env=env, **kw)
    subprocess.Popen = popen
    try:
        server.start()
    finally:
        subprocess.Popen = real_popen


if __name__ == "__main__":
    run_main(main)

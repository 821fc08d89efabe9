"""The HTTP transport of `jumpgate serve` under the attacks of issue 15 (items 3, 4, 9):
slow-header (slowloris) connections and busy keep-alive clients must not keep a fresh
client from being answered; connections over the cap get 503 with Retry-After; Query
bodies over cpp-httplib's old 8,192-byte form limit work (a hardened template as
TemplateBody through aws CLI v2 and boto3); a 17 MiB chunked body and a 64 KB header get
AWS's errors; SIGTERM stops the server with connections still open. Loopback only; every
wait is bounded, nothing is timed."""

import os
import socket
import threading
import time
import urllib.parse

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from jgserve import ADMIN, REGION, Server, aws, check, run_main

REPO = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
TEMPLATE = os.path.join(REPO, "templates", "hardened", "iam-global-groups.yaml")
ATTACKERS = 40


def fresh_client_answered(server, what):
    """A new boto3 client (a new connection) gets its GetCallerIdentity answered."""
    sts = server.boto3("sts", connect_timeout=20, read_timeout=20)
    ident = sts.get_caller_identity()
    check(ident["Account"] == ADMIN, f"{what}: fresh client got {ident}")


def slowloris(server):
    """ATTACKERS connections send a request's headers one byte at a time, never finishing
    within the test; a fresh client is answered meanwhile."""
    head = (f"POST / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\nX-Slow: " + "a" * 4000).encode()
    socks = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(ATTACKERS)]
    stop = threading.Event()

    def trickle():
        i = 0
        while not stop.is_set() and i < len(head):
            for s in socks:
                try:
                    s.send(head[i:i + 1])
                except OSError:
                    pass
            i += 1
            stop.wait(0.02)

    t = threading.Thread(target=trickle)
    t.start()
    try:
        time.sleep(0.5)  # every attacker has started its headers
        for n in range(3):
            fresh_client_answered(server, f"with {ATTACKERS} slow-header connections (#{n})")
    finally:
        stop.set()
        t.join()
        for s in socks:
            s.close()


def busy_clients(server):
    """ATTACKERS keep-alive clients send GetCallerIdentity back to back; a fresh client is
    answered meanwhile (and they all are too)."""
    stop = threading.Event()
    served = [0] * ATTACKERS
    errors = []
    ready = threading.Barrier(ATTACKERS + 1)

    def busy(i):
        sts = server.boto3("sts")
        try:
            sts.get_caller_identity()
            served[i] += 1
        finally:
            ready.wait()
        while not stop.is_set():
            try:
                sts.get_caller_identity()
                served[i] += 1
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(repr(e))
                return

    threads = [threading.Thread(target=busy, args=(i,)) for i in range(ATTACKERS)]
    for t in threads:
        t.start()
    try:
        ready.wait(timeout=120)
        for n in range(3):
            fresh_client_answered(server, f"with {ATTACKERS} busy keep-alive clients (#{n})")
    finally:
        stop.set()
        for t in threads:
            t.join()
    check(not errors, f"busy clients failed: {errors[:3]}")
    check(all(n >= 1 for n in served), f"every busy client was served: {served}")


def signed_query(server, service, params, version):
    key, secret = server.root_keys(ADMIN)
    body = urllib.parse.urlencode(dict(params, Version=version))
    req = AWSRequest(method="POST", url=server.endpoint + "/", data=body,
                     headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    SigV4Auth(Credentials(key, secret), service, REGION).add_auth(req)
    return req


def read_reply(s):
    """One HTTP response with a Content-Length body, from a raw socket: (head, body)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            return data, b""
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = s.recv(65536)
        if not chunk:
            break
        body += chunk
    return head.decode("latin-1"), body


def connection_cap(cap):
    """With --max-connections N, N open connections fill the server; the next gets 503
    with Retry-After in the Query error shape; once one leaves, requests are served."""
    with Server(accounts=[ADMIN], extra_args=["--max-connections", str(cap)]) as server:
        fresh_client_answered(server, "before the cap is reached")
        held = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(cap)]
        try:
            req = signed_query(server, "sts", {"Action": "GetCallerIdentity"}, "2011-06-15")
            s = socket.create_connection(("127.0.0.1", server.port), timeout=20)
            text = f"POST / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
            for k, v in req.headers.items():
                text += f"{k}: {v}\r\n"
            body = req.body if isinstance(req.body, bytes) else req.body.encode()
            text += f"Content-Length: {len(body)}\r\n\r\n"
            s.sendall(text.encode() + body)
            head, body = read_reply(s)
            s.close()
            check(head.startswith("HTTP/1.1 503"), f"over the cap: {head[:200]!r}")
            check("\r\nretry-after: 1" in head.lower(), f"503 without Retry-After: {head!r}")
            check(b"<Code>ServiceUnavailable</Code>" in body and b"<ErrorResponse" in body, f"503 body: {body[:300]!r}")
        finally:
            held.pop().close()
        # A slot is free again (the server sees the close asynchronously: retry a bounded number of times).
        for attempt in range(200):
            try:
                fresh_client_answered(server, "after one held connection closed")
                break
            except Exception:  # noqa: BLE001 - the last attempt re-raises
                if attempt == 199:
                    raise
                time.sleep(0.1)
        for s in held:
            s.close()


def large_bodies(server):
    """Item 4: a ~9 KB Query body (the hardened global-groups template as TemplateBody)
    works through aws CLI v2 and boto3; a 17 MiB chunked body and a 64 KB header do not."""
    with open(TEMPLATE) as f:
        template = f.read()
    encoded = len(urllib.parse.urlencode({"TemplateBody": template}))
    check(encoded > 8192, f"the template is {encoded} bytes encoded, not over 8,192")
    out = aws(server, f"root-{ADMIN}", "cloudformation", "create-stack", "--stack-name", "big-body-cli2",
              "--template-body", f"file://{TEMPLATE}", "--capabilities", "CAPABILITY_NAMED_IAM")
    check("StackId" in out, f"create-stack through aws CLI v2: {out}")
    cfn = server.boto3("cloudformation")
    status = ""
    for _ in range(300):
        status = cfn.describe_stacks(StackName="big-body-cli2")["Stacks"][0]["StackStatus"]
        if not status.endswith("IN_PROGRESS"):
            break
        time.sleep(0.1)
    check(status == "CREATE_COMPLETE", f"the stack from a {encoded}-byte body: {status}")
    got = cfn.validate_template(TemplateBody=template)
    check("Parameters" in got, f"ValidateTemplate with a {encoded}-byte body: {got}")

    # 17 MiB in chunked transfer encoding (no Content-Length to refuse up front).
    s = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    s.sendall((f"POST / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
               "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n").encode())
    chunk = b"a" * (1024 * 1024)
    try:
        prefix = b"Action=GetCallerIdentity&Version=2011-06-15&Pad="
        s.sendall(b"%x\r\n" % len(prefix) + prefix + b"\r\n")
        for _ in range(17):
            s.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
        s.sendall(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    head, body = read_reply(s)
    s.close()
    check(head.startswith("HTTP/1.1 413"), f"17 MiB chunked body: {head[:200]!r}")
    check(b"<Code>RequestEntityTooLarge</Code>" in body, f"17 MiB chunked body error: {body[:400]!r}")

    # A Content-Length far past the limit (over the transport's framing allowance too),
    # announced with Expect: 100-continue: 413 in AWS's words, not a parse error.
    s = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    s.sendall((f"POST / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
               "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 99999999\r\n"
               "Expect: 100-continue\r\n\r\n").encode())
    head, body = read_reply(s)
    s.close()
    check(head.startswith("HTTP/1.1 413"), f"Content-Length 99999999: {head[:200]!r}")
    check(b"<Code>RequestEntityTooLarge</Code>" in body, f"Content-Length 99999999 error: {body[:400]!r}")

    # A 64 KB Authorization header: AWS's RequestHeaderSectionTooLarge, not a bare 400.
    s = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    s.sendall((f"POST / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
               "Content-Type: application/x-www-form-urlencoded\r\nAuthorization: AWS4-HMAC-SHA256 " + "a" * 65536 +
               "\r\nContent-Length: 0\r\n\r\n").encode())
    head, body = read_reply(s)
    s.close()
    check(head.startswith("HTTP/1.1 431"), f"64 KB header: {head[:200]!r}")
    check(b"<Code>RequestHeaderSectionTooLarge</Code>" in body, f"64 KB header error: {body[:400]!r}")


def main():
    with Server(accounts=[ADMIN]) as server:
        slowloris(server)
        busy_clients(server)
        large_bodies(server)
        fresh_client_answered(server, "after the attacks")
        # SIGTERM with idle keep-alive connections open: the server still stops (Server.stop
        # checks the exit status within a bounded wait).
        idle = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(10)]
        server.stop()
        for s in idle:
            s.close()
    connection_cap(4)


if __name__ == "__main__":
    run_main(main)

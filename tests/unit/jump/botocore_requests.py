#!/usr/bin/env python3
"""Builds and signs the requests of botocore_request_cases.json with botocore itself.

For each case a botocore client (endpoint URL or AWS's own endpoints, S3 path-style at an
endpoint URL as the aws CLI uses it) serialises the operation's input and signs it at a
fixed instant; the request is caught before it is sent and printed as JSON (method, URL,
headers, body). The HttpApi test builds the same requests and must match them byte for
byte. botocore is the oracle, run as a separate process; nothing of it is copied.
"""
import base64
import datetime
import json
import sys

import botocore.auth
import botocore.session
from botocore.config import Config

# 2026-11-27T20:25:39Z, the instant the C++ side signs at too.
NOW = datetime.datetime(2026, 11, 27, 20, 25, 39)
botocore.auth.get_current_datetime = lambda *args, **kwargs: NOW

LONG_TERM = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None)
TEMPORARY = ("ASIAJUMPGATEEXAMPLE7", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
             "IQoJb3JpZ2luX2VjEXAMPLE+session/token==")


class Caught(Exception):
    pass


def build(session, case):
    key, secret, token = TEMPORARY if case.get("temporary") else LONG_TERM
    config = Config(
        # Checksums only where the model requires them (PutBucketPolicy), as jumpgate does.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        s3={"addressing_style": "path"} if case["endpoint"] else {},
        retries={"max_attempts": 1},
    )
    client = session.create_client(case["service"], region_name=case["region"],
                                   endpoint_url=case["endpoint"] or None,
                                   aws_access_key_id=key, aws_secret_access_key=secret,
                                   aws_session_token=token, config=config)
    caught = []

    def before_send(request, **kwargs):
        caught.append(request)
        raise Caught()

    client.meta.events.register("before-send", before_send)
    try:
        client._make_api_call(case["action"], case["input"])
    except Caught:
        pass
    request = caught[0]
    body = request.body or b""
    if hasattr(body, "read"):
        body = body.read()
    if isinstance(body, str):
        body = body.encode("utf-8")
    headers = [[k, v.decode() if isinstance(v, bytes) else v] for k, v in request.headers.items()]
    return {"name": case["name"], "method": request.method, "url": request.url, "headers": headers,
            "body_base64": base64.b64encode(body).decode()}


def main():
    cases = json.load(open(sys.argv[1], encoding="utf-8"))
    session = botocore.session.get_session()
    json.dump([build(session, c) for c in cases], sys.stdout, indent=1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Signs a set of requests with botocore's own SigV4 signers and prints them as JSON.

Run by the wire unit tests at test time: the C++ verifier must accept every request
botocore signs, and the C++ signer must produce the same signatures. Nothing of botocore
is copied; it is the oracle, run as a separate process.
"""
import base64
import datetime
import json
import sys
from urllib.parse import urlsplit

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.utils import percent_encode_sequence

# 2026-11-27T20:25:39Z, fixed so that both sides sign at the same instant.
NOW = datetime.datetime(2026, 11, 27, 20, 25, 39)
botocore.auth.get_current_datetime = lambda *args, **kwargs: NOW

LONG_TERM = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
TEMPORARY = Credentials("ASIAJUMPGATEEXAMPLE7", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
                        "IQoJb3JpZ2luX2VjEXAMPLE+session/token==")
FORM = "application/x-www-form-urlencoded; charset=utf-8"


def case(name, signer_class, creds, service, region, method, url, headers=None, body=b"",
         params=None, context=None, expires=None):
    request = AWSRequest(method=method, url=url, headers=headers or {}, data=body,
                         params=params or {})
    if context:
        request.context.update(context)
    if expires is None:
        signer = signer_class(creds, service, region)
    else:
        signer = signer_class(creds, service, region, expires=expires)
    signer.add_auth(request)
    prepared = request.prepare()
    parts = urlsplit(prepared.url)
    sent = [[k, v] for k, v in prepared.headers.items()]
    if not any(k.lower() == "host" for k, _ in sent):
        sent.append(["Host", botocore.auth._host_from_url(prepared.url)])  # what urllib3 sends
    payload = prepared.body or b""
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    return {
        "name": name,
        "service": service,
        "region": region,
        "access_key_id": creds.access_key,
        "secret_access_key": creds.secret_key,
        "session_token": creds.token or "",
        "method": prepared.method,
        "path": parts.path,
        "query": parts.query,
        "headers": sent,
        "body_base64": base64.b64encode(payload).decode(),
        "presigned": expires is not None,
        "expires": expires or 0,
    }


def main():
    unsigned = {"client_config": Config(s3={"payload_signing_enabled": False})}
    cases = [
        case("iam ListUsers form post", botocore.auth.SigV4Auth, LONG_TERM, "iam", "us-east-1",
             "POST", "http://127.0.0.1:4599/", {"Content-Type": FORM, "User-Agent": "aws-cli/2.9.19"},
             b"Action=ListUsers&Version=2010-05-08&PathPrefix=%2Fteam%2F"),
        case("sts GetCallerIdentity with session token", botocore.auth.SigV4Auth, TEMPORARY,
             "sts", "eu-west-1", "POST", "http://localhost:4599/", {"Content-Type": FORM},
             b"Action=GetCallerIdentity&Version=2011-06-15"),
        case("cloudformation CreateStack with an encoded template", botocore.auth.SigV4Auth,
             LONG_TERM, "cloudformation", "eu-central-1", "POST", "http://localhost:4599/",
             {"Content-Type": FORM},
             percent_encode_sequence({"Action": "CreateStack", "Version": "2010-05-15",
                                      "StackName": "roles",
                                      "TemplateBody": "Resources:\n  R: {Type: 'AWS::IAM::Role'} # é ~*"}).encode()),
        case("iam GET with encoded query parameters", botocore.auth.SigV4Auth, LONG_TERM, "iam",
             "us-east-1", "GET", "http://localhost:4599/",
             params={"Action": "ListRoles", "Version": "2010-05-08", "PathPrefix": "/a b/*+~é",
                     "Marker": "x=y&z"}),
        case("messy header whitespace", botocore.auth.SigV4Auth, LONG_TERM, "sts", "us-east-1",
             "POST", "http://localhost:4599/",
             {"Content-Type": FORM, "X-Custom": "  a   b \t c  ", "X-Empty": ""},
             b"Action=GetCallerIdentity&Version=2011-06-15"),
        case("non-S3 path is normalised", botocore.auth.SigV4Auth, LONG_TERM, "service",
             "us-east-1", "GET", "http://localhost:4599/foo/../bar/./baz%20qux//x/"),
        case("Date header instead of X-Amz-Date", botocore.auth.SigV4Auth, LONG_TERM, "iam",
             "us-east-1", "POST", "http://localhost:4599/",
             {"Content-Type": FORM, "Date": "Mon, 01 Jan 2024 00:00:00 GMT"},
             b"Action=GetUser&Version=2010-05-08"),
        case("s3 PutObject with an awkward key", botocore.auth.S3SigV4Auth, LONG_TERM, "s3",
             "us-east-1", "PUT",
             "http://localhost:4599/templates/" + "dir/a%20b%2Bc~d%3De%C3%A9.yaml",
             {"Content-Type": "application/yaml", "Content-MD5": "1B2M2Y8AsgTpgAmY7PhCfg==",
              "x-amz-meta-owner": "Jump Account", "Expect": "100-continue"},
             b"Resources: {}\n"),
        case("s3 ListObjectsV2 with a query", botocore.auth.S3SigV4Auth, TEMPORARY, "s3",
             "eu-west-1", "GET",
             "http://localhost:4599/templates?list-type=2&prefix=a%20b%2F&max-keys=3&encoding-type=url"),
        case("s3 PutBucketPolicy, a query key without value", botocore.auth.S3SigV4Auth,
             LONG_TERM, "s3", "us-east-1", "PUT", "http://localhost:4599/templates?policy",
             {"Content-Type": "application/json"}, b'{"Version":"2012-10-17","Statement":[]}'),
        case("s3 PutObject with UNSIGNED-PAYLOAD", botocore.auth.S3SigV4Auth, LONG_TERM, "s3",
             "us-east-1", "PUT", "https://localhost:4599/templates/big.bin",
             {"Content-MD5": "XUFAKrxLKna5cZ2REBfFkg=="}, b"hello", context=unsigned),
        case("s3 virtual-hosted GetObject", botocore.auth.S3SigV4Auth, LONG_TERM, "s3",
             "us-east-1", "GET", "http://templates.localhost:4599/roles.yaml"),
        case("s3 presigned GetObject", botocore.auth.S3SigV4QueryAuth, TEMPORARY, "s3",
             "us-east-1", "GET", "http://localhost:4599/templates/roles%20v2.yaml", expires=900),
        case("sts presigned GetCallerIdentity", botocore.auth.SigV4QueryAuth, LONG_TERM, "sts",
             "us-east-1", "GET",
             "http://localhost:4599/?Action=GetCallerIdentity&Version=2011-06-15",
             {"x-k8s-aws-id": "cluster-1"}, expires=60),
    ]
    json.dump(cases, sys.stdout, indent=1)


if __name__ == "__main__":
    main()

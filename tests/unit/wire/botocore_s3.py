#!/usr/bin/env python3
"""botocore as the oracle for jumpgate's S3 REST-XML codec.

  inputs            print [{operation, style, method, path, query, headers, body, input}]: every
                    request of the corpus built by a real botocore S3 client (serializer,
                    endpoint resolution, checksum and MD5 handlers, signing), captured before
                    it is sent, in three addressing styles: "path" and "virtual" against
                    http://localhost:4599, and "aws" (no endpoint: https://BUCKET.s3.REGION.
                    amazonaws.com). body is base64; input is what the caller passed, in model
                    order, timestamps as ISO 8601, metadata names lower-case.
  outputs           print [{operation, output}]: the output corpus (timestamps as ISO 8601).
  check-outputs F   F holds [{operation, status, headers, body}] from jumpgate's encoder, in
                    the order of `outputs`, then [{error: {...}}] cases; each is parsed with
                    botocore's rest-xml parser (and the GetBucketLocation handler) and
                    compared with the corpus. One line per case, exits 1 on any failure.

With JUMPGATE_BOTOCORE=awscli (run by /usr/bin/python3) the botocore that Debian's aws CLI v2
vendors is used instead of the interpreter's.
"""
import base64
import datetime
import json
import os
import sys

if os.environ.get("JUMPGATE_BOTOCORE") == "awscli":
    import awscli  # noqa: F401  (registers the CLI's vendored botocore as `botocore`)

import botocore.config
import botocore.handlers
import botocore.model
import botocore.parsers
import botocore.session

MODEL = "/usr/lib/python3/dist-packages/awscli/botocore/data/s3/2006-03-01/service-2.json"

POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Sid": "ReadTemplates", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
    "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::jump-templates/*"}]}, indent=2)
TEMPLATE = b"AWSTemplateFormatVersion: '2010-09-09'\nResources: {}  # a & b < c\n"
T1 = datetime.datetime(2026, 11, 27, 20, 43, 35, tzinfo=datetime.timezone.utc)
T2 = datetime.datetime(2026, 11, 27, 21, 43, 35, 123000, tzinfo=datetime.timezone.utc)

INPUTS = [
    ("ListBuckets", {}),
    ("CreateBucket", {"Bucket": "jump-templates"}),
    ("CreateBucket", {"Bucket": "jump-templates", "ACL": "private",
                      "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1"}}),
    ("HeadBucket", {"Bucket": "jump-templates", "ExpectedBucketOwner": "111111111111"}),
    ("DeleteBucket", {"Bucket": "jump-templates"}),
    ("GetBucketLocation", {"Bucket": "jump-templates"}),
    ("PutBucketPolicy", {"Bucket": "jump-templates", "Policy": POLICY}),
    ("GetBucketPolicy", {"Bucket": "jump-templates"}),
    ("DeleteBucketPolicy", {"Bucket": "jump-templates"}),
    ("PutObject", {"Bucket": "jump-templates", "Key": "templates/roles.yaml", "Body": TEMPLATE,
                   "ContentType": "text/yaml", "Metadata": {"Owner": "platform team", "x": "1"},
                   "CacheControl": "no-cache"}),
    ("PutObject", {"Bucket": "jump-templates", "Key": "dir with space/ü+=&?x.yaml", "Body": b"x"}),
    ("GetObject", {"Bucket": "jump-templates", "Key": "templates/roles.yaml", "IfModifiedSince": T1,
                   "ResponseContentType": "text/plain"}),
    ("GetObject", {"Bucket": "jump-templates", "Key": "templates/roles.yaml", "Range": "bytes=2-6"}),
    ("HeadObject", {"Bucket": "jump-templates", "Key": "a/b/c.json", "IfNoneMatch": "\"abc\""}),
    ("DeleteObject", {"Bucket": "jump-templates", "Key": "templates/roles.yaml"}),
    ("CopyObject", {"Bucket": "jump-templates", "Key": "copy.yaml", "CopySource": "jump-templates/templates/roles.yaml",
                    "MetadataDirective": "REPLACE", "Metadata": {"k": "v"}, "ContentType": "text/yaml"}),
    ("CopyObject", {"Bucket": "other", "Key": "copy.yaml",
                    "CopySource": {"Bucket": "jump-templates", "Key": "ü/roles.yaml"}}),
    ("ListObjectsV2", {"Bucket": "jump-templates"}),
    ("ListObjects", {"Bucket": "jump-templates", "Prefix": "templates/", "Delimiter": "/", "Marker": "templates/a",
                     "MaxKeys": 10}),
    ("ListObjectsV2", {"Bucket": "jump-templates", "Prefix": "templates/", "Delimiter": "/", "MaxKeys": 5,
                       "ContinuationToken": "dG9rZW4=", "StartAfter": "a b", "FetchOwner": True,
                       "EncodingType": "url"}),
]
# Members botocore adds on its own (not the caller's): they may be decoded too. Its handlers
# ask ListObjectsV2 for url-encoded keys (and decode them) and GetObject for checksums.
TRANSPORT = ["ContentLength", "ContentMD5", "ChecksumAlgorithm", "ChecksumCRC32", "ChecksumCRC32C",
             "ChecksumCRC64NVME", "ChecksumSHA1", "ChecksumSHA256", "ContentEncoding", "EncodingType",
             "ChecksumMode"]

OUTPUTS = [
    ("ListBuckets", {"Buckets": [{"Name": "jump-templates", "CreationDate": T1},
                                 {"Name": "b & <c>", "CreationDate": T2}],
                     "Owner": {"DisplayName": "111111111111", "ID": "7c0ffee"}}),
    ("ListBuckets", {"Buckets": [], "Owner": {"DisplayName": "111111111111", "ID": "7c0ffee"}}),
    ("CreateBucket", {"Location": "/jump-templates"}),
    ("HeadBucket", {}),
    ("DeleteBucket", {}),
    ("GetBucketLocation", {"LocationConstraint": "eu-west-1"}),
    ("GetBucketLocation", {}),
    ("PutBucketPolicy", {}),
    ("GetBucketPolicy", {"Policy": POLICY}),
    ("DeleteBucketPolicy", {}),
    ("PutObject", {"ETag": "\"9b2cf535f27731c974343645a3985328\""}),
    ("GetObject", {"AcceptRanges": "bytes", "LastModified": T1, "ContentLength": len(TEMPLATE),
                   "ETag": "\"9b2cf535f27731c974343645a3985328\"", "ContentType": "text/yaml",
                   "Metadata": {"owner": "platform team"}, "Body": TEMPLATE}),
    ("GetObject", {"AcceptRanges": "bytes", "LastModified": T1, "ContentLength": 5, "ContentRange": "bytes 2-6/66",
                   "ETag": "\"9b2cf535f27731c974343645a3985328\"", "ContentType": "text/yaml", "Metadata": {},
                   "Body": TEMPLATE[2:7]}),
    ("HeadObject", {"AcceptRanges": "bytes", "LastModified": T1, "ContentLength": 1234,
                    "ETag": "\"9b2cf535f27731c974343645a3985328\"", "ContentType": "binary/octet-stream",
                    "Metadata": {}}),
    ("DeleteObject", {}),
    ("CopyObject", {"CopyObjectResult": {"ETag": "\"9b2cf535f27731c974343645a3985328\"", "LastModified": T2}}),
    ("ListObjectsV2", {"IsTruncated": True, "Contents": [
        {"Key": "templates/a.yaml", "LastModified": T1, "ETag": "\"e1\"", "Size": 10, "StorageClass": "STANDARD"},
        {"Key": "templates/b & c.yaml", "LastModified": T2, "ETag": "\"e2\"", "Size": 0, "StorageClass": "STANDARD"}],
        "Name": "jump-templates", "Prefix": "templates/", "Delimiter": "/", "MaxKeys": 2,
        "CommonPrefixes": [{"Prefix": "templates/sub/"}], "KeyCount": 3,
        "NextContinuationToken": "bmV4dA=="}),
    ("ListObjectsV2", {"IsTruncated": False, "Name": "jump-templates", "Prefix": "", "MaxKeys": 1000,
                       "KeyCount": 0}),
    ("ListObjects", {"IsTruncated": True, "Marker": "", "NextMarker": "templates/sub/", "Contents": [
        {"Key": "templates/a.yaml", "LastModified": T1, "ETag": "\"e1\"", "Size": 10, "StorageClass": "STANDARD",
         "Owner": {"DisplayName": "111111111111", "ID": "7c0ffee"}}],
        "Name": "jump-templates", "Prefix": "templates/", "Delimiter": "/", "MaxKeys": 2,
        "CommonPrefixes": [{"Prefix": "templates/sub/"}]}),
]


def load_model():
    with open(MODEL, encoding="utf-8") as f:
        return botocore.model.ServiceModel(json.load(f), service_name="s3")


def jsonable(value):
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime.datetime):
        value = value.astimezone(datetime.timezone.utc)
        text = value.strftime("%Y-%m-%dT%H:%M:%S")
        if value.microsecond:
            text += ".%03d" % (value.microsecond // 1000)
        return text + "Z"
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return value


def model_order(value, shape):
    if shape.type_name == "structure":
        return {k: model_order(value[k], s) for k, s in shape.members.items() if k in value}
    if shape.type_name == "list":
        return [model_order(v, shape.member) for v in value]
    return value


class Captured(Exception):
    def __init__(self, request):
        super().__init__("captured")
        self.request = request


def capture(request, **_):
    raise Captured(request)


SESSION = []


def client(style):
    # One session for every client: it caches the models it loads.
    if not SESSION:
        os.environ.update({"AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
                           "AWS_EC2_METADATA_DISABLED": "true"})
        SESSION.append(botocore.session.get_session())
    session = SESSION[0]
    kwargs = {"region_name": "eu-west-1", "aws_access_key_id": "AKIAEXAMPLE", "aws_secret_access_key": "secret"}
    if style == "aws":
        config = botocore.config.Config(retries={"max_attempts": 1})
    else:
        kwargs["endpoint_url"] = "http://localhost:4599"
        config = botocore.config.Config(s3={"addressing_style": style}, retries={"max_attempts": 1})
    c = session.create_client("s3", config=config, **kwargs)
    c.meta.events.register_first("before-send.s3", capture)
    return c


def expected_input(operation, params, model):
    value = dict(params)
    if "Body" in value:
        value["Body"] = value["Body"].decode("utf-8")
    if "Metadata" in value:
        value["Metadata"] = {k.lower(): v for k, v in value["Metadata"].items()}
    if isinstance(value.get("CopySource"), dict):
        # botocore's handler writes the dict form as "BUCKET/KEY", the key URL-encoded.
        from urllib.parse import quote
        src = value["CopySource"]
        value["CopySource"] = src["Bucket"] + "/" + quote(src["Key"], safe="/~")
    shape = model.operation_model(operation).input_shape
    return jsonable(model_order(value, shape)) if shape else {}


def body_bytes(body):
    if body is None:
        return b""
    if hasattr(body, "read"):
        return body.read()
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def cmd_inputs():
    from urllib.parse import urlsplit
    model = load_model()
    out = []
    for style in ("path", "virtual", "aws"):
        c = client(style)
        for operation, params in INPUTS:
            method = getattr(c, botocore.xform_name(operation))
            try:
                method(**params)
                raise SystemExit(f"{operation}: the request was not captured")
            except Captured as captured:
                request = captured.request
            url = urlsplit(request.url)
            headers = [[k, v.decode("latin-1") if isinstance(v, bytes) else v] for k, v in request.headers.items()]
            headers.append(["Host", url.netloc])
            out.append({"operation": operation, "style": style, "method": request.method, "path": url.path,
                        "query": url.query, "headers": headers,
                        "body": base64.b64encode(body_bytes(request.body)).decode(),
                        "input": expected_input(operation, params, model), "transport": TRANSPORT})
    json.dump(out, sys.stdout, ensure_ascii=False)


def cmd_outputs():
    json.dump([{"operation": o, "output": jsonable(v)} for o, v in OUTPUTS], sys.stdout, ensure_ascii=False)


class FakeResponse:
    def __init__(self, body):
        self.content = body
        self.raw = body


def parse(model, operation, status, headers, body):
    op = model.operation_model(operation)
    parser = botocore.parsers.create_parser("rest-xml")
    response = {"status_code": status, "headers": botocore.awsrequest.HeadersDict(headers), "body": body}
    if op.has_streaming_output:
        response["body"] = body
    parsed = parser.parse(response, op.output_shape)
    if operation == "GetBucketLocation" and status < 300:
        botocore.handlers.parse_get_bucket_location(parsed, FakeResponse(body))
    return parsed


def cmd_check_outputs(path):
    import botocore.awsrequest  # noqa: F401
    with open(path, encoding="utf-8") as f:
        cases = json.load(f)
    model = load_model()
    failures = 0
    outputs = iter(OUTPUTS)
    for case in cases:
        body = base64.b64decode(case["body"])
        parsed = parse(model, case["operation"], case["status"], dict(case["headers"]), body)
        metadata = parsed.pop("ResponseMetadata", {})
        if "error" in case:
            e = case["error"]
            got = (parsed["Error"].get("Code"), parsed["Error"].get("Message"), metadata.get("HTTPStatusCode"))
            want = (e["code"], e["message"], e["status"])
            ok = got == want
            print(("ok" if ok else "FAIL"), "error", e["code"], "" if ok else f"got {got} want {want}")
            failures += not ok
            continue
        operation, expected = next(outputs)
        assert operation == case["operation"], (operation, case["operation"])
        # An absent member and one botocore's handlers set to None mean the same.
        got = {k: v for k, v in jsonable(parsed).items() if v is not None}
        want = jsonable(expected)
        ok = got == want and metadata.get("RequestId") == case["request_id"]
        print(("ok" if ok else "FAIL"), operation, "" if ok else f"\n  got  {got}\n  want {want}\n  meta {metadata}")
        failures += not ok
    if next(outputs, None) is not None:
        print("FAIL not every output of the corpus was checked")
        failures += 1
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    if sys.argv[1:] == ["inputs"]:
        cmd_inputs()
    elif sys.argv[1:] == ["outputs"]:
        cmd_outputs()
    elif len(sys.argv) == 3 and sys.argv[1] == "check-outputs":
        cmd_check_outputs(sys.argv[2])
    else:
        sys.exit(__doc__)

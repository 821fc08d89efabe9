"""The signing attacks of issue 15 against `jumpgate serve`, each sent as raw HTTP signed by
botocore's own SigV4 signers, each answered as AWS answers it, with nothing changed:

1.  x-amz-* headers the signature does not cover (added to a presigned URL or to a replayed
    header-signed request: x-amz-copy-source turned a PutObject into a CopyObject of a
    private object, x-amz-meta-* were stored) -> 403 AccessDenied "There were headers
    present in the request which were not signed" with HeadersNotSigned.
1b. aws-chunked trailers other than the checksum x-amz-trailer names (they used to become
    request headers) -> 400 MalformedTrailerError.
1c. STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER: the checksum trailer is accepted only with
    its x-amz-trailer-signature (AWS4-HMAC-SHA256-TRAILER, chained from the final chunk's
    signature); a changed or unsigned trailer -> 403 SignatureDoesNotMatch, one after the
    signature -> 400 InvalidRequest.
6.  IAM/STS requests whose body is outside the signature (UNSIGNED-PAYLOAD, the streaming
    modes): the Query services always sign the body's SHA-256 -> 403 SignatureDoesNotMatch.
7.  Wrong x-amz-checksum-sha256/-sha1/-crc32/-crc32c (header or trailer) -> 400 BadDigest;
    a wrong x-amz-decoded-content-length -> 400 IncompleteBody.
9.  Content-Length: -1 -> 400 BadRequest (not EntityTooLarge); CreateBucket with an unknown
    element or invalid UTF-8 in CreateBucketConfiguration -> 400 MalformedXML.
Legitimate requests of the same shapes still succeed."""

import base64
import hashlib
import hmac
import http.client
import socket
import xml.etree.ElementTree as ET
import zlib

import botocore.exceptions
from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from jgserve import ADMIN, REGION, Server, check, run_main

SECRET_BODY = b"the private object: only its owner's bucket policy lets anyone read it"


class FixedPayloadS3Auth(S3SigV4Auth):
    """botocore's S3 header signer with a chosen payload hash (a STREAMING-* mode)."""

    def __init__(self, credentials, payload_hash):
        super().__init__(credentials, "s3", REGION)
        self.payload_hash = payload_hash

    def payload(self, request):
        return self.payload_hash


def send(server, method, target, headers, body=b""):
    """One request over a fresh connection, headers exactly as given; (status, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request(method, target, body=body, headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, data


def s3_error(data):
    root = ET.fromstring(data)
    check(root.tag == "Error", f"not an S3 error: {data[:300]!r}")
    return root


def expect_s3_error(result, status, code, message=None, what=""):
    got_status, data = result
    root = s3_error(data) if data else None
    got = (got_status, root.findtext("Code") if root is not None else None)
    check(got == (status, code), f"{what}: expected {status} {code}, got {got}: {data[:400]!r}")
    if message is not None:
        check(root.findtext("Message") == message, f"{what}: message {root.findtext('Message')!r}")
    return root


def signed_s3(server, creds, method, path, body=b"", headers=None, payload_hash=None):
    """Headers of a request signed by botocore's S3 signer (every header given is signed)."""
    req = AWSRequest(method=method, url=server.endpoint + path, data=body, headers=dict(headers or {}))
    auth = FixedPayloadS3Auth(creds, payload_hash) if payload_hash else S3SigV4Auth(creds, "s3", REGION)
    auth.add_auth(req)
    return dict(req.headers.items())


def aws_chunked(payload, trailers, chunk=8192):
    out = b""
    for i in range(0, len(payload), chunk):
        piece = payload[i:i + chunk]
        out += f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    out += b"0\r\n" + b"".join(f"{k}:{v}\r\n".encode() for k, v in trailers) + b"\r\n"
    return out


def b64(digest):
    return base64.b64encode(digest).decode()


def crc32(data):
    return b64(zlib.crc32(data).to_bytes(4, "big"))


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return b64((crc ^ 0xFFFFFFFF).to_bytes(4, "big"))


def object_or_none(s3, bucket, key):
    try:
        return s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    except botocore.exceptions.ClientError as e:
        check(e.response["Error"]["Code"] == "NoSuchKey", f"get {key}: {e}")
        return None


def streaming_put(server, creds, key, payload, trailers, announced="x-amz-checksum-crc32", decoded_length=None,
                  extra_signed=None):
    headers = {"Content-Encoding": "aws-chunked",
               "X-Amz-Decoded-Content-Length": str(len(payload) if decoded_length is None else decoded_length)}
    if announced:
        headers["X-Amz-Trailer"] = announced
    headers.update(extra_signed or {})
    body = aws_chunked(payload, trailers)
    signed = signed_s3(server, creds, "PUT", f"/uploads/{key}", body, headers, "STREAMING-UNSIGNED-PAYLOAD-TRAILER")
    return send(server, "PUT", f"/uploads/{key}", signed, body)


def hmac_sha256(key, text):
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def signed_trailer_put(server, creds, key, payload, trailers, announced="x-amz-checksum-crc32", chunk=4096,
                       tamper=None):
    """A PUT in STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER: botocore signs the headers, the
    chunks and the trailer are signed here as the AWS docs describe (sigv4-streaming and
    sigv4-streaming-trailers). `tamper(body)` may change the body after signing."""
    headers = {"Content-Encoding": "aws-chunked", "X-Amz-Decoded-Content-Length": str(len(payload)),
               "X-Amz-Trailer": announced}
    # The body's length must be signed before the body exists: sign once to learn the
    # length of the framing (the signatures have a fixed size), then for real.
    def build(signed_headers):
        auth = signed_headers["Authorization"]
        seed = auth.rsplit("Signature=", 1)[1]
        amz_date = signed_headers["X-Amz-Date"]
        scope = auth.split("Credential=", 1)[1].split(",", 1)[0].split("/", 1)[1]
        date, region, service, _ = scope.split("/")
        signing_key = hmac_sha256(hmac_sha256(hmac_sha256(hmac_sha256(("AWS4" + creds.secret_key).encode(), date),
                                                          region), service), "aws4_request")
        empty = hashlib.sha256(b"").hexdigest()
        previous, out = seed, b""
        pieces = [payload[i:i + chunk] for i in range(0, len(payload), chunk)] + [b""]
        for piece in pieces:
            sts = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", amz_date, scope, previous, empty,
                             hashlib.sha256(piece).hexdigest()])
            previous = hmac.new(signing_key, sts.encode(), hashlib.sha256).hexdigest()
            out += f"{len(piece):x};chunk-signature={previous}\r\n".encode() + piece + (b"\r\n" if piece else b"")
        if trailers:
            canonical = "".join(f"{k.lower()}:{v.strip()}\n" for k, v in sorted(trailers, key=lambda t: t[0].lower()))
            sts = "\n".join(["AWS4-HMAC-SHA256-TRAILER", amz_date, scope, previous,
                             hashlib.sha256(canonical.encode()).hexdigest()])
            trailer_signature = hmac.new(signing_key, sts.encode(), hashlib.sha256).hexdigest()
            out += b"".join(f"{k}:{v}\r\n".encode() for k, v in trailers)
            out += f"x-amz-trailer-signature:{trailer_signature}\r\n".encode()
        return out + b"\r\n"

    payload_mode = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
    tamper = tamper or (lambda b: b)
    # The signed Content-Length is the sent body's (tampered or not): only the aws-chunked
    # signatures can tell.
    draft = tamper(build(signed_s3(server, creds, "PUT", f"/uploads/{key}", b"", headers, payload_mode)))
    headers["Content-Length"] = str(len(draft))
    signed = signed_s3(server, creds, "PUT", f"/uploads/{key}", b"", headers, payload_mode)
    body = tamper(build(signed))
    check(len(body) == len(draft), "the signed Content-Length")
    return send(server, "PUT", f"/uploads/{key}", signed, body)


def main():
    with Server(accounts=[ADMIN]) as server:
        key, secret = server.root_keys(ADMIN)
        creds = Credentials(key, secret)
        s3 = server.boto3("s3")
        s3.create_bucket(Bucket="private", CreateBucketConfiguration={"LocationConstraint": REGION})
        s3.put_object(Bucket="private", Key="secret.txt", Body=SECRET_BODY)
        s3.create_bucket(Bucket="uploads", CreateBucketConfiguration={"LocationConstraint": REGION})

        # ---- 1. unsigned x-amz-* headers: presigned URL ----
        url = server.boto3("s3", signature_version="s3v4").generate_presigned_url("put_object", Params={"Bucket": "uploads", "Key": "upload.txt"},
                                        ExpiresIn=300)
        target = url[len(server.endpoint):]
        root = expect_s3_error(send(server, "PUT", target, {"x-amz-copy-source": "/private/secret.txt"}), 403,
                               "AccessDenied", "There were headers present in the request which were not signed",
                               "presigned PUT + x-amz-copy-source")
        check(root.findtext("HeadersNotSigned") == "x-amz-copy-source",
              f"HeadersNotSigned: {root.findtext('HeadersNotSigned')!r}")
        check(object_or_none(s3, "uploads", "upload.txt") is None, "the copy happened anyway")
        root = expect_s3_error(send(server, "PUT", target, {"X-Amz-Meta-Owner": "mallory", "x-amz-acl": "public-read"},
                                    b"data"), 403, "AccessDenied", what="presigned PUT + x-amz-meta-owner")
        check(root.findtext("HeadersNotSigned") == "x-amz-acl, x-amz-meta-owner",
              f"HeadersNotSigned: {root.findtext('HeadersNotSigned')!r}")
        check(object_or_none(s3, "uploads", "upload.txt") is None, "the unsigned upload was stored")
        # The same URL as issued still works.
        status, data = send(server, "PUT", target, {}, b"uploaded through the URL")
        check(status == 200, f"presigned PUT: {status} {data[:300]!r}")
        check(object_or_none(s3, "uploads", "upload.txt") == b"uploaded through the URL", "presigned upload")

        # ---- 1. unsigned x-amz-* headers: a header-signed request replayed with more ----
        headers = signed_s3(server, creds, "PUT", "/uploads/replayed.txt", b"mine", {"x-amz-meta-owner": "alice"})
        tampered = dict(headers, **{"x-amz-copy-source": "/private/secret.txt", "x-amz-meta-evil": "1"})
        root = expect_s3_error(send(server, "PUT", "/uploads/replayed.txt", tampered, b"mine"), 403, "AccessDenied",
                               "There were headers present in the request which were not signed",
                               "header-signed PUT + x-amz-copy-source")
        check(root.findtext("HeadersNotSigned") == "x-amz-copy-source, x-amz-meta-evil",
              f"HeadersNotSigned: {root.findtext('HeadersNotSigned')!r}")
        check(object_or_none(s3, "uploads", "replayed.txt") is None, "the replayed copy happened")
        status, data = send(server, "PUT", "/uploads/replayed.txt", headers, b"mine")
        check(status == 200, f"header-signed PUT: {status} {data[:300]!r}")
        head = s3.head_object(Bucket="uploads", Key="replayed.txt")
        check(head["Metadata"] == {"owner": "alice"}, f"signed metadata: {head['Metadata']}")

        # ---- 1b. trailers: only the checksum x-amz-trailer names ----
        payload = b"x" * 9000 + b" the upload's own bytes"
        good = ("x-amz-checksum-crc32", crc32(payload))
        smuggled = [
            [good, ("x-amz-copy-source", "/private/secret.txt")],
            [good, ("Content-Type", "text/html")],
            [good, ("x-amz-meta-owner", "mallory")],
            [("x-amz-checksum-sha256", b64(hashlib.sha256(payload).digest()))],  # not the one announced
            [],  # announced, never sent
        ]
        for trailers in smuggled:
            expect_s3_error(streaming_put(server, creds, "trailer.txt", payload, trailers), 400,
                            "MalformedTrailerError",
                            "The request contained trailing data that was not well-formed or did not conform to "
                            "our published schema.", f"trailers {trailers}")
            check(object_or_none(s3, "uploads", "trailer.txt") is None, f"stored with trailers {trailers}")
        expect_s3_error(streaming_put(server, creds, "trailer.txt", payload, [good], announced=None), 400,
                        "MalformedTrailerError", what="a trailer nobody announced")
        status, data = streaming_put(server, creds, "trailer.txt", payload, [good])
        check(status == 200, f"streaming PUT with its checksum trailer: {status} {data[:300]!r}")
        obj = s3.get_object(Bucket="uploads", Key="trailer.txt")
        check(obj["Body"].read() == payload and obj["ContentType"] != "text/html", "streamed object")

        # ---- 1c. signed trailers: the trailer's own signature ----
        good = ("x-amz-checksum-crc32", crc32(payload))
        status, data = signed_trailer_put(server, creds, "signed-trailer.txt", payload, [good])
        check(status == 200, f"signed streaming PUT with its signed checksum trailer: {status} {data[:300]!r}")
        check(s3.get_object(Bucket="uploads", Key="signed-trailer.txt")["Body"].read() == payload,
              "the object of a signed-trailer upload")
        s3.delete_object(Bucket="uploads", Key="signed-trailer.txt")
        other = crc32(payload + b"!")
        attempts = [
            ("a trailer value changed after signing", [good],
             lambda b: b.replace(good[1].encode(), other.encode()), 403, "SignatureDoesNotMatch"),
            ("the trailer signature dropped", [good],
             lambda b: b[:b.index(b"x-amz-trailer-signature:")] + b"\r\n", 403, "SignatureDoesNotMatch"),
            ("a trailer smuggled after the signature", [good],
             lambda b: b[:-2] + b"x-amz-copy-source:/private/secret.txt\r\n\r\n", 400, "InvalidRequest"),
            ("a second trailer, signed", [good, ("x-amz-meta-owner", "mallory")], None, 400,
             "MalformedTrailerError"),
        ]
        for what, trailers, tamper, status, code in attempts:
            expect_s3_error(signed_trailer_put(server, creds, "signed-trailer.txt", payload, trailers, tamper=tamper),
                            status, code, what=what)
            check(object_or_none(s3, "uploads", "signed-trailer.txt") is None, f"stored with {what}")
        expect_s3_error(signed_trailer_put(server, creds, "signed-trailer.txt", payload, [("x-amz-checksum-crc32", other)]),
                        400, "BadDigest", "The CRC32 you specified did not match the calculated checksum.",
                        "a signed but wrong checksum trailer")
        check(object_or_none(s3, "uploads", "signed-trailer.txt") is None, "stored with a wrong signed checksum")

        # ---- 7. every checksum verified, in a header or the trailer ----
        body = b"checked bytes"
        wrong = b"other bytes"
        cases = [("x-amz-checksum-sha256", "SHA256", lambda d: b64(hashlib.sha256(d).digest())),
                 ("x-amz-checksum-sha1", "SHA1", lambda d: b64(hashlib.sha1(d).digest())),
                 ("x-amz-checksum-crc32", "CRC32", crc32),
                 ("x-amz-checksum-crc32c", "CRC32C", crc32c)]
        for header, name, fn in cases:
            message = f"The {name} you specified did not match the calculated checksum."
            signed = signed_s3(server, creds, "PUT", "/uploads/sum.txt", body, {header: fn(wrong)})
            expect_s3_error(send(server, "PUT", "/uploads/sum.txt", signed, body), 400, "BadDigest", message,
                            f"wrong {header} header")
            expect_s3_error(streaming_put(server, creds, "sum.txt", body, [(header, fn(wrong))], announced=header),
                            400, "BadDigest", message, f"wrong {header} trailer")
            check(object_or_none(s3, "uploads", "sum.txt") is None, f"stored despite a wrong {header}")
            signed = signed_s3(server, creds, "PUT", "/uploads/sum.txt", body, {header: fn(body)})
            status, data = send(server, "PUT", "/uploads/sum.txt", signed, body)
            check(status == 200, f"right {header} header: {status} {data[:300]!r}")
            status, data = streaming_put(server, creds, "sum.txt", body, [(header, fn(body))], announced=header)
            check(status == 200, f"right {header} trailer: {status} {data[:300]!r}")
            s3.delete_object(Bucket="uploads", Key="sum.txt")
        for length in (len(payload) - 1, len(payload) + 1):
            expect_s3_error(streaming_put(server, creds, "length.txt", payload, [good], decoded_length=length), 400,
                            "IncompleteBody", "The request body terminated unexpectedly",
                            f"x-amz-decoded-content-length {length} for {len(payload)} bytes")
        check(object_or_none(s3, "uploads", "length.txt") is None, "stored with a wrong decoded length")

        # ---- 6. the Query services sign the body itself ----
        def iam_request(body_text, content_sha256, content_encoding=None):
            headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                       "X-Amz-Content-SHA256": content_sha256}
            if content_encoding:
                headers["Content-Encoding"] = content_encoding
            req = AWSRequest(method="POST", url=server.endpoint + "/", data=body_text, headers=headers)
            SigV4Auth(creds, "iam", "us-east-1").add_auth(req)  # signs the header's value as the payload hash
            return dict(req.headers.items())

        signed_body = "Action=CreateUser&UserName=alice&Version=2010-05-08"
        headers = iam_request(signed_body, "UNSIGNED-PAYLOAD")
        for sent in (signed_body, signed_body.replace("alice", "mallory")):
            status, data = send(server, "POST", "/", headers, sent)
            check(status == 403 and b"<Code>SignatureDoesNotMatch</Code>" in data,
                  f"IAM with UNSIGNED-PAYLOAD ({sent}): {status} {data[:300]!r}")
        chunked = aws_chunked(signed_body.replace("alice", "mallory").encode(), [])
        headers = iam_request(chunked, "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "aws-chunked")
        status, data = send(server, "POST", "/", headers, chunked)
        check(status == 403 and b"<Code>SignatureDoesNotMatch</Code>" in data,
              f"IAM with STREAMING-UNSIGNED-PAYLOAD-TRAILER: {status} {data[:300]!r}")
        iam = server.boto3("iam")
        users = {u["UserName"] for u in iam.list_users()["Users"]}
        check(not users & {"alice", "mallory"}, f"users created by unsigned bodies: {users}")
        # The body's real hash in the header is fine (what some SDKs send).
        headers = iam_request(signed_body, hashlib.sha256(signed_body.encode()).hexdigest())
        status, data = send(server, "POST", "/", headers, signed_body)
        check(status == 200, f"IAM with the body's sha256: {status} {data[:300]!r}")
        iam.delete_user(UserName="alice")

        # ---- 9. wording ----
        s = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        # Announced with Expect: 100-continue, the Endpoint is asked before any body is read
        # (without it, the transport must refuse the header itself: NOTES for the Beast server).
        s.sendall(f"PUT /uploads/negative HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nContent-Length: -1\r\n"
                  "Expect: 100-continue\r\n\r\n".encode())
        reply = b""
        while b"</Error>" not in reply:
            piece = s.recv(65536)
            if not piece:
                break
            reply += piece
        s.close()
        check(reply.startswith(b"HTTP/1.1 400"), f"Content-Length: -1: {reply[:200]!r}")
        check(b"<Code>BadRequest</Code><Message>An error occurred when parsing the HTTP request.</Message>" in reply,
              f"Content-Length: -1 error: {reply[-400:]!r}")

        for xml in (b"<CreateBucketConfiguration><LocationConstraint>" + REGION.encode() +
                    b"</LocationConstraint><Owner>mallory</Owner></CreateBucketConfiguration>",
                    b"<CreateBucketConfiguration><LocationConstraint>" + REGION.encode() +
                    b"\xc0\xaf</LocationConstraint></CreateBucketConfiguration>"):
            signed = signed_s3(server, creds, "PUT", "/strict", xml)
            expect_s3_error(send(server, "PUT", "/strict", signed, xml), 400, "MalformedXML",
                            "The XML you provided was not well-formed or did not validate against our published "
                            "schema", f"CreateBucket {xml!r}")
        names = {b["Name"] for b in s3.list_buckets()["Buckets"]}
        check("strict" not in names, f"bucket created from a malformed configuration: {names}")

        check(server.alive(), "the server died")
        check(server.boto3("sts").get_caller_identity()["Account"] == ADMIN, "still serving")


if __name__ == "__main__":
    run_main(main)

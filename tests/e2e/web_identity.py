"""Web identity federation through `jumpgate serve` with boto3 (issue 19): a GitHub
Actions-style OIDC provider (issuer https://token.actions.githubusercontent.com, its keys
made here and registered with `jumpgate cloud oidc-keys set`), a deploy role trusting it
with a `sub` condition; AssumeRoleWithWebIdentity — unsigned, as boto3 sends it — with a
JWT this test mints (RS256 and ES256) gives role credentials; a wrong sub, audience,
signature or an expired token is refused with AWS's codes; no other action is let through
unsigned; and the role shows up in `jumpgate access` with its provider and sub."""

import base64
import json
import os
import subprocess
import time

import botocore
from botocore.config import Config
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from jgserve import ADMIN, JUMPGATE, REGION, Server, check, run_main

ISSUER = "https://token.actions.githubusercontent.com"
PROVIDER_ARN = f"arn:aws:iam::{ADMIN}:oidc-provider/token.actions.githubusercontent.com"
MAIN_SUB = "repo:acme/infra:ref:refs/heads/main"
ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def int_bytes(n, size=None):
    size = size or (n.bit_length() + 7) // 8
    return n.to_bytes(size, "big")


def mint(key, kid, claims, alg="RS256"):
    header = {"alg": alg, "typ": "JWT", "kid": kid}
    signing_input = (b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())).encode()
    if alg == "RS256":
        sig = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    else:
        r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        sig = int_bytes(r, 32) + int_bytes(s, 32)
    return signing_input.decode() + "." + b64url(sig)


def github_claims(sub=MAIN_SUB, aud="sts.amazonaws.com", ttl=300, **extra):
    now = int(time.time())
    claims = {"iss": ISSUER, "sub": sub, "aud": aud, "iat": now - 5, "nbf": now - 5, "exp": now + ttl,
              "repository": "acme/infra", "ref": "refs/heads/main", "job_workflow_ref": "acme/infra/.github/workflows/deploy.yml@refs/heads/main"}
    claims.update(extra)
    return claims


def make_issuer_keys(server):
    """An RSA and a P-256 key of the issuer; their JWKS registered with `jumpgate cloud
    oidc-keys set` in the server's home (the local cloud fetches nothing)."""
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    rn = rsa_key.public_key().public_numbers()
    en = ec_key.public_key().public_numbers()
    jwks = {"keys": [
        {"kty": "RSA", "kid": "rsa-1", "alg": "RS256", "use": "sig", "n": b64url(int_bytes(rn.n)), "e": b64url(int_bytes(rn.e))},
        {"kty": "EC", "kid": "ec-1", "alg": "ES256", "use": "sig", "crv": "P-256",
         "x": b64url(int_bytes(en.x, 32)), "y": b64url(int_bytes(en.y, 32))}]}
    jwks_file = os.path.join(server.home, "github-jwks.json")
    with open(jwks_file, "w") as f:
        json.dump(jwks, f)
    p = subprocess.run([JUMPGATE, "cloud", "oidc-keys", "set", ISSUER, jwks_file, "--home", server.home],
                       capture_output=True, text=True, timeout=60)
    check(p.returncode == 0, f"oidc-keys set: {p.returncode} {p.stderr}")
    return rsa_key, ec_key


def register_issuer_keys(server):
    return make_issuer_keys(server)[0]


def saml_metadata(cert_pem, valid_until=None):
    """SAML 2.0 metadata of an identity provider signing with `cert_pem` (over 1000
    characters, IAM's minimum)."""
    body = "".join(l for l in cert_pem.splitlines() if "CERTIFICATE" not in l)
    until = f' validUntil="{valid_until}"' if valid_until else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.example.com/saml"{until}>
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>{body}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/saml/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
"""


def make_certificate(workdir):
    key = os.path.join(workdir, "saml-idp")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key + ".pem", "-out",
                    key + ".crt", "-days", "1", "-subj", "/CN=idp.example.com"], check=True, capture_output=True)
    return open(key + ".crt").read()


def saml_response(server, role_arn, provider_arn, session="alice", audience="https://signin.aws.amazon.com/saml",
                  ttl=300, subject="alice@example.com"):
    """A SAML response of the IdP for `role_arn`, its assertion signed by xmlsec1 with the
    IdP's key (saml-idp.pem, made by make_certificate): base64, as AWS takes it."""
    now = time.time()
    stamp = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
    template = f"""<?xml version="1.0" encoding="UTF-8"?>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="_response-1" Version="2.0" IssueInstant="{stamp(now)}" Destination="https://signin.aws.amazon.com/saml">
  <saml:Issuer>https://idp.example.com/saml</saml:Issuer>
  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
  <saml:Assertion ID="_assertion-1" Version="2.0" IssueInstant="{stamp(now)}">
    <saml:Issuer>https://idp.example.com/saml</saml:Issuer>
    <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
      <ds:SignedInfo>
        <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
        <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
        <ds:Reference URI="#_assertion-1">
          <ds:Transforms>
            <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
            <ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
          </ds:Transforms>
          <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
          <ds:DigestValue/>
        </ds:Reference>
      </ds:SignedInfo>
      <ds:SignatureValue/>
    </ds:Signature>
    <saml:Subject>
      <saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">{subject}</saml:NameID>
      <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml:SubjectConfirmationData NotOnOrAfter="{stamp(now + ttl)}" Recipient="https://signin.aws.amazon.com/saml"/>
      </saml:SubjectConfirmation>
    </saml:Subject>
    <saml:Conditions NotBefore="{stamp(now - 5)}" NotOnOrAfter="{stamp(now + ttl)}">
      <saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction>
    </saml:Conditions>
    <saml:AttributeStatement>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">
        <saml:AttributeValue xsi:type="xs:string">{role_arn},{provider_arn}</saml:AttributeValue>
      </saml:Attribute>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName">
        <saml:AttributeValue xsi:type="xs:string">{session}</saml:AttributeValue>
      </saml:Attribute>
    </saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>
"""
    tmpl = os.path.join(server.home, "saml-template.xml")
    signed = os.path.join(server.home, "saml-signed.xml")
    with open(tmpl, "w") as f:
        f.write(template)
    p = subprocess.run(["xmlsec1", "--sign", "--privkey-pem", os.path.join(server.home, "saml-idp.pem"),
                        "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion", "--output", signed, tmpl],
                       capture_output=True, text=True, timeout=60)
    check(p.returncode == 0, f"xmlsec1 --sign: {p.stderr}")
    with open(signed, "rb") as f:
        return f.read()


def refused(what, fn, code, message=None):
    try:
        fn()
    except ClientError as e:
        got = e.response["Error"]["Code"]
        check(got == code, f"{what}: expected {code}, got {got}: {e.response['Error'].get('Message')}")
        if message is not None:
            check(message in e.response["Error"]["Message"],
                  f"{what}: message {e.response['Error']['Message']!r} lacks {message!r}")
        return e.response
    raise AssertionError(f"{what}: succeeded")


def main():
    with Server(accounts=[ADMIN]) as server:
        iam = server.boto3("iam")

        # --- the provider: IAM's operations and their errors -----------------------------
        created = iam.create_open_id_connect_provider(Url=ISSUER, ClientIDList=["sts.amazonaws.com"],
                                                      Tags=[{"Key": "team", "Value": "platform"}])
        check(created["OpenIDConnectProviderArn"] == PROVIDER_ARN, f"provider ARN {created['OpenIDConnectProviderArn']}")
        got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=PROVIDER_ARN)
        check(got["Url"] == "token.actions.githubusercontent.com" and got["ClientIDList"] == ["sts.amazonaws.com"]
              and got["ThumbprintList"] == [] and got["Tags"] == [{"Key": "team", "Value": "platform"}],
              f"GetOpenIDConnectProvider: {got}")
        listed = iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]
        check(listed == [{"Arn": PROVIDER_ARN}], f"ListOpenIDConnectProviders: {listed}")
        refused("a second provider for the issuer", lambda: iam.create_open_id_connect_provider(Url=ISSUER),
                "EntityAlreadyExists", "already exists")
        refused("http:// provider URL", lambda: iam.create_open_id_connect_provider(Url="http://example.com"),
                "InvalidInput", "The URL must begin with https://.")
        refused("provider URL with a port", lambda: iam.create_open_id_connect_provider(Url="https://example.com:8443"),
                "InvalidInput", "Invalid Open ID Connect Provider URL.")
        missing = f"arn:aws:iam::{ADMIN}:oidc-provider/example.com"
        refused("Get of a missing provider", lambda: iam.get_open_id_connect_provider(OpenIDConnectProviderArn=missing),
                "NoSuchEntity", f"OpenIDConnect Provider not found for arn {missing}")
        iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=PROVIDER_ARN, ClientID="other-app")
        iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=PROVIDER_ARN, ClientID="other-app")
        iam.update_open_id_connect_provider_thumbprint(OpenIDConnectProviderArn=PROVIDER_ARN, ThumbprintList=["a" * 40])
        got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=PROVIDER_ARN)
        check(got["ClientIDList"] == ["sts.amazonaws.com"] and got["ThumbprintList"] == ["a" * 40],
              f"after the client id round trip and the thumbprint update: {got}")

        # Each call is authorised on the provider's ARN like any IAM call.
        iam.create_user(UserName="dev")
        iam.put_user_policy(UserName="dev", PolicyName="read-providers", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetOpenIDConnectProvider",
                                                    "Resource": PROVIDER_ARN}]}))
        key = iam.create_access_key(UserName="dev")["AccessKey"]
        dev = server.boto3("iam", key["AccessKeyId"], key["SecretAccessKey"])
        dev.get_open_id_connect_provider(OpenIDConnectProviderArn=PROVIDER_ARN)
        refused("a user without iam:CreateOpenIDConnectProvider",
                lambda: dev.create_open_id_connect_provider(Url="https://gitlab.example.com", ClientIDList=["x"]),
                "AccessDenied", f"User: arn:aws:iam::{ADMIN}:user/dev is not authorized to perform: "
                f"iam:CreateOpenIDConnectProvider on resource: arn:aws:iam::{ADMIN}:oidc-provider/gitlab.example.com")
        refused("a user without iam:DeleteOpenIDConnectProvider",
                lambda: dev.delete_open_id_connect_provider(OpenIDConnectProviderArn=PROVIDER_ARN), "AccessDenied")

        # --- the issuer's keys, made here and registered in the home ----------------------
        rsa_key, ec_key = make_issuer_keys(server)
        bad_jwks = os.path.join(server.home, "bad-jwks.json")
        with open(bad_jwks, "w") as f:
            json.dump({"keys": [{"kty": "RSA", "kid": "short", "n": b64url(b"\x01" * 64), "e": "AQAB"}]}, f)
        p = subprocess.run([JUMPGATE, "cloud", "oidc-keys", "set", ISSUER, bad_jwks, "--home", server.home],
                           capture_output=True, text=True, timeout=60)
        check(p.returncode != 0 and "at least 2048" in p.stderr, f"a 512-bit key must be refused: {p.stderr}")

        # --- the deploy role: trusts the provider for main of acme/infra ------------------
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Federated": PROVIDER_ARN}, "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                          "StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/infra:ref:refs/heads/main"}}}]}
        role_arn = iam.create_role(RoleName="ci-deploy", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
        iam.attach_role_policy(RoleName="ci-deploy", PolicyArn=ADMIN_POLICY)

        import boto3
        sts = boto3.client("sts", endpoint_url=server.endpoint, region_name=REGION,
                           config=Config(signature_version=botocore.UNSIGNED, retries={"max_attempts": 1}))

        def assume(token, session="gha-run-1"):
            return sts.assume_role_with_web_identity(RoleArn=role_arn, RoleSessionName=session, WebIdentityToken=token)

        # RS256, the right sub: role credentials, the response AWS gives.
        out = assume(mint(rsa_key, "rsa-1", github_claims()))
        check(out["SubjectFromWebIdentityToken"] == MAIN_SUB, f"SubjectFromWebIdentityToken {out}")
        check(out["Provider"] == PROVIDER_ARN and out["Audience"] == "sts.amazonaws.com", f"Provider/Audience {out}")
        check(out["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ADMIN}:assumed-role/ci-deploy/gha-run-1",
              f"AssumedRoleUser {out['AssumedRoleUser']}")
        c = out["Credentials"]
        me = server.boto3("sts", c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"]).get_caller_identity()
        check(me["Arn"] == f"arn:aws:sts::{ADMIN}:assumed-role/ci-deploy/gha-run-1", f"GetCallerIdentity {me}")
        # ... and the session acts as the role (AdministratorAccess).
        server.boto3("iam", c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"]).list_roles()

        # ES256 with the EC key.
        out = assume(mint(ec_key, "ec-1", github_claims(), alg="ES256"), session="gha-run-2")
        check(out["AssumedRoleUser"]["Arn"].endswith("/gha-run-2"), f"ES256 session {out['AssumedRoleUser']}")

        # Refusals.
        refused("a pull request's sub", lambda: assume(mint(rsa_key, "rsa-1", github_claims(sub="repo:acme/infra:pull_request"))),
                "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
        refused("another repository's sub", lambda: assume(mint(rsa_key, "rsa-1", github_claims(sub="repo:evil/infra:ref:refs/heads/main"))),
                "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
        refused("a wrong audience", lambda: assume(mint(rsa_key, "rsa-1", github_claims(aud="someone-else"))),
                "InvalidIdentityToken", "Incorrect token audience")
        refused("an expired token", lambda: assume(mint(rsa_key, "rsa-1", github_claims(ttl=-60))),
                "ExpiredTokenException", "Token expired")
        forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        refused("a token signed by another key", lambda: assume(mint(forger, "rsa-1", github_claims())),
                "InvalidIdentityToken")
        refused("an unknown kid", lambda: assume(mint(rsa_key, "rsa-9", github_claims())),
                "InvalidIdentityToken", "Couldn't retrieve verification key")
        other = dict(github_claims(), iss="https://gitlab.example.com")
        refused("an issuer without a provider", lambda: assume(mint(rsa_key, "rsa-1", other)),
                "InvalidIdentityToken", "No OpenIDConnect provider found in your account for https://gitlab.example.com")
        refused("not a JWT", lambda: assume("not-a-token"), "InvalidIdentityToken", "not a valid JWT")
        tampered = mint(rsa_key, "rsa-1", github_claims())
        head, _, sig = tampered.split(".")
        evil = b64url(json.dumps(github_claims(sub="repo:evil/x:ref:refs/heads/main")).encode())
        refused("claims swapped under a valid signature", lambda: assume(f"{head}.{evil}.{sig}"), "InvalidIdentityToken")

        # Nothing else is let through unsigned.
        unsigned_iam = boto3.client("iam", endpoint_url=server.endpoint, region_name=REGION,
                                    config=Config(signature_version=botocore.UNSIGNED, retries={"max_attempts": 1}))
        refused("unsigned GetCallerIdentity", lambda: sts.get_caller_identity(), "MissingAuthenticationToken")
        refused("unsigned ListRoles", lambda: unsigned_iam.list_roles(), "MissingAuthenticationToken")
        refused("unsigned AssumeRole", lambda: sts.assume_role(RoleArn=role_arn, RoleSessionName="xy"),
                "MissingAuthenticationToken")

        # Deleting the provider cuts the trust; a second delete is fine (AWS: idempotent).
        iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=PROVIDER_ARN)
        iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=PROVIDER_ARN)
        refused("after the provider is deleted", lambda: assume(mint(rsa_key, "rsa-1", github_claims())),
                "InvalidIdentityToken", "No OpenIDConnect provider found")
        iam.create_open_id_connect_provider(Url=ISSUER, ClientIDList=["sts.amazonaws.com"])
        assume(mint(rsa_key, "rsa-1", github_claims()))

        access_shows_federated(server)
        saml_providers(server)
        iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=PROVIDER_ARN)
        stack_made_provider(server, lambda role, token: sts.assume_role_with_web_identity(
            RoleArn=role, RoleSessionName="stack-run", WebIdentityToken=token), rsa_key)


def assume_with_saml(server, provider_arn):
    """AssumeRoleWithSAML, unsigned, with responses signed by xmlsec1 (an independent
    XML-DSig implementation): a role trusting the SAML provider with saml:aud."""
    import boto3
    iam = server.boto3("iam")
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": provider_arn}, "Action": "sts:AssumeRoleWithSAML",
        "Condition": {"StringEquals": {"saml:aud": "https://signin.aws.amazon.com/saml"}}}]}
    role_arn = iam.create_role(RoleName="corp-admin", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    sts = boto3.client("sts", endpoint_url=server.endpoint, region_name=REGION,
                       config=Config(signature_version=botocore.UNSIGNED, retries={"max_attempts": 1}))

    def assume(response, principal=provider_arn):
        return sts.assume_role_with_saml(RoleArn=role_arn, PrincipalArn=principal,
                                         SAMLAssertion=base64.b64encode(response).decode())

    good = saml_response(server, role_arn, provider_arn)
    out = assume(good)
    check(out["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ADMIN}:assumed-role/corp-admin/alice",
          f"AssumeRoleWithSAML: {out['AssumedRoleUser']}")
    check(out["Subject"] == "alice@example.com" and out["SubjectType"] == "persistent"
          and out["Issuer"] == "https://idp.example.com/saml" and out["Audience"] == "https://signin.aws.amazon.com/saml",
          f"AssumeRoleWithSAML facts: {out}")
    c = out["Credentials"]
    me = server.boto3("sts", c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"]).get_caller_identity()
    check(me["Arn"].endswith(":assumed-role/corp-admin/alice"), f"SAML session: {me}")
    # A comment inside the NameID splits its text; the whole value is the subject, not its
    # first part (the comment-truncation attack on SAML libraries).
    split = assume(saml_response(server, role_arn, provider_arn, subject="victim@example.com<!---->.evil.com"))
    check(split["Subject"] == "victim@example.com.evil.com", f"a comment-split NameID: {split['Subject']!r}")
    # Changed after signing: the digest no longer matches.
    refused("a subject changed after signing", lambda: assume(good.replace(b"alice@example.com", b"mallory@example.com")),
            "InvalidIdentityToken", "digest does not match")
    # Signed by another key.
    other = os.path.join(server.home, "other")
    os.makedirs(other, exist_ok=True)
    make_certificate(other)
    os.replace(os.path.join(other, "saml-idp.pem"), os.path.join(server.home, "saml-idp.pem.other"))
    key = os.path.join(server.home, "saml-idp.pem")
    os.replace(key, key + ".real")
    os.replace(key + ".other", key)
    forged = saml_response(server, role_arn, provider_arn)
    os.replace(key + ".real", key)
    refused("a response signed by another key", lambda: assume(forged), "InvalidIdentityToken", "does not verify")
    refused("an expired assertion", lambda: assume(saml_response(server, role_arn, provider_arn, ttl=-10)),
            "ExpiredTokenException")
    refused("an assertion for another audience", lambda: assume(saml_response(server, role_arn, provider_arn, audience="https://other.example.com")),
            "InvalidIdentityToken")
    refused("an assertion that does not list the role", lambda: assume(saml_response(server, f"arn:aws:iam::{ADMIN}:role/other", provider_arn)),
            "AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML")
    iam.delete_role(RoleName="corp-admin")


def stack_made_provider(server, assume, key):
    """The GitHub bootstrap as one CloudFormation template: AWS::IAM::OIDCProvider and a
    role whose trust names it with Ref; updated in place (a client id added), deleted."""
    cfn = server.boto3("cloudformation")
    iam = server.boto3("iam")

    def template(client_ids):
        return json.dumps({"Resources": {
            "GitHub": {"Type": "AWS::IAM::OIDCProvider",
                       "Properties": {"Url": ISSUER, "ClientIdList": client_ids, "Tags": [{"Key": "by", "Value": "stack"}]}},
            "Deploy": {"Type": "AWS::IAM::Role", "Properties": {
                "RoleName": "stack-deploy",
                "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow", "Principal": {"Federated": {"Ref": "GitHub"}},
                    "Action": "sts:AssumeRoleWithWebIdentity",
                    "Condition": {"StringEquals": {"token.actions.githubusercontent.com:sub": MAIN_SUB}}}]}}}},
            "Outputs": {"ProviderArn": {"Value": {"Fn::GetAtt": ["GitHub", "Arn"]}}}})

    def settle(name, want):
        for _ in range(200):
            status = cfn.describe_stacks(StackName=name)["Stacks"][0]
            if not status["StackStatus"].endswith("IN_PROGRESS"):
                check(status["StackStatus"] == want, f"stack {name}: {status['StackStatus']} {status.get('StackStatusReason')}")
                return status
            time.sleep(0.05)
        raise AssertionError(f"stack {name} did not settle")

    cfn.create_stack(StackName="github-oidc", TemplateBody=template(["sts.amazonaws.com"]), Capabilities=["CAPABILITY_NAMED_IAM"])
    stack = settle("github-oidc", "CREATE_COMPLETE")
    check(stack["Outputs"][0]["OutputValue"] == PROVIDER_ARN, f"stack output {stack['Outputs']}")
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=PROVIDER_ARN)
    check(got["ClientIDList"] == ["sts.amazonaws.com"] and got["Tags"] == [{"Key": "by", "Value": "stack"}],
          f"the stack's provider: {got}")
    out = assume(f"arn:aws:iam::{ADMIN}:role/stack-deploy", mint(key, "rsa-1", github_claims()))
    check(out["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ADMIN}:assumed-role/stack-deploy/stack-run",
          f"the stack's role assumed: {out['AssumedRoleUser']}")
    cfn.update_stack(StackName="github-oidc", TemplateBody=template(["sts.amazonaws.com", "other-app"]),
                     Capabilities=["CAPABILITY_NAMED_IAM"])
    settle("github-oidc", "UPDATE_COMPLETE")
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=PROVIDER_ARN)
    check(got["ClientIDList"] == ["sts.amazonaws.com", "other-app"], f"updated in place: {got['ClientIDList']}")
    cfn.delete_stack(StackName="github-oidc")
    for _ in range(200):
        if not cfn.list_stacks(StackStatusFilter=["DELETE_IN_PROGRESS"])["StackSummaries"]:
            break
        time.sleep(0.05)
    check(iam.list_open_id_connect_providers()["OpenIDConnectProviderList"] == [], "the stack's provider is deleted with it")


def saml_providers(server):
    """SAML providers: the metadata document checked (an IdP with a readable signing
    certificate), ValidUntil from it, AWS's errors."""
    iam = server.boto3("iam")
    cert = make_certificate(server.home)
    arn = iam.create_saml_provider(Name="corp-idp", SAMLMetadataDocument=saml_metadata(cert, "2030-01-01T00:00:00Z"),
                                   Tags=[{"Key": "owner", "Value": "it"}])["SAMLProviderArn"]
    check(arn == f"arn:aws:iam::{ADMIN}:saml-provider/corp-idp", f"SAML provider ARN {arn}")
    got = iam.get_saml_provider(SAMLProviderArn=arn)
    check(got["ValidUntil"].year == 2030 and "idp.example.com/saml" in got["SAMLMetadataDocument"]
          and got["Tags"] == [{"Key": "owner", "Value": "it"}], f"GetSAMLProvider: {got}")
    listed = iam.list_saml_providers()["SAMLProviderList"]
    check([p["Arn"] for p in listed] == [arn], f"ListSAMLProviders: {listed}")
    refused("a second provider of the name", lambda: iam.create_saml_provider(Name="corp-idp", SAMLMetadataDocument=saml_metadata(cert)),
            "EntityAlreadyExists")
    not_metadata = "<html>" + "x" * 1200 + "</html>"
    refused("a document that is not IdP metadata", lambda: iam.create_saml_provider(Name="other", SAMLMetadataDocument=not_metadata),
            "InvalidInput", "Could not parse metadata")
    no_cert = saml_metadata(cert).replace("MII", "not-a-certificate")
    refused("metadata whose certificate does not parse", lambda: iam.create_saml_provider(Name="other", SAMLMetadataDocument=no_cert),
            "InvalidInput", "Could not parse metadata")
    iam.update_saml_provider(SAMLProviderArn=arn, SAMLMetadataDocument=saml_metadata(cert))
    got = iam.get_saml_provider(SAMLProviderArn=arn)
    check(got["ValidUntil"].year >= 2100, f"without validUntil the provider stays valid for 100 years: {got['ValidUntil']}")
    assume_with_saml(server, arn)
    iam.delete_saml_provider(SAMLProviderArn=arn)
    refused("Get of a deleted provider", lambda: iam.get_saml_provider(SAMLProviderArn=arn),
            "NoSuchEntity", f"Manifest not found for arn {arn}")
    check(iam.list_saml_providers()["SAMLProviderList"] == [], "no SAML provider is left")


def access_shows_federated(server):
    """`jumpgate access` over the running serve (its credentials file names root-ACCOUNT):
    the deploy role appears as reachable by the provider, with its sub condition; the
    audit calls the provider reaching an administrator role JG113, high since sub is pinned."""
    env = dict(server.client_env(), AWS_SHARED_CREDENTIALS_FILE=server.credentials_file)
    p = subprocess.run([JUMPGATE, "access", "--endpoint-url", server.endpoint, "--accounts", ADMIN, "--format", "json"],
                       capture_output=True, text=True, timeout=120, env=env)
    check(p.returncode == 0, f"jumpgate access: {p.returncode} {p.stderr}")
    grants = json.loads(p.stdout)["grants"]
    ci = [g for g in grants if g["role"] == "ci-deploy"]
    check(len(ci) == 1, f"access: one grant of ci-deploy expected: {grants}")
    g = ci[0]
    check(g["user"] == "oidc:token.actions.githubusercontent.com" and g["user_arn"] == PROVIDER_ARN
          and g["account"] == ADMIN, f"access: the provider as the principal: {g}")
    check(f"sub StringLike {MAIN_SUB}" in g["via"] and "aud StringEquals sts.amazonaws.com" in g["via"],
          f"access: the sub and aud conditions in via: {g['via']}")
    p = subprocess.run([JUMPGATE, "audit", "--endpoint-url", server.endpoint, "--accounts", ADMIN, "--format", "json"],
                       capture_output=True, text=True, timeout=120, env=env)
    check(p.returncode in (0, 1), f"jumpgate audit: {p.returncode} {p.stderr}")
    findings = [f for f in json.loads(p.stdout)["findings"] if f["rule"] == "JG113"]
    check(len(findings) == 1 and findings[0]["severity"] == "high" and findings[0]["principal"] == PROVIDER_ARN,
          f"audit: one JG113 (high: sub pinned) for the provider: {findings}")


if __name__ == "__main__":
    run_main(main)

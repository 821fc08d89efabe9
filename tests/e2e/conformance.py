"""Conformance sweep: every IAM and STS operation in the local cloud's dispatch table
(src/cloud/operations.cpp) is called through botocore with valid input, and each response
must (a) parse, (b) carry every member the output shape marks required, and (c) contain
only elements the shape knows (botocore silently drops unknown ones, so the raw XML is
walked too). A new operation without a step here fails the sweep."""

import base64
import json
import os
import re
import xml.etree.ElementTree as ET

from botocore import xform_name

from jgserve import ADMIN, Server, check, run_main, totp_codes
from web_identity import (ISSUER, github_claims, make_certificate, mint, register_issuer_keys, saml_metadata,
                          saml_response)

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
ALLOW_ALL = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
TRUST_ACCOUNT = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ADMIN}:root"}, "Action": "sts:AssumeRole"}]})
READ_ONLY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:Get*", "Resource": "*"}]})


def implemented(services):
    text = open(os.path.join(ROOT, "src", "cloud", "operations.cpp")).read()
    return {(s, a) for s, a in re.findall(r'Operation\{"([a-z0-9]+)", "([A-Za-z0-9]+)"', text) if s in services}


class Checker:
    """Hooks a botocore client: keeps the raw body of each response and checks it."""

    def __init__(self):
        self.raw = None
        self.called = set()

    def attach(self, client, service):
        client.meta.events.register(f"before-parse.{client.meta.service_model.service_name}.*", self._keep)
        self.service = service

    def _keep(self, response_dict, **kw):
        self.raw = response_dict["body"]

    def check(self, service, client, op_name, parsed):
        op = client.meta.service_model.operation_model(op_name)
        self.called.add((service, op_name))
        check(parsed["ResponseMetadata"]["HTTPStatusCode"] == 200, f"{op_name}: status")
        if op.output_shape is None:
            return
        missing_required(op.output_shape, parsed, op_name)
        root = ET.fromstring(self.raw)
        ns = root.tag.split("}")[0] + "}"
        check(root.tag == f"{ns}{op_name}Response", f"{op_name}: root element {root.tag}")
        result = root.find(f"{ns}{op_name}Result")
        check(result is not None, f"{op_name}: no {op_name}Result")
        unknown_elements(op.output_shape, result, ns, op_name)


def missing_required(shape, value, path):
    if shape.type_name == "structure":
        check(isinstance(value, dict), f"{path}: expected a structure, got {type(value).__name__}")
        for name in shape.required_members:
            check(name in value, f"{path}: required member {name} missing")
        for name, member in shape.members.items():
            if name in value:
                missing_required(member, value[name], f"{path}.{name}")
    elif shape.type_name == "list":
        for i, item in enumerate(value):
            missing_required(shape.member, item, f"{path}[{i}]")
    elif shape.type_name == "map":
        for k, v in value.items():
            missing_required(shape.value, v, f"{path}[{k}]")


def unknown_elements(shape, element, ns, path):
    if shape.type_name == "structure":
        names = {(m.serialization.get("name") or n): m for n, m in shape.members.items()}
        for child in element:
            tag = child.tag[len(ns):]
            check(tag in names, f"{path}: element <{tag}> is not in shape {shape.name}")
            unknown_elements(names[tag], child, ns, f"{path}.{tag}")
    elif shape.type_name == "list":
        item = shape.member.serialization.get("name", "member")
        for child in element:
            check(child.tag == ns + item, f"{path}: list item <{child.tag}>")
            unknown_elements(shape.member, child, ns, f"{path}[]")
    elif shape.type_name == "map":
        for entry in element:
            for part in entry:
                if part.tag == ns + "value":
                    unknown_elements(shape.value, part, ns, f"{path}{{}}")


def make_ssh_key_and_certificate(workdir):
    import subprocess
    key = os.path.join(workdir, "conformance-key")
    subprocess.run(["ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", key], check=True)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key + ".pem", "-out",
                    key + ".crt", "-days", "1", "-subj", "/CN=conformance"], check=True, capture_output=True)
    return open(key + ".pub").read().strip(), open(key + ".crt").read()


def main():
    with Server(accounts=[ADMIN]) as server:
        checker = Checker()
        clients = {}

        def client(service, *keys):
            key = (service,) + keys
            if key not in clients:
                clients[key] = server.boto3(service, *keys) if keys else server.boto3(service)
                checker.attach(clients[key], service)
            return clients[key]

        def call(service, op, keys=(), **params):
            c = client(service, *keys)
            parsed = getattr(c, xform_name(op))(**params)
            checker.check(service, c, op, parsed)
            return parsed

        # Users, groups, tags.
        arn = call("iam", "CreateUser", UserName="u1", Path="/team/")["User"]["Arn"]
        call("iam", "GetUser", UserName="u1")
        call("iam", "ListUsers")
        call("iam", "TagUser", UserName="u1", Tags=[{"Key": "team", "Value": "a"}])
        call("iam", "ListUserTags", UserName="u1")
        call("iam", "UntagUser", UserName="u1", TagKeys=["team"])
        call("iam", "CreateGroup", GroupName="g1")
        call("iam", "AddUserToGroup", GroupName="g1", UserName="u1")
        call("iam", "GetGroup", GroupName="g1")
        call("iam", "ListGroups")
        call("iam", "ListGroupsForUser", UserName="u1")

        # Managed policies and versions.
        parn = call("iam", "CreatePolicy", PolicyName="p1", PolicyDocument=ALLOW_ALL, Description="d")["Policy"]["Arn"]
        call("iam", "GetPolicy", PolicyArn=parn)
        call("iam", "CreatePolicyVersion", PolicyArn=parn, PolicyDocument=ALLOW_ALL, SetAsDefault=False)
        call("iam", "ListPolicyVersions", PolicyArn=parn)
        call("iam", "GetPolicyVersion", PolicyArn=parn, VersionId="v2")
        call("iam", "SetDefaultPolicyVersion", PolicyArn=parn, VersionId="v2")
        call("iam", "DeletePolicyVersion", PolicyArn=parn, VersionId="v1")
        call("iam", "ListPolicies", Scope="Local")
        call("iam", "TagPolicy", PolicyArn=parn, Tags=[{"Key": "env", "Value": "prod"}])
        call("iam", "ListPolicyTags", PolicyArn=parn)
        call("iam", "UntagPolicy", PolicyArn=parn, TagKeys=["env"])

        # Roles.
        call("iam", "CreateRole", RoleName="r1", AssumeRolePolicyDocument=TRUST_ACCOUNT,
             Tags=[{"Key": "k", "Value": "v"}])
        call("iam", "GetRole", RoleName="r1")
        call("iam", "ListRoles")
        call("iam", "UpdateRole", RoleName="r1", Description="the role", MaxSessionDuration=7200)
        call("iam", "UpdateAssumeRolePolicy", RoleName="r1", PolicyDocument=TRUST_ACCOUNT)
        call("iam", "TagRole", RoleName="r1", Tags=[{"Key": "env", "Value": "prod"}])
        call("iam", "ListRoleTags", RoleName="r1")
        call("iam", "UntagRole", RoleName="r1", TagKeys=["env"])

        # Instance profiles (one role each).
        call("iam", "CreateInstanceProfile", InstanceProfileName="ip1", Path="/app/", Tags=[{"Key": "k", "Value": "v"}])
        call("iam", "AddRoleToInstanceProfile", InstanceProfileName="ip1", RoleName="r1")
        call("iam", "GetInstanceProfile", InstanceProfileName="ip1")
        call("iam", "ListInstanceProfiles", PathPrefix="/app/")
        call("iam", "ListInstanceProfilesForRole", RoleName="r1")
        call("iam", "TagInstanceProfile", InstanceProfileName="ip1", Tags=[{"Key": "env", "Value": "prod"}])
        call("iam", "ListInstanceProfileTags", InstanceProfileName="ip1")
        call("iam", "UntagInstanceProfile", InstanceProfileName="ip1", TagKeys=["env"])
        call("iam", "RemoveRoleFromInstanceProfile", InstanceProfileName="ip1", RoleName="r1")
        call("iam", "DeleteInstanceProfile", InstanceProfileName="ip1")

        # Attachments, inline policies, boundaries.
        call("iam", "AttachUserPolicy", UserName="u1", PolicyArn=parn)
        call("iam", "AttachGroupPolicy", GroupName="g1", PolicyArn=parn)
        call("iam", "AttachRolePolicy", RoleName="r1", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        call("iam", "ListAttachedUserPolicies", UserName="u1")
        call("iam", "ListAttachedGroupPolicies", GroupName="g1")
        call("iam", "ListAttachedRolePolicies", RoleName="r1")
        call("iam", "ListEntitiesForPolicy", PolicyArn=parn)
        for kind, name in (("User", "u1"), ("Group", "g1"), ("Role", "r1")):
            call("iam", f"Put{kind}Policy", **{f"{kind}Name": name}, PolicyName="inline", PolicyDocument=READ_ONLY)
            call("iam", f"Get{kind}Policy", **{f"{kind}Name": name}, PolicyName="inline")
            call("iam", f"List{kind}Policies", **{f"{kind}Name": name})
        for kind, name in (("User", "u1"), ("Role", "r1")):
            call("iam", f"Put{kind}PermissionsBoundary", **{f"{kind}Name": name}, PermissionsBoundary=parn)
            call("iam", f"Delete{kind}PermissionsBoundary", **{f"{kind}Name": name})

        # Credentials: access keys, login profile, password policy, alias.
        key = call("iam", "CreateAccessKey", UserName="u1")["AccessKey"]
        user_keys = (key["AccessKeyId"], key["SecretAccessKey"])
        call("iam", "ListAccessKeys", UserName="u1")
        call("iam", "GetAccessKeyLastUsed", AccessKeyId=key["AccessKeyId"])
        call("iam", "CreateLoginProfile", UserName="u1", Password="Initial-Passw0rd!", PasswordResetRequired=False)
        call("iam", "GetLoginProfile", UserName="u1")
        call("iam", "UpdateLoginProfile", UserName="u1", Password="Second-Passw0rd!")
        call("iam", "ChangePassword", keys=user_keys, OldPassword="Second-Passw0rd!", NewPassword="Third-Passw0rd!")
        call("iam", "UpdateAccountPasswordPolicy", MinimumPasswordLength=12, RequireSymbols=True)
        call("iam", "GetAccountPasswordPolicy")
        call("iam", "DeleteAccountPasswordPolicy")
        call("iam", "CreateAccountAlias", AccountAlias="conformance-alias")
        call("iam", "ListAccountAliases")
        call("iam", "DeleteAccountAlias", AccountAlias="conformance-alias")
        # SSH public keys and signing certificates, made by ssh-keygen and openssl.
        ssh_key, certificate = make_ssh_key_and_certificate(server.home)
        kid = call("iam", "UploadSSHPublicKey", UserName="u1", SSHPublicKeyBody=ssh_key)["SSHPublicKey"]["SSHPublicKeyId"]
        call("iam", "GetSSHPublicKey", UserName="u1", SSHPublicKeyId=kid, Encoding="SSH")
        call("iam", "ListSSHPublicKeys", UserName="u1")
        call("iam", "UpdateSSHPublicKey", UserName="u1", SSHPublicKeyId=kid, Status="Inactive")
        call("iam", "DeleteSSHPublicKey", UserName="u1", SSHPublicKeyId=kid)
        cid = call("iam", "UploadSigningCertificate", UserName="u1", CertificateBody=certificate)["Certificate"]["CertificateId"]
        call("iam", "ListSigningCertificates", UserName="u1")
        call("iam", "UpdateSigningCertificate", UserName="u1", CertificateId=cid, Status="Inactive")
        call("iam", "DeleteSigningCertificate", UserName="u1", CertificateId=cid)
        # Server certificates: the openssl certificate and its RSA key.
        server_key = open(os.path.join(server.home, "conformance-key.pem")).read()
        call("iam", "UploadServerCertificate", ServerCertificateName="sc1", Path="/tls/", CertificateBody=certificate,
             PrivateKey=server_key, Tags=[{"Key": "k", "Value": "v"}])
        call("iam", "GetServerCertificate", ServerCertificateName="sc1")
        call("iam", "ListServerCertificates", PathPrefix="/tls/")
        call("iam", "TagServerCertificate", ServerCertificateName="sc1", Tags=[{"Key": "env", "Value": "prod"}])
        call("iam", "ListServerCertificateTags", ServerCertificateName="sc1")
        call("iam", "UntagServerCertificate", ServerCertificateName="sc1", TagKeys=["env"])
        call("iam", "UpdateServerCertificate", ServerCertificateName="sc1", NewServerCertificateName="sc2")
        call("iam", "GetAccountSummary")
        call("iam", "DeleteServerCertificate", ServerCertificateName="sc2")
        call("iam", "GenerateCredentialReport")
        report = call("iam", "GetCredentialReport")
        check(report["Content"].decode().startswith("user,arn,user_creation_time,"), "credential report: not AWS's CSV")
        call("iam", "GetAccountAuthorizationDetails")

        # MFA: a virtual device enabled, resynchronised, deactivated, deleted.
        device = call("iam", "CreateVirtualMFADevice", VirtualMFADeviceName="u1-device")["VirtualMFADevice"]
        seed = device["Base32StringSeed"].decode()
        c1, c2, c3, c4 = totp_codes(seed, at_offset_seconds=-90, count=4)
        call("iam", "EnableMFADevice", UserName="u1", SerialNumber=device["SerialNumber"],
             AuthenticationCode1=c1, AuthenticationCode2=c2)
        call("iam", "ListMFADevices", UserName="u1")
        call("iam", "ListVirtualMFADevices")
        call("iam", "ResyncMFADevice", UserName="u1", SerialNumber=device["SerialNumber"],
             AuthenticationCode1=c3, AuthenticationCode2=c4)
        call("iam", "DeactivateMFADevice", UserName="u1", SerialNumber=device["SerialNumber"])
        call("iam", "DeleteVirtualMFADevice", SerialNumber=device["SerialNumber"])

        # The simulators.
        call("iam", "SimulatePrincipalPolicy", PolicySourceArn=arn, ActionNames=["iam:GetUser", "s3:GetObject"])
        call("iam", "SimulateCustomPolicy", PolicyInputList=[READ_ONLY], ActionNames=["iam:GetRole", "iam:DeleteRole"])

        # STS.
        call("sts", "GetCallerIdentity")
        info = call("sts", "GetAccessKeyInfo", AccessKeyId=key["AccessKeyId"])
        check(info["Account"] == ADMIN, f"GetAccessKeyInfo: {info}")
        call("sts", "GetSessionToken", keys=user_keys, DurationSeconds=900)
        call("sts", "AssumeRole", keys=user_keys, RoleArn=f"arn:aws:iam::{ADMIN}:role/r1", RoleSessionName="conf",
             DurationSeconds=900)

        # OpenID Connect providers, and a web identity session with a token minted here.
        oidc = call("iam", "CreateOpenIDConnectProvider", Url=ISSUER, ClientIDList=["sts.amazonaws.com"],
                    Tags=[{"Key": "k", "Value": "v"}])["OpenIDConnectProviderArn"]
        call("iam", "GetOpenIDConnectProvider", OpenIDConnectProviderArn=oidc)
        call("iam", "ListOpenIDConnectProviders")
        call("iam", "AddClientIDToOpenIDConnectProvider", OpenIDConnectProviderArn=oidc, ClientID="app")
        call("iam", "RemoveClientIDFromOpenIDConnectProvider", OpenIDConnectProviderArn=oidc, ClientID="app")
        call("iam", "UpdateOpenIDConnectProviderThumbprint", OpenIDConnectProviderArn=oidc, ThumbprintList=["0" * 40])
        call("iam", "TagOpenIDConnectProvider", OpenIDConnectProviderArn=oidc, Tags=[{"Key": "env", "Value": "ci"}])
        call("iam", "ListOpenIDConnectProviderTags", OpenIDConnectProviderArn=oidc)
        call("iam", "UntagOpenIDConnectProvider", OpenIDConnectProviderArn=oidc, TagKeys=["env"])
        signing_key = register_issuer_keys(server)
        call("iam", "CreateRole", RoleName="ci", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Federated": oidc}, "Action": "sts:AssumeRoleWithWebIdentity"}]}))
        call("sts", "AssumeRoleWithWebIdentity", RoleArn=f"arn:aws:iam::{ADMIN}:role/ci", RoleSessionName="conf",
             WebIdentityToken=mint(signing_key, "rsa-1", github_claims()))
        call("iam", "DeleteRole", RoleName="ci")
        call("iam", "DeleteOpenIDConnectProvider", OpenIDConnectProviderArn=oidc)

        # SAML providers, with the signing certificate made above.
        sarn = call("iam", "CreateSAMLProvider", Name="corp-idp", SAMLMetadataDocument=saml_metadata(certificate),
                    Tags=[{"Key": "k", "Value": "v"}])["SAMLProviderArn"]
        call("iam", "GetSAMLProvider", SAMLProviderArn=sarn)
        call("iam", "ListSAMLProviders")
        call("iam", "UpdateSAMLProvider", SAMLProviderArn=sarn, SAMLMetadataDocument=saml_metadata(certificate))
        call("iam", "TagSAMLProvider", SAMLProviderArn=sarn, Tags=[{"Key": "env", "Value": "corp"}])
        call("iam", "ListSAMLProviderTags", SAMLProviderArn=sarn)
        call("iam", "UntagSAMLProvider", SAMLProviderArn=sarn, TagKeys=["env"])
        idp_certificate = make_certificate(server.home)
        call("iam", "UpdateSAMLProvider", SAMLProviderArn=sarn, SAMLMetadataDocument=saml_metadata(idp_certificate))
        call("iam", "CreateRole", RoleName="corp", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Federated": sarn}, "Action": "sts:AssumeRoleWithSAML"}]}))
        corp = f"arn:aws:iam::{ADMIN}:role/corp"
        call("sts", "AssumeRoleWithSAML", RoleArn=corp, PrincipalArn=sarn,
             SAMLAssertion=base64.b64encode(saml_response(server, corp, sarn)).decode())
        call("iam", "DeleteRole", RoleName="corp")
        call("iam", "DeleteSAMLProvider", SAMLProviderArn=sarn)

        # Renames keep the principal (its key still signs), then go back for the take-down.
        call("iam", "UpdateUser", UserName="u1", NewUserName="u2", NewPath="/moved/")
        call("iam", "UpdateGroup", GroupName="g1", NewGroupName="g2", NewPath="/moved/")
        me = call("sts", "GetCallerIdentity", keys=user_keys)
        check(me["Arn"] == f"arn:aws:iam::{ADMIN}:user/moved/u2", f"caller after UpdateUser: {me['Arn']}")
        call("iam", "UpdateUser", UserName="u2", NewUserName="u1", NewPath="/team/")
        call("iam", "UpdateGroup", GroupName="g2", NewGroupName="g1", NewPath="/")
        call("iam", "UpdateAccessKey", UserName="u1", AccessKeyId=key["AccessKeyId"], Status="Inactive")

        # Everything taken down again.
        call("iam", "DeleteAccessKey", UserName="u1", AccessKeyId=key["AccessKeyId"])
        call("iam", "DeleteLoginProfile", UserName="u1")
        for kind, name in (("User", "u1"), ("Group", "g1"), ("Role", "r1")):
            call("iam", f"Delete{kind}Policy", **{f"{kind}Name": name}, PolicyName="inline")
        call("iam", "DetachUserPolicy", UserName="u1", PolicyArn=parn)
        call("iam", "DetachGroupPolicy", GroupName="g1", PolicyArn=parn)
        call("iam", "DetachRolePolicy", RoleName="r1", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        call("iam", "RemoveUserFromGroup", GroupName="g1", UserName="u1")
        call("iam", "DeleteGroup", GroupName="g1")
        call("iam", "DeleteRole", RoleName="r1")
        call("iam", "DeletePolicy", PolicyArn=parn)
        call("iam", "DeleteUser", UserName="u1")

        want = implemented({"iam", "sts"})
        check(not want - checker.called, f"operations without a conformance step: {sorted(want - checker.called)}")
        print(f"{len(checker.called)} operations conform")


if __name__ == "__main__":
    run_main(main)

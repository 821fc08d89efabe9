"""Policy documents on the wire, as IAM sends them: percent-encoded (RFC 3986) in every
response that carries one, which botocore (boto3, aws CLI v2) decodes. A document holding
'%', '+', spaces and non-ASCII text (Latin-1: the model's pattern stops at U+00FF) must come
back exactly as written from GetUserPolicy, GetRolePolicy, GetGroupPolicy, GetPolicyVersion,
GetRole/CreateRole/ListRoles' AssumeRolePolicyDocument and GetAccountAuthorizationDetails;
the raw XML must hold the encoded text. Refusals come with AWS's own MalformedPolicyDocument text."""

import json
import urllib.parse
import xml.etree.ElementTree as ET

from jgserve import ADMIN, Server, aws, check, run_main

# '%41' would turn into 'A' if the server sent the text as is and the client unquoted it.
POLICY = {"Version": "2012-10-17", "Statement": [{
    "Sid": "Cafe1", "Effect": "Allow", "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::bucket/100%41 off+more/café ü"}]}
TRUST = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ADMIN}:root"}, "Action": "sts:AssumeRole",
    "Condition": {"StringLike": {"sts:RoleSessionName": "%41*ü"}}}]}


def raw_bodies(client):
    kept = []
    client.meta.events.register("before-parse.iam.*", lambda response_dict, **kw: kept.append(response_dict["body"]))
    return kept


def scenario():
    with Server() as server:
        iam = server.boto3("iam")
        bodies = raw_bodies(iam)
        text = json.dumps(POLICY, ensure_ascii=False)
        trust = json.dumps(TRUST, ensure_ascii=False)

        iam.create_user(UserName="u")
        iam.create_group(GroupName="g")
        created = iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust)
        check(created["Role"]["AssumeRolePolicyDocument"] == TRUST, "CreateRole: trust policy round trip")
        iam.put_user_policy(UserName="u", PolicyName="p", PolicyDocument=text)
        iam.put_group_policy(GroupName="g", PolicyName="p", PolicyDocument=text)
        iam.put_role_policy(RoleName="r", PolicyName="p", PolicyDocument=text)
        arn = iam.create_policy(PolicyName="m", PolicyDocument=text)["Policy"]["Arn"]

        check(iam.get_user_policy(UserName="u", PolicyName="p")["PolicyDocument"] == POLICY, "GetUserPolicy")
        # The raw answer is percent-encoded, as AWS sends it.
        doc = ET.fromstring(bodies[-1]).find(".//{*}PolicyDocument").text
        check(doc == urllib.parse.quote(text, safe="-_.~"), f"GetUserPolicy raw document: {doc[:80]}")
        check(iam.get_group_policy(GroupName="g", PolicyName="p")["PolicyDocument"] == POLICY, "GetGroupPolicy")
        check(iam.get_role_policy(RoleName="r", PolicyName="p")["PolicyDocument"] == POLICY, "GetRolePolicy")
        version = iam.get_policy_version(PolicyArn=arn, VersionId="v1")["PolicyVersion"]
        check(version["Document"] == POLICY, "GetPolicyVersion")
        check(iam.get_role(RoleName="r")["Role"]["AssumeRolePolicyDocument"] == TRUST, "GetRole")
        roles = {r["RoleName"]: r for r in iam.list_roles()["Roles"]}
        check(roles["r"]["AssumeRolePolicyDocument"] == TRUST, "ListRoles")
        details = iam.get_account_authorization_details()
        users = {u["UserName"]: u for u in details["UserDetailList"]}
        check(users["u"]["UserPolicyList"][0]["PolicyDocument"] == POLICY, "authorization details: user policy")
        role = [r for r in details["RoleDetailList"] if r["RoleName"] == "r"][0]
        check(role["AssumeRolePolicyDocument"] == TRUST, "authorization details: trust policy")
        managed = [p for p in details["Policies"] if p["Arn"] == arn][0]
        check(managed["PolicyVersionList"][0]["Document"] == POLICY, "authorization details: managed policy")

        # The aws CLI v2 decodes the same way.
        out = aws(server, f"root-{ADMIN}", "iam", "get-role-policy", "--role-name", "r", "--policy-name", "p")
        check(out["PolicyDocument"] == POLICY, f"aws CLI get-role-policy: {out['PolicyDocument']}")
        out = aws(server, f"root-{ADMIN}", "iam", "get-role", "--role-name", "r")
        check(out["Role"]["AssumeRolePolicyDocument"] == TRUST, "aws CLI get-role")

        # AWS's words for what IAM refuses.
        def refused(fn, message, **kw):
            try:
                fn(**kw)
            except iam.exceptions.MalformedPolicyDocumentException as e:
                check(e.response["Error"]["Message"] == message, f"{fn.__name__}: {e.response['Error']['Message']}")
                return
            check(False, f"{fn.__name__} accepted a malformed document")
        refused(iam.put_user_policy, "Policy statement must contain resources.", UserName="u", PolicyName="x",
                PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*"}}))
        refused(iam.create_policy, 'Resource bucket must be in ARN format or "*".', PolicyName="x",
                PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*",
                                                                                   "Resource": "bucket"}}))
        refused(iam.update_assume_role_policy, "Has prohibited field Resource", RoleName="r",
                PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": {
                    "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Resource": "*"}}))
        check(iam.get_role(RoleName="r")["Role"]["AssumeRolePolicyDocument"] == TRUST, "a refused update changes nothing")


run_main(scenario)

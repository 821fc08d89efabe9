"""Principals are their unique ids, through `jumpgate serve` with boto3 (issue 15 item 2):
carol's GetSessionToken session must not become a later admin "carol". After carol is
deleted and an administrator of the same name is created, the old session's S3 read,
CreateStack and AssumeRole (of a role trusting the new carol) are all refused with AWS's
InvalidClientTokenId; a rename (UpdateUser) keeps the principal, its key and session."""

import json

from botocore.exceptions import ClientError

from jgserve import ADMIN, Server, check, run_main

ADMIN_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
NOTHING = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "sts:GetCallerIdentity", "Resource": "*"}]})
TEMPLATE = json.dumps({"Resources": {"H": {"Type": "AWS::IAM::Group"}}})


def refused(what, fn, code="InvalidClientTokenId"):
    try:
        fn()
    except ClientError as e:
        got = e.response["Error"]["Code"]
        check(got == code, f"{what}: expected {code}, got {got}: {e.response['Error'].get('Message')}")
        if code == "InvalidClientTokenId":
            check(e.response["Error"]["Message"] == "The security token included in the request is invalid.",
                  f"{what}: message {e.response['Error']['Message']!r}")
        return
    raise AssertionError(f"{what}: succeeded")


def user(iam, name, policy):
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=policy)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def main():
    with Server(accounts=[ADMIN]) as server:
        iam = server.boto3("iam")
        s3 = server.boto3("s3")
        s3.create_bucket(Bucket="secrets-e2e", CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"})
        s3.put_object(Bucket="secrets-e2e", Key="secret.txt", Body=b"s3cr3t")

        carol = user(iam, "carol", NOTHING)
        creds = server.boto3("sts", *carol).get_session_token()["Credentials"]
        old = (creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
        old_id = server.boto3("sts", *old).get_caller_identity()["UserId"]
        check(old_id.startswith("AIDA"), f"session's UserId {old_id}")

        iam.delete_access_key(UserName="carol", AccessKeyId=carol[0])
        iam.delete_user_policy(UserName="carol", PolicyName="p")
        iam.delete_user(UserName="carol")
        new_carol = user(iam, "carol", ADMIN_POLICY)
        iam.create_role(RoleName="ops", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ADMIN}:user/carol"}, "Action": "sts:AssumeRole"}]}))
        role_arn = f"arn:aws:iam::{ADMIN}:role/ops"
        # The new carol may do all of it ...
        server.boto3("s3", *new_carol).get_object(Bucket="secrets-e2e", Key="secret.txt")
        server.boto3("sts", *new_carol).assume_role(RoleArn=role_arn, RoleSessionName="ss")

        # ... the old carol's session none of it.
        # S3 speaks its own dialect for the same refusal (the wire layer's mapping).
        refused("S3 read", lambda: server.boto3("s3", *old).get_object(Bucket="secrets-e2e", Key="secret.txt"),
                code="InvalidAccessKeyId")
        refused("CreateStack", lambda: server.boto3("cloudformation", *old).create_stack(
            StackName="grab", TemplateBody=TEMPLATE))
        refused("AssumeRole", lambda: server.boto3("sts", *old).assume_role(RoleArn=role_arn, RoleSessionName="ss"))
        refused("GetCallerIdentity", lambda: server.boto3("sts", *old).get_caller_identity())
        stacks = server.boto3("cloudformation").list_stacks()["StackSummaries"]
        check(not stacks, f"no stack was created: {stacks}")

        # A rename keeps the principal: the key and a session issued before it still work.
        before = server.boto3("sts", *new_carol).get_session_token()["Credentials"]
        session = (before["AccessKeyId"], before["SecretAccessKey"], before["SessionToken"])
        new_id = iam.get_user(UserName="carol")["User"]["UserId"]
        iam.update_user(UserName="carol", NewUserName="caroline", NewPath="/ops/")
        me = server.boto3("sts", *new_carol).get_caller_identity()
        check(me["UserId"] == new_id and me["Arn"] == f"arn:aws:iam::{ADMIN}:user/ops/caroline", f"after rename: {me}")
        check(server.boto3("sts", *session).get_caller_identity()["UserId"] == new_id, "session after rename")
        server.boto3("s3", *session).get_object(Bucket="secrets-e2e", Key="secret.txt")
        check(iam.get_user(UserName="caroline")["User"]["UserId"] == new_id, "same unique id after the rename")
        refused("GetUser of the old name", lambda: iam.get_user(UserName="carol"), code="NoSuchEntity")


if __name__ == "__main__":
    run_main(main)

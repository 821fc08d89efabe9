"""Sets up the bench_serve workloads on an endpoint (jumpgate serve or moto_server): a
user `bench` allowed the workloads' IAM and STS actions, its access key, and a role it may
assume. Prints `KEY SECRET ROLE_ARN`. Usage: serve_setup.py ENDPOINT KEY SECRET"""

import json
import sys

import boto3

endpoint, key, secret = sys.argv[1:4]
iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key,
                   aws_secret_access_key=secret)
account = boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key,
                       aws_secret_access_key=secret).get_caller_identity()["Account"]
iam.create_user(UserName="bench")
iam.put_user_policy(UserName="bench", PolicyName="bench", PolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["iam:CreateUser", "iam:DeleteUser", "sts:AssumeRole"],
                   "Resource": "*"}]}))
access = iam.create_access_key(UserName="bench")["AccessKey"]
role = iam.create_role(RoleName="bench-role", AssumeRolePolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                   "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
print(access["AccessKeyId"], access["SecretAccessKey"], role)

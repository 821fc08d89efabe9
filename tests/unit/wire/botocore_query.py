#!/usr/bin/env python3
"""botocore's own Query serializer and parser, as the oracle for jumpgate's Query codec.

  inputs            print [{service, operation, input, body}]: each input of the corpus
                    serialized by botocore (validated first), input reordered as the model
                    orders members so that it compares member by member
  outputs           print [{service, operation, output}]: the output corpus
  check-generated F F holds [{service, operation, xml, output}] for every operation, with
                    outputs generated from the model: each must parse back to its output
  check-outputs F   F holds [{service, operation, xml}] from jumpgate's encoder, in the
                    order of `outputs`; each is parsed with botocore's Query parser and
                    compared with the corpus. Also [{service, error: {status, xml, code,
                    message, type}}] for error envelopes. Prints one line per case,
                    "ok ..." or "FAIL ...", exits 1 on any failure.

The models are Debian's awscli copies (the ones the server loads). The serializer and parser
come from the interpreter's botocore, or with JUMPGATE_BOTOCORE=awscli (run by /usr/bin/python3)
from the botocore that Debian's aws CLI v2 vendors.
"""
import datetime
import json
import os
import sys

if os.environ.get("JUMPGATE_BOTOCORE") == "awscli":
    import awscli  # noqa: F401  (registers the CLI's vendored botocore as `botocore`)

import botocore.model
import botocore.parsers
import botocore.serialize
from botocore.awsrequest import AWSRequest

DATA_DIR = "/usr/lib/python3/dist-packages/awscli/botocore/data"
VERSIONS = {"iam": "2010-05-08", "sts": "2011-06-15", "cloudformation": "2010-05-15"}

POLICY = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:List*"],
                   "Resource": "arn:aws:s3:::bucket-é/*",
                   "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}],
}, indent=2)
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}]})
TEMPLATE = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Role:\n    Type: AWS::IAM::Role  # a & b < c\n"

INPUTS = [
    ("iam", "CreateUser", {"Path": "/engineering/", "UserName": "alice+ops@example.com",
                           "PermissionsBoundary": "arn:aws:iam::123456789012:policy/boundary",
                           "Tags": [{"Key": "team", "Value": "platform"},
                                    {"Key": "cost center", "Value": "42 + more=yes/ü @x"}]}),
    ("iam", "CreateRole", {"RoleName": "role-admin", "AssumeRolePolicyDocument": TRUST,
                           "Description": "Administrators", "MaxSessionDuration": 7200, "Tags": []}),
    ("iam", "PutGroupPolicy", {"GroupName": "admins", "PolicyName": "inline", "PolicyDocument": POLICY}),
    ("iam", "AttachGroupPolicy", {"GroupName": "admins",
                                  "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}),
    ("iam", "UpdateAssumeRolePolicy", {"RoleName": "role-admin", "PolicyDocument": TRUST}),
    ("iam", "ListUsers", {"PathPrefix": "/", "Marker": "bWFya2VyLTI=", "MaxItems": 100}),
    ("iam", "EnableMFADevice", {"UserName": "alice", "SerialNumber": "arn:aws:iam::123456789012:mfa/alice",
                                "AuthenticationCode1": "123456", "AuthenticationCode2": "654321"}),
    ("iam", "CreateLoginProfile", {"UserName": "alice", "Password": "P@ss w0rd+&=%", "PasswordResetRequired": True}),
    ("iam", "CreatePolicyVersion", {"PolicyArn": "arn:aws:iam::123456789012:policy/p",
                                    "PolicyDocument": POLICY, "SetAsDefault": False}),
    ("iam", "SimulatePrincipalPolicy", {
        "PolicySourceArn": "arn:aws:iam::123456789012:user/alice",
        "ActionNames": ["iam:CreateUser", "s3:PutObject"],
        "ResourceArns": ["*"],
        "ContextEntries": [{"ContextKeyName": "aws:MultiFactorAuthPresent", "ContextKeyValues": ["true"],
                            "ContextKeyType": "boolean"},
                           {"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["10.0.0.1", "10.0.0.2"],
                            "ContextKeyType": "ipList"}],
        "MaxItems": 5}),
    ("iam", "UntagUser", {"UserName": "alice", "TagKeys": ["team", "cost center"]}),
    ("iam", "GetAccountSummary", {}),
    ("sts", "AssumeRole", {"RoleArn": "arn:aws:iam::222222222222:role/role-admin", "RoleSessionName": "alice",
                           "PolicyArns": [{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"},
                                          {"arn": "arn:aws:iam::222222222222:policy/extra"}],
                           "Policy": POLICY, "DurationSeconds": 3600,
                           "Tags": [{"Key": "project", "Value": "p1"}], "TransitiveTagKeys": ["project"],
                           "ExternalId": "ext-1", "SerialNumber": "arn:aws:iam::111111111111:mfa/alice",
                           "TokenCode": "123456", "SourceIdentity": "alice"}),
    ("sts", "GetSessionToken", {"DurationSeconds": 43200, "SerialNumber": "arn:aws:iam::111111111111:mfa/alice",
                                "TokenCode": "000111"}),
    ("sts", "GetCallerIdentity", {}),
    ("cloudformation", "CreateStackSet", {
        "StackSetName": "role-stackset", "Description": "roles in every account", "TemplateBody": TEMPLATE,
        "Parameters": [{"ParameterKey": "Project", "ParameterValue": "p1"},
                       {"ParameterKey": "Previous", "UsePreviousValue": True}],
        "Capabilities": ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
        "Tags": [{"Key": "owner", "Value": "jump"}],
        "AdministrationRoleARN": "arn:aws:iam::111111111111:role/AWSCloudFormationStackSetAdministrationRole",
        "ExecutionRoleName": "AWSCloudFormationStackSetExecutionRole", "PermissionModel": "SELF_MANAGED",
        "ClientRequestToken": "token-1"}),
    ("cloudformation", "CreateStackInstances", {
        "StackSetName": "role-stackset", "Accounts": ["222222222222", "333333333333"],
        "Regions": ["us-east-1", "eu-west-1"],
        "ParameterOverrides": [{"ParameterKey": "Project", "ParameterValue": "p2"}],
        "OperationPreferences": {"RegionConcurrencyType": "PARALLEL", "RegionOrder": ["eu-west-1"],
                                 "FailureToleranceCount": 0, "MaxConcurrentPercentage": 100},
        "OperationId": "op-1"}),
    ("cloudformation", "CreateStack", {
        "StackName": "global-groups", "TemplateURL": "https://bucket.s3.amazonaws.com/groups.yaml?x=1&y=2",
        "Parameters": [{"ParameterKey": "AccountIds", "ParameterValue": "111111111111,222222222222"}],
        "Capabilities": ["CAPABILITY_NAMED_IAM"], "NotificationARNs": [], "OnFailure": "ROLLBACK",
        "TimeoutInMinutes": 30, "EnableTerminationProtection": True, "Tags": [{"Key": "k", "Value": "v"}]}),
    ("cloudformation", "DescribeStacks", {"StackName": "global-groups"}),
    ("cloudformation", "ListStackInstances", {
        "StackSetName": "role-stackset", "MaxResults": 10, "NextToken": "tok",
        "Filters": [{"Name": "DETAILED_STATUS", "Values": "PENDING"}], "StackInstanceAccount": "222222222222"}),
    ("cloudformation", "CreateChangeSet", {
        "StackName": "imported", "ChangeSetName": "import-1", "ChangeSetType": "IMPORT", "TemplateBody": TEMPLATE,
        "ResourcesToImport": [{"ResourceType": "AWS::IAM::Role", "LogicalResourceId": "Role",
                               "ResourceIdentifier": {"RoleName": "role-admin", "Other": "x=y&z"}}]}),
    ("cloudformation", "ActivateType", {"Type": "RESOURCE", "TypeName": "My::Res::Type", "MajorVersion": 99999,
                                        "AutoUpdate": False}),
]

T1 = datetime.datetime(2026, 11, 27, 20, 43, 35, tzinfo=datetime.timezone.utc)
T2 = datetime.datetime(2026, 11, 27, 21, 43, 35, 123000, tzinfo=datetime.timezone.utc)


def user(name, **extra):
    u = {"Path": "/", "UserName": name, "UserId": "AIDA" + name.upper().ljust(17, "X"),
         "Arn": f"arn:aws:iam::123456789012:user/{name}", "CreateDate": T1}
    u.update(extra)
    return u


OUTPUTS = [
    ("iam", "GetUser", {"User": user("alice", PasswordLastUsed=T2,
                                     Tags=[{"Key": "team", "Value": "a <b> & 'c' \"d\""}])}),
    ("iam", "ListUsers", {"Users": [user("alice"), user("bob", Path="/ops/")], "IsTruncated": True,
                          "Marker": "bWFya2VyLTI="}),
    ("iam", "ListUsers", {"Users": [], "IsTruncated": False}),
    ("iam", "CreateAccessKey", {"AccessKey": {"UserName": "alice", "AccessKeyId": "AKIAEXAMPLE",
                                              "Status": "Active", "SecretAccessKey": "s3cr3t/+=", "CreateDate": T1}}),
    ("iam", "GetAccountSummary", {"SummaryMap": {"Users": 2, "Groups": 1, "UsersQuota": 5000}}),
    ("iam", "CreateVirtualMFADevice", {"VirtualMFADevice": {
        "SerialNumber": "arn:aws:iam::123456789012:mfa/alice", "Base32StringSeed": b"JBSWY3DPEHPK3PXP",
        "QRCodePNG": b"\x7fPNG\r\n\x1a\n\x00\x01"}}),
    ("iam", "SimulatePrincipalPolicy", {"EvaluationResults": [{
        "EvalActionName": "iam:CreateUser", "EvalResourceName": "*", "EvalDecision": "explicitDeny",
        "MatchedStatements": [{"SourcePolicyId": "inline", "SourcePolicyType": "user"}],
        "MissingContextValues": [], "EvalDecisionDetails": {"Permissions boundary policy": "allowed"}}],
        "IsTruncated": False}),
    ("iam", "GetRole", {"Role": {"Path": "/", "RoleName": "role-admin", "RoleId": "AROAEXAMPLE",
                                 "Arn": "arn:aws:iam::123456789012:role/role-admin", "CreateDate": T1,
                                 "AssumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%7D",
                                 "MaxSessionDuration": 3600, "RoleLastUsed": {"LastUsedDate": T2,
                                                                              "Region": "us-east-1"}}}),
    ("sts", "AssumeRole", {"Credentials": {"AccessKeyId": "ASIAEXAMPLE", "SecretAccessKey": "secret",
                                           "SessionToken": "FwoGZXIvYXdzE//////////token==", "Expiration": T2},
                           "AssumedRoleUser": {"AssumedRoleId": "AROAEXAMPLE:alice",
                                               "Arn": "arn:aws:sts::222222222222:assumed-role/role-admin/alice"},
                           "PackedPolicySize": 7, "SourceIdentity": "alice"}),
    ("sts", "GetCallerIdentity", {"UserId": "AIDAEXAMPLE", "Account": "123456789012",
                                  "Arn": "arn:aws:iam::123456789012:user/alice"}),
    ("cloudformation", "DescribeStacks", {"Stacks": [{
        "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/global-groups/abc",
        "StackName": "global-groups", "CreationTime": T1, "LastUpdatedTime": T2,
        "StackStatus": "CREATE_COMPLETE", "DisableRollback": False,
        "Parameters": [{"ParameterKey": "Project", "ParameterValue": "p1"}],
        "Capabilities": ["CAPABILITY_NAMED_IAM"], "NotificationARNs": [],
        "Outputs": [{"OutputKey": "GroupArn", "OutputValue": "arn:aws:iam::123456789012:group/admins",
                     "Description": "the group", "ExportName": "groups-GroupArn"}],
        "Tags": [{"Key": "owner", "Value": "jump"}], "EnableTerminationProtection": True,
        "DriftInformation": {"StackDriftStatus": "NOT_CHECKED"}}]}),
    ("cloudformation", "ListStackInstances", {"Summaries": [
        {"StackSetId": "role-stackset:1", "Region": "us-east-1", "Account": "222222222222",
         "StackId": "arn:aws:cloudformation:us-east-1:222222222222:stack/StackSet-x/1", "Status": "CURRENT",
         "StackInstanceStatus": {"DetailedStatus": "SUCCEEDED"}, "DriftStatus": "NOT_CHECKED"},
        {"StackSetId": "role-stackset:1", "Region": "eu-west-1", "Account": "333333333333", "Status": "OUTDATED",
         "StatusReason": "User Initiated", "StackInstanceStatus": {"DetailedStatus": "PENDING"}}],
        "NextToken": "next"}),
    ("cloudformation", "CreateStackSet", {"StackSetId": "role-stackset:0000-1111"}),
    ("cloudformation", "DeleteStack", {}),
    ("iam", "AttachGroupPolicy", {}),
]


def load_model(service):
    with open(f"{DATA_DIR}/{service}/{VERSIONS[service]}/service-2.json", encoding="utf-8") as f:
        return botocore.model.ServiceModel(json.load(f), service_name=service)


def jsonable(value):
    """Timestamps as UTC ISO 8601 (milliseconds when present), bytes as text (the corpus keeps
    blobs to bytes below 0x80, which JSON carries unchanged)."""
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
        return value.decode("latin-1")
    return value


def model_order(value, shape):
    if shape.type_name == "structure":
        return {k: model_order(value[k], s) for k, s in shape.members.items() if k in value}
    if shape.type_name == "list":
        return [model_order(v, shape.member) for v in value]
    if shape.type_name == "map":
        return {k: model_order(v, shape.value) for k, v in value.items()}
    return value


def cmd_inputs():
    serializer = botocore.serialize.create_serializer("query", include_validation=True)
    out = []
    for service, operation, params in INPUTS:
        op = load_model(service).operation_model(operation)
        request = serializer.serialize_to_request(params, op)
        body = AWSRequest(method="POST", url="https://localhost/", data=request["body"]).prepare().body
        ordered = model_order(params, op.input_shape) if op.input_shape else {}
        out.append({"service": service, "operation": operation, "input": ordered, "body": body})
    json.dump(out, sys.stdout, ensure_ascii=False)


def cmd_outputs():
    out = [{"service": s, "operation": o, "output": jsonable(v)} for s, o, v in OUTPUTS]
    json.dump(out, sys.stdout, ensure_ascii=False)


def unquote_documents(value, shape):
    """IAM sends policy documents percent-encoded; botocore's json_decode_policies unquotes
    every string of shape policyDocumentType before reading it as JSON. The same unquoting
    here, so that a document compares with the one the server was given."""
    import urllib.parse
    if shape is None:
        return value
    if shape.type_name == "structure" and isinstance(value, dict):
        return {k: unquote_documents(v, shape.members.get(k)) for k, v in value.items()}
    if shape.type_name == "list" and isinstance(value, list):
        return [unquote_documents(v, shape.member) for v in value]
    if shape.type_name == "map" and isinstance(value, dict):
        return {k: unquote_documents(v, shape.value) for k, v in value.items()}
    if shape.type_name == "string" and shape.name == "policyDocumentType" and isinstance(value, str):
        return urllib.parse.unquote(value)
    return value


def cmd_check_outputs(path):
    with open(path, encoding="utf-8") as f:
        cases = json.load(f)
    parser = botocore.parsers.create_parser("query")
    failures = 0
    outputs = iter(OUTPUTS)
    for case in cases:
        service = case["service"]
        model = load_model(service)
        if "error" in case:
            e = case["error"]
            parsed = parser.parse({"status_code": e["status"], "headers": {}, "body": e["xml"].encode()}, None)
            got = (parsed["Error"].get("Code"), parsed["Error"].get("Message"), parsed["Error"].get("Type"),
                   parsed["ResponseMetadata"].get("RequestId"), parsed["ResponseMetadata"]["HTTPStatusCode"])
            want = (e["code"], e["message"], e["type"], e["request_id"], e["status"])
            ok = got == want
            print(("ok" if ok else "FAIL"), "error", e["code"], "" if ok else f"got {got} want {want}")
            failures += not ok
            continue
        _, operation, expected = next(outputs)
        assert operation == case["operation"], (operation, case["operation"])
        op = model.operation_model(operation)
        parsed = parser.parse({"status_code": 200, "headers": {}, "body": case["xml"].encode()}, op.output_shape)
        parsed = unquote_documents(parsed, op.output_shape)
        metadata = parsed.pop("ResponseMetadata", {})
        got = jsonable(parsed)
        want = jsonable(expected)
        ok = got == want and metadata.get("RequestId") == case["request_id"]
        print(("ok" if ok else "FAIL"), operation, "" if ok else f"\n  got  {got}\n  want {want}\n  meta {metadata}")
        failures += not ok
    if next(outputs, None) is not None:
        print("FAIL not every output of the corpus was checked")
        failures += 1
    sys.exit(1 if failures else 0)


def known_to(value, shape):
    """`value` without the members `shape` (the oracle's model) lacks: jumpgate's embedded
    models are newer than the botocore that checks them, and botocore drops what it does
    not know."""
    if shape is None:
        return value
    if shape.type_name == "structure" and isinstance(value, dict):
        return {k: known_to(v, shape.members[k]) for k, v in value.items() if k in shape.members}
    if shape.type_name == "list" and isinstance(value, list):
        return [known_to(v, shape.member) for v in value]
    if shape.type_name == "map" and isinstance(value, dict):
        return {k: known_to(v, shape.value) for k, v in value.items()}
    return value


def cmd_check_generated(path):
    with open(path, encoding="utf-8") as f:
        cases = json.load(f)
    parser = botocore.parsers.create_parser("query")
    models = {}
    failures = checked = 0
    unknown = []
    for case in cases:
        service = case["service"]
        if service not in models:
            models[service] = load_model(service)
        if case["operation"] not in models[service].operation_names:
            unknown.append(f"{service}:{case['operation']}")
            continue
        op = models[service].operation_model(case["operation"])
        parsed = parser.parse({"status_code": 200, "headers": {}, "body": case["xml"].encode()}, op.output_shape)
        parsed = unquote_documents(parsed, op.output_shape)
        parsed.pop("ResponseMetadata", None)
        checked += 1
        want = known_to(case["output"], op.output_shape)
        if jsonable(parsed) != want:
            failures += 1
            print("FAIL", service, case["operation"], f"\n  got  {jsonable(parsed)}\n  want {want}")
    print(f"checked {checked} operations, {failures} failed; the oracle's model lacks {len(unknown)}: "
          f"{' '.join(unknown)}")
    if checked < len(cases) * 3 // 4:
        print("FAIL the oracle's model knows too few of the operations")
        failures += 1
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "inputs":
        cmd_inputs()
    elif len(sys.argv) >= 2 and sys.argv[1] == "outputs":
        cmd_outputs()
    elif len(sys.argv) == 3 and sys.argv[1] == "check-generated":
        cmd_check_generated(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "check-outputs":
        cmd_check_outputs(sys.argv[2])
    else:
        sys.exit(__doc__)

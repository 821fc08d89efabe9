// The world the differential generator draws from: accounts, principals, actions with
// the resource ARNs they act on, and the condition keys with pools of values. Values in
// policies and in request contexts come from the same small pools so that conditions
// match often enough to exercise both outcomes.

export const k_accounts = ['111111111111', '222222222222', '333333333333'];
export const k_regions = ['us-east-1', 'eu-west-1'];

export const k_user_names = ['alice', 'bob', 'dev-carol'];
export const k_role_names = ['role-admin', 'role-developer', 'role-operator', 'deployer'];
export const k_session_names = ['alice', 'ci-run-7', 'bob@example.com'];
export const k_service_principals = [
  'cloudformation.amazonaws.com',
  'lambda.amazonaws.com',
  'ec2.amazonaws.com',
];

export const k_buckets = ['data-bucket', 'logs-bucket', 'alice-home'];
export const k_object_keys = ['report.csv', 'alice/notes.txt', 'shared/a.json', 'bob/x'];

// Actions under test. `resource(rng, account)` returns the ARN the request acts on, or
// '*' for actions without resource-level permissions (AWS's "wildcard-only" actions).
// `account_in_arn` says whether the ARN carries the owning account (S3 ARNs do not).
// `keys` lists the service-specific condition keys that apply to the action.
export const k_actions = [
  { name: 's3:GetObject', kind: 's3obj', keys: [] },
  { name: 's3:PutObject', kind: 's3obj', keys: [] },
  { name: 's3:ListBucket', kind: 's3bucket', keys: ['s3:prefix'] },
  { name: 's3:DeleteBucket', kind: 's3bucket', keys: [] },
  { name: 'iam:GetUser', kind: 'iamuser', keys: [] },
  { name: 'iam:CreateUser', kind: 'iamuser', keys: [] },
  { name: 'iam:ChangePassword', kind: 'iamuser', keys: [] },
  { name: 'iam:CreateAccessKey', kind: 'iamuser', keys: [] },
  { name: 'iam:CreateVirtualMFADevice', kind: 'iammfa', keys: [] },
  { name: 'iam:DeleteRole', kind: 'iamrole', keys: [] },
  { name: 'iam:PassRole', kind: 'iamrole', keys: ['iam:PassedToService'] },
  { name: 'iam:ListUsers', kind: 'star', keys: [] },
  { name: 'iam:GetAccountSummary', kind: 'star', keys: [] },
  { name: 'sts:AssumeRole', kind: 'iamrole', keys: ['sts:ExternalId', 'sts:RoleSessionName'] },
  { name: 'ec2:DescribeInstances', kind: 'star', keys: [] },
  { name: 'ec2:TerminateInstances', kind: 'ec2instance', keys: [] },
  { name: 'dynamodb:GetItem', kind: 'ddbtable', keys: [] },
  { name: 'dynamodb:PutItem', kind: 'ddbtable', keys: [] },
  { name: 'sqs:SendMessage', kind: 'sqsqueue', keys: [] },
  { name: 'sns:Publish', kind: 'snstopic', keys: [] },
  { name: 'lambda:InvokeFunction', kind: 'lambdafn', keys: [] },
  { name: 'cloudformation:CreateStack', kind: 'cfnstack', keys: [] },
  // KMS: the key policy (the resource policy) must allow, even in the same account.
  { name: 'kms:Decrypt', kind: 'kmskey', keys: [] },
];

// Builds the ARN of a resource of the given kind owned by `account`.
export function resource_arn(rng, kind, account) {
  const region = rng.pick(k_regions);
  switch (kind) {
    case 's3obj':
      return `arn:aws:s3:::${rng.pick(k_buckets)}/${rng.pick(k_object_keys)}`;
    case 's3bucket':
      return `arn:aws:s3:::${rng.pick(k_buckets)}`;
    case 'iamuser':
      return `arn:aws:iam::${account}:user/${rng.pick(k_user_names)}`;
    case 'iammfa':
      return `arn:aws:iam::${account}:mfa/${rng.pick(k_user_names)}`;
    case 'iamrole':
      return `arn:aws:iam::${account}:role/${rng.pick(k_role_names)}`;
    case 'ec2instance':
      return `arn:aws:ec2:${region}:${account}:instance/i-0${rng.int(100000, 999999)}`;
    case 'ddbtable':
      return `arn:aws:dynamodb:${region}:${account}:table/${rng.pick(['orders', 'users'])}`;
    case 'sqsqueue':
      return `arn:aws:sqs:${region}:${account}:${rng.pick(['jobs', 'dead-letter'])}`;
    case 'snstopic':
      return `arn:aws:sns:${region}:${account}:${rng.pick(['alerts', 'deploys'])}`;
    case 'lambdafn':
      return `arn:aws:lambda:${region}:${account}:function:${rng.pick(['resize', 'notify'])}`;
    case 'cfnstack':
      return `arn:aws:cloudformation:${region}:${account}:stack/${rng.pick(['app', 'net'])}/${rng.pick(['1a2b', '9f8e'])}`;
    case 'kmskey':
      return `arn:aws:kms:${region}:${account}:key/${rng.pick(['1234abcd-12ab-34cd-56ef-1234567890ab', '0987dcba-09fe-87dc-65ba-ab0987654321'])}`;
    case 'star':
      return '*';
    default:
      throw new Error(`unknown resource kind ${kind}`);
  }
}

// Condition keys by value family. `multi` keys are multivalued (AWS's ArrayOfString);
// a request always carries them as arrays, every other key as a single string.
export const k_keys = {
  string: [
    'aws:PrincipalTag/team',
    'aws:PrincipalTag/env',
    'aws:RequestTag/Project',
    'aws:UserAgent',
    'aws:RequestedRegion',
    'aws:PrincipalOrgID',
  ],
  numeric: ['aws:MultiFactorAuthAge'],
  date: ['aws:CurrentTime', 'aws:TokenIssueTime'],
  bool: ['aws:MultiFactorAuthPresent', 'aws:SecureTransport', 'aws:ViaAWSService'],
  ip: ['aws:SourceIp'],
  arn: ['aws:SourceArn'],
  multi: ['aws:TagKeys', 'aws:PrincipalServiceNamesList', 'aws:CalledVia'],
};

export const k_string_values = {
  'aws:PrincipalTag/team': ['dev', 'ops', 'Dev', 'sec'],
  'aws:PrincipalTag/env': ['prod', 'test'],
  'aws:RequestTag/Project': ['apollo', 'gemini', 'Apollo'],
  'aws:UserAgent': ['aws-cli/2.9', 'Boto3/1.34', 'QVdTLUNMSQ=='],
  'aws:RequestedRegion': ['us-east-1', 'eu-west-1'],
  'aws:PrincipalOrgID': ['o-abc123', 'o-zzz999'],
  'aws:username': k_user_names,
  'sts:ExternalId': ['ext-1234', 'ext-9999'],
  'sts:RoleSessionName': k_session_names,
  's3:prefix': ['alice/', 'shared/', ''],
  'iam:PassedToService': k_service_principals,
};

export const k_multi_values = {
  'aws:TagKeys': ['Project', 'Owner', 'CostCenter', 'project'],
  'aws:PrincipalServiceNamesList': k_service_principals,
  'aws:CalledVia': ['cloudformation.amazonaws.com', 'athena.amazonaws.com'],
};

export const k_ipv4 = ['10.0.0.5', '10.1.2.3', '192.168.1.10', '203.0.113.7'];
export const k_ipv6 = ['2001:db8::1', '2001:db8:1::42', 'fe80::1'];
export const k_cidrs = [
  '10.0.0.0/8', '10.0.0.0/16', '192.168.1.0/24', '203.0.113.7/32', '0.0.0.0/0',
  '10.0.0.5', '2001:db8::/32', '2001:db8:1::/48', '::/0',
];

// ISO 8601 instants around 2026-06-01; the request's clock is drawn from the same list.
export const k_dates = [
  '2026-01-01T00:00:00Z', '2026-06-01T12:00:00Z', '2026-06-01T12:00:01Z', '2027-01-01T00:00:00Z',
];
export const k_numbers = ['0', '300', '3600', '3601', '86400'];
export const k_source_arns = [
  'arn:aws:sns:us-east-1:111111111111:alerts',
  'arn:aws:s3:::data-bucket',
  'arn:aws:lambda:eu-west-1:222222222222:function:notify',
];
export const k_binary_values = ['QVdTLUNMSQ==', 'YWJj', 'Ym9vdA=='];

// AWS managed policies attached by ARN (resolved by both engines from the pinned npm data).
export const k_managed = ['ReadOnlyAccess', 'PowerUserAccess', 'AdministratorAccess', 'IAMReadOnlyAccess'];

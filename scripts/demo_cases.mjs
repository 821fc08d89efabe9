// Builds the demo's simulate cases from jumpgate's rendering of the seed templates.
// usage: node demo_cases.mjs WORKDIR ADMIN_ACCOUNT MEMBER_ACCOUNT > cases.json
import { readFileSync } from 'node:fs';

const [dir, admin, member] = process.argv.slice(2);
const plan = (name) => JSON.parse(readFileSync(`${dir}/${name}.json`, 'utf8'));
const resource = (p, id) => {
  const r = p.resources.find((x) => x.logical_id === id);
  if (!r) throw new Error(`resource ${id} missing from the rendered template`);
  return r.properties;
};

const groups = plan('groups');
const roles = plan('roles');
const exec = plan('exec');
const policy = (id) => ({ name: resource(groups, id).ManagedPolicyName, policy: resource(groups, id).PolicyDocument });
const trust = (p, id) => resource(p, id).AssumeRolePolicyDocument;

const user = (name) => `arn:aws:iam::${admin}:user/${name}`;
const mfa = { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '120' };
const noMfaSession = { 'aws:MultiFactorAuthPresent': 'false' };
const assume = (principal, account, role, context, identity, resourcePolicy) => ({
  request: {
    principal,
    action: 'sts:AssumeRole',
    resource: { resource: `arn:aws:iam::${account}:role/${role}`, accountId: account },
    context,
  },
  identityPolicies: identity,
  resourcePolicy,
});

const admins = [policy('EnforceMFAPolicy'), policy('AdminAssumeRolePolicy')];
const operators = [policy('EnforceMFAPolicy'), policy('OperatorAssumeRolePolicy')];
const cases = [
  { title: 'group-admin user, MFA session: assume role-admin in the member account (article: allowed)',
    ...assume(user('yamada.taro'), member, 'role-admin', { ...mfa, 'aws:username': 'yamada.taro' }, admins, trust(roles, 'AdminRole')) },
  { title: 'group-admin user, session without MFA: assume role-admin (article: denied by policy-enforce-mfa)',
    ...assume(user('yamada.taro'), member, 'role-admin', { ...noMfaSession, 'aws:username': 'yamada.taro' }, admins, trust(roles, 'AdminRole')) },
  { title: 'group-admin user, long-term access key (no MFA key at all): assume role-admin (BoolIfExists deny catches it)',
    ...assume(user('yamada.taro'), member, 'role-admin', { 'aws:username': 'yamada.taro' }, admins, trust(roles, 'AdminRole')) },
  { title: 'group-admin user, MFA session: assume role-developer (article: no permission)',
    ...assume(user('yamada.taro'), member, 'role-developer', { ...mfa, 'aws:username': 'yamada.taro' }, admins, trust(roles, 'DeveloperRole')) },
  { title: 'group-operator user, MFA session: assume role-operator (article: allowed)',
    ...assume(user('tanaka.hanako'), member, 'role-operator', { ...mfa, 'aws:username': 'tanaka.hanako' }, operators, trust(roles, 'OperatorRole')) },
  { title: 'role-developer session in the ADMIN account (PowerUserAccess) assumes the StackSet execution role ' +
      '(AdministratorAccess) in the member account: the seed escalation path (aws-semantics §9)',
    ...assume(`arn:aws:sts::${admin}:assumed-role/role-developer/yamada.taro`, member,
      'AWSCloudFormationStackSetExecutionRole', { ...mfa },
      [{ name: 'PowerUserAccess', policy: 'arn:aws:iam::aws:policy/PowerUserAccess' }],
      trust(exec, 'StackSetExecutionRole')) },
];
process.stdout.write(JSON.stringify(cases, null, 2) + '\n');

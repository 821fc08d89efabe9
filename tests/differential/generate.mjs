#!/usr/bin/env node
// Seeded generator of random policy-simulation cases for the differential test.
//   node generate.mjs SEED COUNT > cases.json
// Writes a JSON array of cases in the shape `jumpgate policy simulate` and the oracle
// read: {request:{principal, action, resource:{resource, accountId}, context},
// identityPolicies:[{name, policy}], resourcePolicy?, permissionBoundaries?, sessionPolicy?}.
// Same SEED and COUNT give byte-identical output.
import {
  k_accounts, k_actions, k_dates, k_ipv4, k_ipv6, k_keys, k_managed, k_multi_values, k_numbers,
  k_role_names, k_service_principals, k_session_names, k_source_arns, k_string_values,
  k_user_names, resource_arn,
} from './catalog.mjs';
import {
  make_condition_block, make_policy, make_statement, managed, policy_version, principal_element,
} from './policies.mjs';
import { make_rng } from './rng.mjs';

// ---- principals -------------------------------------------------------------------

// A caller: its ARN, its kind, its account, and the context keys AWS derives from it.
function make_principal(rng, kind, account) {
  switch (kind) {
    case 'user': {
      const name = rng.pick(k_user_names);
      const arn = `arn:aws:iam::${account}:user/${name}`;
      return { kind, account, arn, name,
        derived: { 'aws:PrincipalArn': arn, 'aws:PrincipalAccount': account, 'aws:username': name,
          'aws:userid': `AIDA${account.slice(0, 6)}${name.length}`, 'aws:PrincipalType': 'User' } };
    }
    case 'session': {
      const role = rng.pick(k_role_names);
      const session = rng.pick(k_session_names);
      const arn = `arn:aws:sts::${account}:assumed-role/${role}/${session}`;
      return { kind, account, arn, role, session,
        derived: { 'aws:PrincipalArn': `arn:aws:iam::${account}:role/${role}`,
          'aws:PrincipalAccount': account, 'aws:userid': `AROA${account.slice(0, 6)}:${session}`,
          'aws:PrincipalType': 'AssumedRole' } };
    }
    case 'root': {
      const arn = `arn:aws:iam::${account}:root`;
      return { kind, account, arn,
        derived: { 'aws:PrincipalArn': arn, 'aws:PrincipalAccount': account, 'aws:userid': account,
          'aws:PrincipalType': 'Account' } };
    }
    case 'service': {
      const arn = rng.pick(k_service_principals);
      return { kind, account: undefined, arn,
        derived: { 'aws:PrincipalServiceName': arn, 'aws:PrincipalIsAWSService': 'true' } };
    }
    case 'anonymous':
      return { kind, account: undefined, arn: '*', derived: {} };
    default:
      throw new Error(`unknown principal kind ${kind}`);
  }
}


// ---- request context ------------------------------------------------------------------

function make_context(rng, caller, action) {
  const ctx = {};
  // Keys AWS derives from the caller are always present, as in AWS (jumpgate derives them
  // from the principal when absent, iam-simulate does not); missing keys are exercised
  // with the optional keys below.
  Object.assign(ctx, caller.derived);
  const maybe = (p, key, value) => { if (rng.chance(p)) ctx[key] = value(); };
  for (const key of k_keys.string) maybe(0.35, key, () => rng.pick(k_string_values[key]));
  if (caller.kind === 'user' || caller.kind === 'session') {
    const mfa = rng.weighted([[2, 'absent'], [1, 'false'], [2, 'true']]);
    if (mfa !== 'absent') ctx['aws:MultiFactorAuthPresent'] = mfa;
    if (mfa === 'true') ctx['aws:MultiFactorAuthAge'] = rng.pick(k_numbers);
    if (caller.kind === 'session') maybe(0.6, 'aws:TokenIssueTime', () => rng.pick(k_dates));
  }
  maybe(0.6, 'aws:CurrentTime', () => rng.pick(k_dates));
  maybe(0.5, 'aws:SecureTransport', () => rng.pick(['true', 'false']));
  maybe(0.3, 'aws:ViaAWSService', () => rng.pick(['true', 'false']));
  maybe(0.6, 'aws:SourceIp', () => (rng.chance(0.75) ? rng.pick(k_ipv4) : rng.pick(k_ipv6)));
  maybe(0.3, 'aws:SourceArn', () => rng.pick(k_source_arns));
  for (const key of k_keys.multi) {
    maybe(0.35, key, () => {
      const n = rng.weighted([[1, 0], [4, 1], [3, 2]]);
      const values = [];
      for (let i = 0; i < n; i++) values.push(rng.pick(k_multi_values[key]));
      return [...new Set(values)];
    });
  }
  for (const key of action.keys) maybe(0.6, key, () => rng.pick(k_string_values[key]));
  return ctx;
}

// ---- cases ----------------------------------------------------------------------------

// The group policies of the seed (iam-global-groups.yaml) for account A, as the
// differential test's fixed "realistic" identity policies.
function seed_group_policies(account, role) {
  const user = `arn:aws:iam::${account}:user/\${aws:username}`;
  return [
    { name: 'policy-enforce-mfa', policy: { Version: '2012-10-17', Statement: [
      { Sid: 'AllowViewAccountInfo', Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy',
        'iam:GetAccountSummary', 'iam:ListVirtualMFADevices', 'iam:ListUsers'], Resource: '*' },
      { Sid: 'AllowManageOwn', Effect: 'Allow', Action: ['iam:ChangePassword', 'iam:GetUser',
        'iam:CreateAccessKey', 'iam:ListMFADevices', 'iam:EnableMFADevice'], Resource: user },
      { Sid: 'AllowManageOwnVirtualMFADevice', Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice',
        'iam:DeleteVirtualMFADevice'], Resource: `arn:aws:iam::${account}:mfa/\${aws:username}` },
      { Sid: 'DenyAllExceptListedIfNoMFA', Effect: 'Deny', NotAction: ['iam:CreateVirtualMFADevice',
        'iam:EnableMFADevice', 'iam:GetUser', 'iam:ListMFADevices', 'iam:ListVirtualMFADevices',
        'iam:ListUsers', 'iam:ResyncMFADevice', 'iam:ChangePassword', 'sts:GetSessionToken'],
        Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
    ] } },
    { name: `policy-assume-${role}`, policy: { Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::*:role/${role}`,
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } } },
    ] } },
  ];
}

function seed_trust_policy(admin_account) {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${admin_account}:root` }, Action: 'sts:AssumeRole',
    Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } } }] };
}

function caller_kind(rng, weights) {
  return rng.weighted(weights);
}

function generic_case(rng) {
  const kind = caller_kind(rng, [[8, 'user'], [6, 'session'], [1, 'root'], [2, 'service'], [1, 'anonymous']]);
  const home = rng.pick(k_accounts.slice(0, 2));
  const caller = make_principal(rng, kind, home);
  const action = rng.pick(k_actions.filter((a) => a.name !== 'sts:AssumeRole'));
  const resource_account = rng.chance(0.7) ? home : rng.pick(k_accounts);
  const resource = resource_arn(rng, action.kind, resource_account);
  const ctx = { caller, action, resource, resource_account, accounts: [home, resource_account] };
  const c = {
    request: { principal: caller.arn, action: action.name,
      resource: { resource, accountId: resource_account }, context: make_context(rng, caller, action) },
    identityPolicies: [],
  };
  const has_identity = kind === 'user' || kind === 'session';
  if (has_identity) {
    const n = rng.weighted([[1, 0], [5, 1], [3, 2]]);
    for (let i = 0; i < n; i++) c.identityPolicies.push({ name: `p${i}`, policy: make_policy(rng, ctx) });
    if (rng.chance(0.12)) c.identityPolicies.push(managed(rng.pick(k_managed)));
  }
  const resource_policy_rate = kind === 'anonymous' || kind === 'service' || action.kind === 'kmskey' ? 0.9 : 0.4;
  if (action.kind === 'kmskey' && rng.chance(0.4)) {
    // The default key policy: delegates the key to its account's IAM policies.
    c.resourcePolicy = { Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions',
      Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${resource_account}:root` }, Action: 'kms:*', Resource: '*' }] };
  } else if (resource !== '*' && rng.chance(resource_policy_rate)) {
    c.resourcePolicy = make_policy(rng, ctx, { principal: principal_element(rng, caller, resource_account) });
    // Every statement of a resource policy needs its own Principal; vary them.
    const statements = [c.resourcePolicy.Statement].flat();
    for (const st of statements) {
      if (st.Principal !== undefined) st.Principal = principal_element(rng, caller, resource_account);
    }
  }
  if (has_identity && rng.chance(0.2)) {
    c.permissionBoundaries = [rng.chance(0.2) ? managed(rng.pick(k_managed))
      : { name: 'boundary', policy: make_policy(rng, ctx, { deny_rate: 0.15 }) }];
  }
  if (kind === 'session' && rng.chance(0.25)) {
    c.sessionPolicy = make_policy(rng, ctx, { deny_rate: 0.15 });
  }
  return c;
}

// sts:AssumeRole against a role trust policy (the resource policy), with seed-style and
// random trust and identity policies, callers with and without MFA.
function assume_role_case(rng) {
  const kind = caller_kind(rng, [[8, 'user'], [4, 'session'], [1, 'root'], [2, 'service']]);
  const home = k_accounts[0];
  const caller = make_principal(rng, kind, home);
  const action = k_actions.find((a) => a.name === 'sts:AssumeRole');
  const role_account = rng.chance(0.5) ? home : k_accounts[1];
  const role = rng.pick(k_role_names);
  const resource = `arn:aws:iam::${role_account}:role/${role}`;
  const ctx = { caller, action, resource, resource_account: role_account, accounts: [home, role_account] };
  const c = {
    request: { principal: caller.arn, action: action.name,
      resource: { resource, accountId: role_account }, context: make_context(rng, caller, action) },
    identityPolicies: [],
  };
  if (kind === 'user' || kind === 'session') {
    if (rng.chance(0.5)) {
      c.identityPolicies.push(...seed_group_policies(home, rng.pick(k_role_names)));
    } else if (rng.chance(0.8)) {
      c.identityPolicies.push({ name: 'p0', policy: make_policy(rng, ctx) });
    }
    if (rng.chance(0.1)) c.identityPolicies.push(managed(rng.pick(k_managed)));
  }
  if (rng.chance(0.45)) {
    c.resourcePolicy = seed_trust_policy(rng.chance(0.8) ? home : k_accounts[2]);
  } else {
    const n = rng.weighted([[3, 1], [1, 2]]);
    const statements = [];
    for (let i = 0; i < n; i++) {
      const st = make_statement(rng, ctx, { principal: principal_element(rng, caller, role_account),
        no_resource: true, trust: true, deny_rate: 0.15, index: i });
      if (rng.chance(0.7)) { delete st.NotAction; st.Action = 'sts:AssumeRole'; }
      statements.push(st);
    }
    c.resourcePolicy = { Version: '2012-10-17', Statement: statements };
  }
  if (kind === 'session' && rng.chance(0.2)) c.sessionPolicy = make_policy(rng, ctx, { deny_rate: 0.15 });
  if ((kind === 'user' || kind === 'session') && rng.chance(0.1)) {
    c.permissionBoundaries = [{ name: 'boundary', policy: make_policy(rng, ctx, { deny_rate: 0.1 }) }];
  }
  return c;
}

// One Allow statement guarded by a single condition, and sometimes a Deny guarded by
// another: isolates the operators so their semantics dominate the outcome.
function condition_case(rng) {
  const kind = caller_kind(rng, [[3, 'user'], [2, 'session']]);
  const home = k_accounts[0];
  const caller = make_principal(rng, kind, home);
  const action = rng.pick(k_actions.filter((a) => a.name !== 'sts:AssumeRole'));
  const resource = resource_arn(rng, action.kind, home);
  const ctx = { caller, action, resource, resource_account: home, accounts: [home] };
  const allow = { Effect: 'Allow', Action: action.name, Resource: '*',
    Condition: make_condition_block(rng, action, kind) };
  const statements = [allow];
  if (rng.chance(0.3)) {
    statements.push({ Effect: 'Deny', Action: '*', Resource: '*',
      Condition: make_condition_block(rng, action, kind) });
  }
  return {
    request: { principal: caller.arn, action: action.name,
      resource: { resource, accountId: home }, context: make_context(rng, caller, action) },
    identityPolicies: [{ name: 'conditions', policy: { Version: policy_version(rng), Statement: statements } }],
  };
}

export function generate(seed, count) {
  const rng = make_rng(seed);
  const cases = [];
  for (let i = 0; i < count; i++) {
    const scenario = rng.weighted([[5, generic_case], [2, assume_role_case], [3, condition_case]]);
    cases.push(scenario(rng));
  }
  return cases;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [seed_arg, count_arg] = process.argv.slice(2);
  const seed = Number.parseInt(seed_arg ?? '', 10);
  const count = Number.parseInt(count_arg ?? '', 10);
  if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1) {
    process.stderr.write('usage: generate.mjs SEED COUNT > cases.json\n');
    process.exit(2);
  }
  // One case per line keeps the file diffable and lets tools print a case by index.
  process.stdout.write('[\n' + generate(seed, count).map((c) => JSON.stringify(c)).join(',\n') + '\n]\n');
}

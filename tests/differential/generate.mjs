#!/usr/bin/env node
// Seeded generator of random policy-simulation cases for the differential test.
//   node generate.mjs SEED COUNT > cases.json
// Writes a JSON array of cases in the shape `jumpgate policy simulate` and the oracle
// read: {request:{principal, action, resource:{resource, accountId}, context},
// identityPolicies:[{name, policy}], resourcePolicy?, permissionBoundaries?, sessionPolicy?}.
// Same SEED and COUNT give byte-identical output.
import {
  k_accounts, k_actions, k_binary_values, k_buckets, k_cidrs, k_dates, k_ipv4, k_ipv6, k_keys,
  k_managed, k_multi_values, k_numbers, k_role_names, k_service_principals, k_session_names,
  k_source_arns, k_string_values, k_user_names, resource_arn,
} from './catalog.mjs';

// mulberry32: small, fast, and stable across Node versions.
export function make_rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng = {
    next,
    chance: (p) => next() < p,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    weighted: (pairs) => {
      const total = pairs.reduce((s, [w]) => s + w, 0);
      let r = next() * total;
      for (const [w, v] of pairs) {
        if ((r -= w) < 0) return v;
      }
      return pairs[pairs.length - 1][1];
    },
  };
  return rng;
}

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

// A value for the Principal element of a resource policy, biased towards the caller.
function principal_element(rng, caller, resource_account) {
  const acct = caller.account ?? resource_account;
  const other = rng.pick(k_accounts);
  // A service or anonymous caller is never named under "AWS" (only ARNs and account ids are).
  const self = caller.kind === 'session' ? `arn:aws:iam::${acct}:role/${caller.role}`
    : caller.kind === 'service' || caller.kind === 'anonymous'
      ? `arn:aws:iam::${acct}:user/${rng.pick(k_user_names)}` : caller.arn;
  const one = () => rng.weighted([
    [3, self],
    [2, caller.kind === 'session' ? caller.arn : `arn:aws:iam::${acct}:user/${rng.pick(k_user_names)}`],
    [3, `arn:aws:iam::${rng.chance(0.7) ? acct : other}:root`],
    [2, rng.chance(0.7) ? acct : other],
    [1, `arn:aws:iam::${other}:role/${rng.pick(k_role_names)}`],
    [1, '*'],
  ]);
  return rng.weighted([
    [1, '*'],
    [1, { AWS: '*' }],
    [6, { AWS: one() }],
    [2, { AWS: [one(), one()] }],
    [2, { Service: caller.kind === 'service' && rng.chance(0.7) ? caller.arn : rng.pick(k_service_principals) }],
  ]);
}

// ---- actions and resources ----------------------------------------------------------

function action_pattern(rng, action) {
  const [svc, name] = action.split(':');
  return rng.weighted([
    [6, action],
    [2, `${svc}:*`],
    [1, '*'],
    [2, `${svc}:${name.slice(0, 3)}*`],
    [1, `${svc}:${'?'}${name.slice(1)}`],
    [1, `${svc.toUpperCase()}:${name.toLowerCase()}`],
    [3, rng.pick(k_actions).name],
  ]);
}

// A Resource entry that may or may not cover `arn`: exact, wildcarded, with a policy
// variable, or unrelated.
function resource_pattern(rng, arn, action_kind, accounts) {
  if (arn === '*') {
    return rng.weighted([[6, '*'], [1, `arn:aws:iam::${rng.pick(accounts)}:user/*`]]);
  }
  const parts = arn.split(':');
  const tail = parts.slice(5).join(':');
  const slash = tail.indexOf('/');
  const prefix = parts.slice(0, 5).join(':');
  const variants = [
    [5, arn],
    [3, '*'],
    [2, slash >= 0 ? `${prefix}:${tail.slice(0, slash + 1)}*` : `${prefix}:*`],
    [1, `${parts.slice(0, 4).join(':')}:*:${tail}`],
    [1, arn.slice(0, -1) + '?'],
    [2, resource_arn(rng, action_kind, rng.pick(accounts))],
  ];
  if (action_kind === 'iamuser' || action_kind === 'iammfa') {
    const type = action_kind === 'iamuser' ? 'user' : 'mfa';
    variants.push([3, `${prefix}:${type}/\${aws:username}`]);
    variants.push([1, `${prefix}:${type}/\${aws:PrincipalTag/team, 'alice'}`]);
  }
  if (action_kind === 's3obj') {
    variants.push([2, `arn:aws:s3:::${rng.pick(k_buckets)}/\${aws:username}/*`]);
    variants.push([1, `arn:aws:s3:::${rng.pick(k_buckets)}/\${aws:PrincipalTag/team, 'shared'}/*`]);
    variants.push([1, `arn:aws:s3:::${rng.pick(k_buckets)}/\${*}`]);
  }
  if (action_kind === 'iamrole') {
    variants.push([2, `arn:aws:iam::*:role/${rng.pick(k_role_names)}`]);
  }
  return rng.weighted(variants);
}

// ---- conditions ---------------------------------------------------------------------

const k_string_ops = ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'];
const k_numeric_ops = ['NumericEquals', 'NumericNotEquals', 'NumericLessThan',
  'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'];
const k_date_ops = ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals',
  'DateGreaterThan', 'DateGreaterThanEquals'];
const k_arn_ops = ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'];

function vary_key_case(rng, key) {
  return rng.chance(0.15) ? key.toLowerCase() : key;
}

function one_or_many(rng, make) {
  return rng.chance(0.6) ? make() : [make(), make()];
}

function string_value(rng, key, like) {
  const pool = k_string_values[key] ?? ['x'];
  const v = rng.pick(pool);
  return rng.weighted([
    [6, v],
    [like ? 2 : 0, v.length > 1 ? v.slice(0, 1) + '*' : '*'],
    [like ? 1 : 0, v.length > 1 ? '?' + v.slice(1) : '?'],
    [1, '${aws:username}'],
    [1, "${aws:PrincipalTag/team, 'dev'}"],
  ]);
}

// One condition entry: [operator, key, values].
function make_condition(rng, action, caller_kind) {
  const family = rng.weighted([
    [5, 'string'], [2, 'numeric'], [2, 'date'], [3, 'bool'], [1, 'binary'], [2, 'ip'],
    [2, 'arn'], [2, 'null'], [3, 'multi'], [action.keys.length ? 2 : 0, 'service'],
    [caller_kind === 'user' ? 1 : 0, 'username'],
  ]);
  const if_exists = () => (rng.chance(0.25) ? 'IfExists' : '');
  switch (family) {
    case 'string':
    case 'service':
    case 'username': {
      const key = family === 'service' ? rng.pick(action.keys)
        : family === 'username' ? 'aws:username' : rng.pick(k_keys.string);
      const op = rng.pick(k_string_ops);
      const set = rng.chance(0.1) ? rng.pick(['ForAnyValue:', 'ForAllValues:']) : '';
      return [set + op + if_exists(), key,
        one_or_many(rng, () => string_value(rng, key, op.includes('Like')))];
    }
    case 'numeric':
      return [rng.pick(k_numeric_ops) + if_exists(), rng.pick(k_keys.numeric),
        one_or_many(rng, () => rng.pick(k_numbers))];
    case 'date': {
      const date = () => {
        const d = rng.pick(k_dates);
        return rng.chance(0.15) ? String(Date.parse(d) / 1000) : d;
      };
      return [rng.pick(k_date_ops) + if_exists(), rng.pick(k_keys.date), one_or_many(rng, date)];
    }
    case 'bool':
      return ['Bool' + if_exists(), rng.pick(k_keys.bool), rng.pick(['true', 'false'])];
    case 'binary':
      return ['BinaryEquals' + if_exists(), 'aws:UserAgent',
        one_or_many(rng, () => rng.pick(k_binary_values))];
    case 'ip':
      return [rng.pick(['IpAddress', 'NotIpAddress']) + if_exists(), 'aws:SourceIp',
        one_or_many(rng, () => rng.pick(k_cidrs))];
    case 'arn': {
      const key = rng.pick(['aws:SourceArn', 'aws:PrincipalArn']);
      const value = () => rng.weighted([
        [3, rng.pick(k_source_arns)],
        [2, 'arn:aws:sns:*:111111111111:*'],
        [2, 'arn:aws:iam::*:role/role-*'],
        [2, `arn:aws:iam::${rng.pick(k_accounts)}:user/*`],
        // Variables only in the resource part: AWS documents none before the fifth colon.
        [1, 'arn:aws:iam::111111111111:user/${aws:username}'],
        [1, 'arn:aws:*:*:*:*'],
      ]);
      return [rng.pick(k_arn_ops) + if_exists(), key, one_or_many(rng, value)];
    }
    case 'null': {
      const all = [...k_keys.string, ...k_keys.bool, ...k_keys.ip, ...k_keys.multi, 'aws:username'];
      return ['Null', rng.pick(all), rng.pick(['true', 'false'])];
    }
    case 'multi': {
      const key = rng.pick(k_keys.multi);
      const set = rng.weighted([[5, 'ForAnyValue:'], [5, 'ForAllValues:'], [1, '']]);
      const op = rng.pick(k_string_ops);
      const pool = k_multi_values[key];
      return [set + op + if_exists(), key, one_or_many(rng, () => {
        const v = rng.pick(pool);
        return op.includes('Like') && rng.chance(0.3) ? v.slice(0, 3) + '*' : v;
      })];
    }
    default:
      throw new Error(`unknown family ${family}`);
  }
}

function make_condition_block(rng, action, caller_kind) {
  const block = {};
  const n = rng.weighted([[6, 1], [3, 2], [1, 3]]);
  for (let i = 0; i < n; i++) {
    const [op, key, values] = make_condition(rng, action, caller_kind);
    block[op] ??= {};
    block[op][vary_key_case(rng, key)] = values;
  }
  return block;
}

// ---- statements and policies --------------------------------------------------------

function make_statement(rng, ctx, opts = {}) {
  const st = {};
  // Statement ids must be unique within a policy (AWS rejects duplicates).
  if (rng.chance(0.2)) st.Sid = `S${opts.index ?? 0}`;
  st.Effect = opts.effect ?? (rng.chance(opts.deny_rate ?? 0.3) ? 'Deny' : 'Allow');
  if (opts.principal !== undefined) {
    // NotPrincipal (Deny only): resource policies, never role trust policies (AWS rejects it there).
    if (st.Effect === 'Deny' && !opts.trust && rng.chance(0.1)) {
      st.NotPrincipal = { AWS: `arn:aws:iam::${ctx.resource_account}:root` };
    } else {
      st.Principal = opts.principal;
    }
  }
  const actions = () => one_or_many(rng, () => action_pattern(rng, ctx.action.name));
  if (rng.chance(0.12)) st.NotAction = actions();
  else st.Action = actions();
  if (!opts.no_resource) {
    const resources = () => one_or_many(rng, () =>
      resource_pattern(rng, ctx.resource, ctx.action.kind, ctx.accounts));
    if (rng.chance(0.1)) st.NotResource = resources();
    else st.Resource = resources();
  }
  if (rng.chance(opts.condition_rate ?? 0.45)) {
    st.Condition = make_condition_block(rng, ctx.action, ctx.caller.kind);
  }
  return st;
}

function policy_version(rng) {
  return rng.weighted([[30, '2012-10-17'], [1, '2008-10-17']]);
}

function make_policy(rng, ctx, opts = {}) {
  const n = rng.weighted([[5, 1], [3, 2], [2, 3]]);
  const statements = [];
  for (let i = 0; i < n; i++) statements.push(make_statement(rng, ctx, { ...opts, index: i }));
  return { Version: policy_version(rng), Statement: n === 1 && rng.chance(0.3) ? statements[0] : statements };
}

function managed(name) {
  return { name, policy: `arn:aws:iam::aws:policy/${name}` };
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

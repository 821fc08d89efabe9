// Random policy documents for the differential generator: Action/Resource patterns that
// may or may not cover the request, conditions of every operator family, statements,
// policies, and resource-policy Principal elements biased towards the caller.
import {
  k_accounts, k_actions, k_binary_values, k_buckets, k_cidrs, k_dates, k_keys, k_multi_values,
  k_numbers, k_role_names, k_service_principals, k_source_arns, k_string_values, k_user_names,
  resource_arn,
} from './catalog.mjs';

// A value for the Principal element of a resource policy, biased towards the caller.
export function principal_element(rng, caller, resource_account) {
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

export function make_condition_block(rng, action, caller_kind) {
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

export function make_statement(rng, ctx, opts = {}) {
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

export function policy_version(rng) {
  return rng.weighted([[30, '2012-10-17'], [1, '2008-10-17']]);
}

export function make_policy(rng, ctx, opts = {}) {
  const n = rng.weighted([[5, 1], [3, 2], [2, 3]]);
  const statements = [];
  for (let i = 0; i < n; i++) statements.push(make_statement(rng, ctx, { ...opts, index: i }));
  return { Version: policy_version(rng), Statement: n === 1 && rng.chance(0.3) ? statements[0] : statements };
}

export function managed(name) {
  return { name, policy: `arn:aws:iam::aws:policy/${name}` };
}

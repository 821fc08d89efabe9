// What a batch of cases exercises, so that a generator change cannot silently stop
// covering a feature: `coverage(cases)` counts the cases per feature, and every feature
// in k_required must occur at least once or the differential run fails.

export const k_required = [
  'principal:user', 'principal:session', 'principal:root', 'principal:service', 'principal:anonymous',
  'same-account', 'cross-account', 'sts:AssumeRole', 'resource-policy', 'permissions-boundary',
  'session-policy', 'managed-policy-arn', 'Deny', 'NotAction', 'NotResource', 'NotPrincipal',
  'wildcard-action', 'wildcard-resource', 'policy-variable', 'variable-default', 'missing-key',
  'op:String', 'op:Numeric', 'op:Date', 'op:Bool', 'op:BinaryEquals', 'op:IpAddress', 'op:Arn',
  'op:Null', 'IfExists', 'ForAllValues', 'ForAnyValue', 'Version:2008-10-17',
];

function principal_kind(p) {
  if (p === '*') return 'anonymous';
  if (/:user\//.test(p)) return 'user';
  if (/:assumed-role\//.test(p)) return 'session';
  if (/:root$/.test(p)) return 'root';
  return 'service';
}

function documents(c) {
  return [
    ...(c.identityPolicies ?? []).map((p) => p.policy),
    ...(c.permissionBoundaries ?? []).map((p) => p.policy),
    c.resourcePolicy, c.sessionPolicy,
  ].filter((d) => d && typeof d === 'object');
}

export function coverage(cases) {
  const counts = new Map(k_required.map((f) => [f, 0]));
  const add = (set, f) => set.add(f);
  for (const c of cases) {
    const seen = new Set();
    const r = c.request;
    add(seen, `principal:${principal_kind(r.principal)}`);
    const caller_account = /^arn:aws:(iam|sts)::(\d{12}):/.exec(r.principal)?.[2];
    if (caller_account) add(seen, caller_account === r.resource.accountId ? 'same-account' : 'cross-account');
    if (r.action.toLowerCase() === 'sts:assumerole') add(seen, 'sts:AssumeRole');
    if (c.resourcePolicy) add(seen, 'resource-policy');
    if (c.permissionBoundaries?.length) add(seen, 'permissions-boundary');
    if (c.sessionPolicy) add(seen, 'session-policy');
    if ([...(c.identityPolicies ?? []), ...(c.permissionBoundaries ?? [])].some((p) => typeof p.policy === 'string')) {
      add(seen, 'managed-policy-arn');
    }
    const context_keys = new Set(Object.keys(r.context ?? {}).map((k) => k.toLowerCase()));
    for (const doc of documents(c)) {
      if (doc.Version === '2008-10-17') add(seen, 'Version:2008-10-17');
      const text = JSON.stringify(doc);
      if (/\$\{aws:[^}]*\}/.test(text)) add(seen, 'policy-variable');
      if (/\$\{[^}]*, '[^']*'\}/.test(text)) add(seen, 'variable-default');
      for (const st of [doc.Statement].flat()) {
        if (!st || typeof st !== 'object') continue;
        if (st.Effect === 'Deny') add(seen, 'Deny');
        for (const f of ['NotAction', 'NotResource', 'NotPrincipal']) if (st[f] !== undefined) add(seen, f);
        if ([st.Action, st.NotAction].flat().some((a) => typeof a === 'string' && /[*?]/.test(a))) add(seen, 'wildcard-action');
        if ([st.Resource, st.NotResource].flat().some((a) => typeof a === 'string' && /[*?]/.test(a))) add(seen, 'wildcard-resource');
        for (const [op, block] of Object.entries(st.Condition ?? {})) {
          const base = op.replace(/^For(All|Any)Values?:/i, '').replace(/IfExists$/, '');
          const family = ['String', 'Numeric', 'Date', 'Arn'].find((f) => base.startsWith(f))
            ?? (/IpAddress$/.test(base) ? 'IpAddress' : base);
          add(seen, `op:${family}`);
          if (op.endsWith('IfExists')) add(seen, 'IfExists');
          if (op.startsWith('ForAllValues:')) add(seen, 'ForAllValues');
          if (op.startsWith('ForAnyValue:')) add(seen, 'ForAnyValue');
          for (const key of Object.keys(block)) if (!context_keys.has(key.toLowerCase())) add(seen, 'missing-key');
        }
      }
    }
    for (const f of seen) if (counts.has(f)) counts.set(f, counts.get(f) + 1);
  }
  return counts;
}

// Machine-readable side of divergences.md: the documented ways iam-simulate departs from
// AWS's documented behaviour. Each entry is keyed to a heading of divergences.md
// (`## D<n>: ...`). An entry never excuses a mismatch by itself: `applies` says whether
// the case uses the feature at all, and `expected` computes what AWS documents for the
// case by re-running iam-simulate on rewritten cases (mostly: `rewrite` turns the case
// into one on which iam-simulate produces AWS's documented answer for the original). A
// mismatch counts as explained only when that answer equals jumpgate's; anything else
// stays a failure.

// Every policy document of a case, with a setter to replace it.
function documents(c) {
  const docs = [];
  const visit_named = (list) => {
    for (const entry of list ?? []) {
      if (typeof entry.policy === 'object') docs.push({ get: () => entry.policy, set: (d) => { entry.policy = d; } });
    }
  };
  visit_named(c.identityPolicies);
  visit_named(c.permissionBoundaries);
  for (const field of ['resourcePolicy', 'sessionPolicy']) {
    if (typeof c[field] === 'object') docs.push({ get: () => c[field], set: (d) => { c[field] = d; } });
  }
  return docs;
}

function statements(doc) {
  return [doc.Statement].flat().filter((s) => s && typeof s === 'object');
}

// Maps every string inside `value` (recursively) through `fn`.
function map_strings(value, fn) {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => map_strings(v, fn));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, map_strings(v, fn)]));
  }
  return value;
}

const k_variables_version = '2012-10-17';
const k_epoch = /^\d+$/;

export const k_divergences = [
  {
    id: 'D1',
    title: 'policy variables in documents older than Version 2012-10-17 are literal text',
    applies: (c) => documents(c).some(({ get }) =>
      get().Version !== k_variables_version && JSON.stringify(get()).includes('${')),
    // `${$}` is the documented escape for a literal `$`, so `${$}{x}` reads as the
    // literal text `${x}` to an engine that substitutes variables.
    rewrite: (c) => {
      for (const { get, set } of documents(c)) {
        const doc = get();
        if (doc.Version === k_variables_version) continue;
        set({ ...doc, Statement: map_strings(doc.Statement, (s) => s.replaceAll('${', '${$}{')) });
      }
      return c;
    },
  },
  {
    id: 'D2',
    title: 'Date operators given epoch seconds',
    applies: (c) => documents(c).some(({ get }) => statements(get()).some((st) =>
      Object.entries(st.Condition ?? {}).some(([op, block]) => /date/i.test(op) &&
        Object.values(block).flat().some((v) => typeof v === 'string' && k_epoch.test(v))))),
    // The same instant written in ISO 8601, which iam-simulate compares correctly.
    rewrite: (c) => {
      for (const { get } of documents(c)) {
        for (const st of statements(get())) {
          for (const [op, block] of Object.entries(st.Condition ?? {})) {
            if (!/date/i.test(op)) continue;
            for (const key of Object.keys(block)) {
              block[key] = map_strings(block[key], (v) => (k_epoch.test(v)
                ? new Date(Number(v) * 1000).toISOString().replace('.000Z', 'Z') : v));
            }
          }
        }
      }
      return c;
    },
  },
];

const k_rank = { ExplicitlyDenied: 2, Allowed: 1, ImplicitlyDenied: 0 };

// Combines two evaluation paths that AWS ORs together: an explicit deny on either path
// wins, else an allow on either path.
function either(a, b) {
  if (a === 'ExplicitlyDenied' || b === 'ExplicitlyDenied') return 'ExplicitlyDenied';
  return k_rank[a] >= k_rank[b] ? a : b;
}

const k_root = /^arn:aws:iam::\d{12}:root$/;
const k_negated = /^(ForAllValues:|ForAnyValue:)?(StringNot|ArnNot)/i;

// Variables `${name}` / `${name, 'default'}` in a string: [whole, name, has_default].
function variables_in(s) {
  return [...s.matchAll(/\$\{([^}]*)\}/g)].map((m) => {
    const [name, ...rest] = m[1].split(', ');
    return [m[0], name.trim(), rest.length > 0 && /^'.*'$/.test(rest.join(', '))];
  }).filter(([, name]) => !['*', '?', '$'].includes(name));
}

function has_key(c, name) {
  const lower = name.toLowerCase();
  return Object.keys(c.request.context ?? {}).some((k) => k.toLowerCase() === lower);
}

// True when a negated String/Arn condition value of a 2012-10-17 document refers to a
// variable the request has no value for (and no default).
function unresolved_negated_values(c, fix) {
  let found = false;
  for (const { get } of documents(c)) {
    const doc = get();
    if (doc.Version !== k_variables_version) continue;
    for (const st of statements(doc)) {
      for (const [op, block] of Object.entries(st.Condition ?? {})) {
        if (!k_negated.test(op)) continue;
        for (const key of Object.keys(block)) {
          block[key] = map_strings(block[key], (v) => {
            const missing = variables_in(v).some(([, name, dflt]) => !dflt && !has_key(c, name));
            if (!missing) return v;
            found = true;
            return fix ? (/^Arn/i.test(op.replace(/^For(All|Any)Values?:/i, '')) ? k_never_arn : k_never_string) : v;
          });
        }
      }
    }
  }
  return found;
}
const k_never_string = '\u0000no value';
const k_never_arn = 'arn:no-value:no-value:no-value:no-value:no-value';

function session_arn_named(st, arn) {
  const aws = st.Principal?.AWS;
  return st.Effect === 'Allow' && [aws].flat().includes(arn);
}

k_divergences.push(
  {
    id: 'D3',
    title: 'the root user has every permission of its own account',
    applies: (c) => k_root.test(c.request.principal) && c.request.action.toLowerCase() !== 'sts:assumerole',
    rewrite: (c) => {
      c.identityPolicies = [...(c.identityPolicies ?? []), { name: 'root-user',
        policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }];
      return c;
    },
  },
  {
    id: 'D4',
    title: 'the root user cannot assume roles',
    applies: (c) => k_root.test(c.request.principal) && c.request.action.toLowerCase() === 'sts:assumerole',
    expected: async (c, reevaluate) =>
      ((await reevaluate(c)) === 'ExplicitlyDenied' ? 'ExplicitlyDenied' : 'ImplicitlyDenied'),
  },
  {
    id: 'D5',
    title: 'a resource policy naming the role session is not limited by the session policy',
    applies: (c) => c.sessionPolicy !== undefined && typeof c.resourcePolicy === 'object' &&
      statements(c.resourcePolicy).some((st) => session_arn_named(st, c.request.principal)),
    // AWS ORs two paths: identity policies within the session policy (what iam-simulate
    // evaluates), and the resource policy's grant to the session itself, which only
    // explicit denies restrict.
    expected: async (c, reevaluate) => {
      const direct = structuredClone(c);
      const denies_only = (doc) => ({ ...doc, Statement: statements(doc).filter((st) => st.Effect === 'Deny') });
      direct.identityPolicies = (direct.identityPolicies ?? []).map(({ name, policy }) =>
        ({ name, policy: typeof policy === 'object' ? denies_only(policy) : policy }));
      direct.sessionPolicy = { ...direct.sessionPolicy,
        Statement: [...statements(direct.sessionPolicy), { Effect: 'Allow', Action: '*', Resource: '*' }] };
      direct.resourcePolicy = { ...direct.resourcePolicy, Statement: statements(direct.resourcePolicy)
        .filter((st) => st.Effect === 'Deny' || session_arn_named(st, c.request.principal)) };
      return either(await reevaluate(c), await reevaluate(direct));
    },
  },
  {
    id: 'D6',
    title: 'IpAddress / NotIpAddress with a /0 prefix',
    applies: (c) => documents(c).some(({ get }) => /"(0\.0\.0\.0|::)\/0"/.test(JSON.stringify(get()))),
    // The same address space as two halves, which iam-simulate's CIDR test handles.
    rewrite: (c) => {
      for (const { get } of documents(c)) {
        for (const st of statements(get())) {
          for (const [op, block] of Object.entries(st.Condition ?? {})) {
            if (!/ipaddress/i.test(op)) continue;
            for (const key of Object.keys(block)) {
              block[key] = [block[key]].flat().flatMap((v) => (v === '0.0.0.0/0' ? ['0.0.0.0/1', '128.0.0.0/1']
                : v === '::/0' ? ['::/1', '8000::/1'] : [v]));
            }
          }
        }
      }
      return c;
    },
  },
  {
    id: 'D7',
    title: 'a negated String/Arn operator whose value has a variable with no value',
    applies: (c) => unresolved_negated_values(structuredClone(c), false),
    // AWS: the variable matches nothing, so the negated comparison holds; a value that
    // can never match says the same to iam-simulate.
    rewrite: (c) => { unresolved_negated_values(c, true); return c; },
  },
);

const k_multivalued = new Set(['aws:tagkeys', 'aws:principalservicenameslist', 'aws:calledvia']);
const k_ipv4 = /^\d{1,3}(\.\d{1,3}){3}$/;

// Rewrites the condition operators of every statement through `fn(op, key, values)`,
// which returns a list of [op, key, values] entries (to rename or split them).
function rewrite_conditions(c, fn) {
  for (const { get } of documents(c)) {
    for (const st of statements(get())) {
      if (!st.Condition) continue;
      const out = {};
      for (const [op, block] of Object.entries(st.Condition)) {
        for (const [key, values] of Object.entries(block)) {
          for (const [o, k, v] of fn(op, key, values)) {
            out[o] ??= {};
            out[o][k] = v;
          }
        }
      }
      st.Condition = out;
    }
  }
  return c;
}

function unqualified_on_multivalued(op, key) {
  return !/^For(All|Any)Values?:/i.test(op) && op.toLowerCase() !== 'null' && k_multivalued.has(key.toLowerCase());
}

k_divergences.push(
  {
    id: 'D8',
    title: 'a multivalued key under an operator without ForAllValues/ForAnyValue (AWS docs silent)',
    applies: (c) => {
      let found = false;
      rewrite_conditions(structuredClone(c), (op, key, v) => {
        found ||= unqualified_on_multivalued(op, key);
        return [[op, key, v]];
      });
      return found;
    },
    // jumpgate's documented choice: any value matches (positive operators), no value
    // matches (negated operators), i.e. the ForAnyValue / ForAllValues forms.
    rewrite: (c) => rewrite_conditions(c, (op, key, v) => (unqualified_on_multivalued(op, key)
      ? [[(/Not/.test(op) ? 'ForAllValues:' : 'ForAnyValue:') + op, key, v]] : [[op, key, v]])),
  },
  {
    id: 'D9',
    title: 'IpAddress / NotIpAddress with a bare address and a request address of the other family',
    applies: (c) => {
      let found = false;
      rewrite_conditions(structuredClone(c), (op, key, v) => {
        found ||= /ipaddress/i.test(op) && [v].flat().some((x) => !x.includes('/'));
        return [[op, key, v]];
      });
      return found;
    },
    // A bare address is the one-address network; iam-simulate handles CIDR notation.
    rewrite: (c) => rewrite_conditions(c, (op, key, v) => [[op, key, /ipaddress/i.test(op)
      ? [v].flat().map((x) => (x.includes('/') ? x : `${x}/${k_ipv4.test(x) ? 32 : 128}`)) : v]]),
  },
);

function is_wildcard_principal(p) {
  return p === '*' || (p && typeof p === 'object' && [p.AWS].flat().includes('*'));
}

// True when a Resource/NotResource pattern of a 2012-10-17 document has a variable the
// request has no value for (and no default); with `fix`, the pattern becomes one that
// matches no resource.
function unresolved_resources(c, fix) {
  let found = false;
  for (const { get } of documents(c)) {
    const doc = get();
    if (doc.Version !== k_variables_version) continue;
    for (const st of statements(doc)) {
      for (const field of ['Resource', 'NotResource']) {
        if (st[field] === undefined) continue;
        st[field] = map_strings(st[field], (v) => {
          if (!variables_in(v).some(([, name, dflt]) => !dflt && !has_key(c, name))) return v;
          found = true;
          return fix ? 'arn:aws:no-value:::no-value' : v;
        });
      }
    }
  }
  return found;
}

k_divergences.push(
  {
    id: 'D10',
    title: "a resource policy's wildcard Principal vs a permissions boundary (AWS docs silent)",
    applies: (c) => (c.permissionBoundaries?.length ?? 0) > 0 && typeof c.resourcePolicy === 'object' &&
      statements(c.resourcePolicy).some((st) => st.Effect === 'Allow' && is_wildcard_principal(st.Principal)),
    // jumpgate reads the documented exemption literally: only a grant to the user's or
    // the session's own ARN escapes an implicit deny of the boundary. So when the boundary
    // does not allow the action, wildcard grants do not count.
    expected: async (c, reevaluate) => {
      const boundary_only = { request: c.request, identityPolicies: c.permissionBoundaries };
      if ((await reevaluate(boundary_only)) === 'Allowed') return reevaluate(c);
      const narrowed = structuredClone(c);
      narrowed.resourcePolicy = { ...narrowed.resourcePolicy, Statement: statements(narrowed.resourcePolicy)
        .filter((st) => !(st.Effect === 'Allow' && is_wildcard_principal(st.Principal))) };
      return reevaluate(narrowed);
    },
  },
  {
    id: 'D11',
    title: 'a Resource/NotResource pattern whose variable has no value',
    applies: (c) => unresolved_resources(structuredClone(c), false),
    // AWS: the pattern matches no resource, so NotResource holds for every resource.
    rewrite: (c) => { unresolved_resources(c, true); return c; },
  },
  {
    id: 'D12',
    title: 'a multivalued key given as an empty list',
    applies: (c) => Object.values(c.request.context ?? {}).some((v) => Array.isArray(v) && v.length === 0),
    // AWS treats a key that is missing and one that resolves to an empty set alike.
    rewrite: (c) => {
      c.request.context = Object.fromEntries(Object.entries(c.request.context)
        .filter(([, v]) => !(Array.isArray(v) && v.length === 0)));
      return c;
    },
  },
);

async function expected_by(d, c, reevaluate) {
  return d.expected ? d.expected(structuredClone(c), reevaluate) : reevaluate(d.rewrite(structuredClone(c)));
}

// Tries every applicable divergence alone, then all applicable ones together; returns
// the id (or ids joined by '+') whose AWS-faithful re-evaluation equals `actual`, or null.
export async function explain_mismatch(c, actual, reevaluate) {
  const applicable = k_divergences.filter((d) => d.applies(c));
  for (const d of applicable) {
    if ((await expected_by(d, c, reevaluate)) === actual) return d.id;
  }
  if (applicable.length > 1) {
    // Rewrites compose; an `expected` entry goes last, on the already rewritten case.
    let rewritten = structuredClone(c);
    for (const d of applicable.filter((x) => x.rewrite)) rewritten = d.rewrite(rewritten);
    const last = applicable.find((x) => x.expected);
    const answer = last ? await last.expected(rewritten, reevaluate) : await reevaluate(rewritten);
    if (answer === actual) return applicable.map((d) => d.id).join('+');
  }
  return null;
}

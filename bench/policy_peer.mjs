#!/usr/bin/env node
// Peer measurement for the policy benchmark: iam-simulate evaluating the same cases as
// build/bench/bench_policy, single-threaded, steady state (warm-up, then a timed loop
// over the cases round-robin).
//   node policy_peer.mjs CASES.json [--seconds S]
// Prints one `<entry point> evals/s: N` line per entry point, `allowed: K of M` (one
// pass, a checksum to hold against bench_policy's), then `evals/s: N` for the fastest:
//   runSimulation  the package's public call (validates and parses the documents and
//                  looks the action up on every call; async)
//   authorize      its core engine on documents parsed once up front (what a
//                  long-running caller that caches parsed policies pays)
// (runUnsafeSimulation, the unvalidated public call, cannot serve: in 0.1.173 it loads
// the resource policy without a name and throws on every case that has one.)
// iam-simulate is AGPL: it is only run here, as a separate process.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { k_tools_dir, load_simulator, make_managed_resolver, to_simulation } from '../tests/differential/oracle.mjs';

function parse_args(argv) {
  const args = { file: undefined, seconds: 3 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--seconds') args.seconds = Number(argv[++i]);
    else if (args.file === undefined) args.file = argv[i];
    else return undefined;
  }
  if (!args.file || !(args.seconds > 0)) return undefined;
  return args;
}

// Runs `step(i)` for `warmup` seconds, then counts calls over `seconds` seconds.
async function measure(count, step, seconds, warmup) {
  const run_for = async (s) => {
    const end = process.hrtime.bigint() + BigInt(Math.round(s * 1e9));
    let n = 0;
    const start = process.hrtime.bigint();
    let now = start;
    while (now < end) {
      // Check the clock every 64 evaluations so that reading it costs little.
      for (let k = 0; k < 64; k++, n++) await step(n % count);
      now = process.hrtime.bigint();
    }
    return n / (Number(now - start) / 1e9);
  };
  await run_for(warmup);
  return run_for(seconds);
}

async function internals() {
  const require = createRequire(join(k_tools_dir, 'package.json'));
  const sim_dir = dirname(require.resolve('@cloud-copilot/iam-simulate')).replace(join('dist', 'cjs'), join('dist', 'esm'));
  const engine = await import(pathToFileURL(join(sim_dir, 'core_engine', 'CoreSimulatorEngine.js')).href);
  const request = await import(pathToFileURL(join(sim_dir, 'request', 'request.js')).href);
  const context = await import(pathToFileURL(join(sim_dir, 'requestContext.js')).href);
  const constraints = await import(pathToFileURL(join(sim_dir, 'context_keys', 'discoveryContextKeyConstraints.js')).href);
  const policy_require = createRequire(require.resolve('@cloud-copilot/iam-simulate'));
  const { loadPolicy } = await import(pathToFileURL(policy_require.resolve('@cloud-copilot/iam-policy')).href);
  return { engine, request, context, constraints, loadPolicy };
}

async function main() {
  const args = parse_args(process.argv.slice(2));
  if (!args) {
    process.stderr.write('usage: policy_peer.mjs CASES.json [--seconds S]\n');
    process.exit(2);
  }
  const cases = [JSON.parse(readFileSync(args.file, 'utf8'))].flat();
  const sim = await load_simulator();
  const resolve_managed = make_managed_resolver();
  const simulations = cases.map((c) => to_simulation(c, resolve_managed, sim.anonymousPrincipal));
  const warmup = Math.min(1, args.seconds);

  const check = await sim.runSimulation(simulations[0], {});
  if (check.resultType === 'error') throw new Error(`iam-simulate rejects case 0: ${JSON.stringify(check.errors)}`);
  const public_api = await measure(simulations.length, (i) => sim.runSimulation(simulations[i], {}), args.seconds, warmup);
  console.log(`runSimulation evals/s: ${Math.round(public_api)}`);

  const { engine, request, context, constraints, loadPolicy } = await internals();
  const parameters = { simulationMode: 'Strict',
    discoveryContextKeyConstraints: new constraints.DiscoveryContextKeyConstraints([]) };
  const load = (p, name) => loadPolicy(p, { name });
  const prepared = simulations.map((s) => ({
    request: new request.AwsRequestImpl(s.request.principal, s.request.resource, s.request.action,
      new context.RequestContextImpl(s.request.contextVariables), s.request.resource.resource === '*'),
    sessionPolicy: s.sessionPolicy ? load(s.sessionPolicy, 'SessionPolicy') : undefined,
    identityPolicies: s.identityPolicies.map((p) => load(p.policy, p.name)),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: s.resourcePolicy ? load(s.resourcePolicy, 'ResourcePolicy') : undefined,
    permissionBoundaries: s.permissionBoundaryPolicies?.map((p) => load(p.policy, p.name)),
    vpcEndpointPolicies: undefined,
    simulationParameters: parameters,
  }));
  // One pass as a checksum, comparable with bench_policy's "allowed: K of M".
  const allowed = prepared.filter((r) => engine.authorize(r).result === 'Allowed').length;
  console.log(`allowed: ${allowed} of ${prepared.length}`);
  const core = await measure(prepared.length, (i) => engine.authorize(prepared[i]), args.seconds, warmup);
  console.log(`authorize evals/s: ${Math.round(core)}`);
  console.log(`evals/s: ${Math.round(Math.max(public_api, core))}`);
}

await main();

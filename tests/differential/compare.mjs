#!/usr/bin/env node
// Compares jumpgate's decisions with the oracle's, case by case.
//   node compare.mjs cases.json expected.txt actual.txt [failures.jsonl]
// expected.txt: oracle.mjs output. actual.txt: `jumpgate policy simulate --json` output
// (plain result lines are accepted too). Prints a summary whose last line is
// `N passed, N failed`; exits 1 when anything failed. Mismatches that a documented
// divergence explains (divergences.md / divergences.mjs) are counted per entry, neither
// passed nor failed. Every failure is written to failures.jsonl when given.
import { readFileSync, writeFileSync } from 'node:fs';
import { coverage } from './coverage.mjs';
import { explain_mismatch, k_divergences } from './divergences.mjs';
import { load_simulator, make_managed_resolver, to_simulation } from './oracle.mjs';

const k_results = new Set(['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied']);
const k_shown_failures = 5;
const k_full_batch = 5000;

function read_lines(file) {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

// jumpgate's answer for each case, by 0-based position. JSON lines carry an `index`;
// it may count from 0 or from 1 (detected from the indices seen). A line that is
// neither JSON nor a plain result is kept verbatim so that it shows up as a failure.
function parse_actual(lines, count) {
  const parsed = lines.map((line) => {
    if (!line.startsWith('{')) return { line };
    try {
      const obj = JSON.parse(line);
      return Number.isInteger(obj.index) ? { index: obj.index, result: String(obj.result) } : { line };
    } catch {
      return { line };
    }
  });
  const indices = parsed.filter((p) => p.index !== undefined).map((p) => p.index);
  const base = indices.length && !indices.includes(0) && Math.max(...indices) === count ? 1 : 0;
  const actual = new Array(count).fill(undefined);
  parsed.forEach((p, position) => {
    const i = p.index !== undefined ? p.index - base : position;
    if (i >= 0 && i < count && actual[i] === undefined) actual[i] = p.index !== undefined ? p.result : p.line;
  });
  return actual;
}

async function main() {
  const [cases_file, expected_file, actual_file, failures_file] = process.argv.slice(2);
  if (!actual_file) {
    process.stderr.write('usage: compare.mjs cases.json expected.txt actual.txt [failures.jsonl]\n');
    process.exit(2);
  }
  const cases = JSON.parse(readFileSync(cases_file, 'utf8'));
  const expected = read_lines(expected_file);
  const actual = parse_actual(read_lines(actual_file), cases.length);

  const sim = await load_simulator();
  const resolve_managed = make_managed_resolver();
  const reevaluate = async (c) => {
    const r = await sim.runSimulation(to_simulation(c, resolve_managed, sim.anonymousPrincipal), {});
    return r.resultType === 'error' ? `error: ${JSON.stringify(r.errors)}` : r.overallResult;
  };

  let passed = 0;
  const explained = new Map();
  const failures = [];
  const by_pair = new Map();
  for (let i = 0; i < cases.length; i++) {
    const want = expected[i];
    const got = actual[i];
    let why = null;
    if (want === undefined || want.startsWith('error')) {
      why = `oracle could not evaluate the case (${want ?? 'no line'})`;
    } else if (got === undefined) {
      why = 'jumpgate printed no answer';
    } else if (!k_results.has(got)) {
      why = `jumpgate answered ${JSON.stringify(got)}`;
    } else if (got === want) {
      passed++;
      continue;
    } else {
      const id = await explain_mismatch(cases[i], got, reevaluate);
      if (id) {
        explained.set(id, (explained.get(id) ?? 0) + 1);
        continue;
      }
      why = 'mismatch';
      const pair = `oracle ${want} / jumpgate ${got}`;
      by_pair.set(pair, (by_pair.get(pair) ?? 0) + 1);
    }
    failures.push({ index: i, why, expected: want, actual: got, case: cases[i] });
  }

  // A feature a full-size batch never exercises is a failure of the generator, not a
  // pass; small batches (quick triage runs) only warn.
  const covered = coverage(cases);
  const uncovered = [...covered].filter(([, n]) => n === 0).map(([f]) => f);
  console.log(`coverage (cases per feature): ${[...covered].map(([f, n]) => `${f} ${n}`).join(', ')}`);
  for (const f of uncovered) {
    if (cases.length >= k_full_batch) failures.push({ index: -1, why: `no case exercises ${f}` });
    else console.log(`warning: no case exercises ${f} (batch smaller than ${k_full_batch})`);
  }

  console.log(`differential: ${cases.length} cases, ${passed} agree`);
  const titles = new Map(k_divergences.map((d) => [d.id, d.title]));
  if (explained.size) {
    console.log('explained by documented divergences (tests/differential/divergences.md):');
    for (const [id, n] of [...explained].sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true }))) {
      const title = id.split('+').map((part) => titles.get(part)).join(' + ');
      console.log(`  ${id}: ${n}  (${title})`);
    }
  }
  if (by_pair.size) {
    console.log('unexplained mismatches:');
    for (const [pair, n] of [...by_pair].sort((a, b) => b[1] - a[1])) console.log(`  ${n}  ${pair}`);
  }
  for (const f of failures.slice(0, k_shown_failures)) {
    if (f.index < 0) {
      console.log(`FAIL ${f.why}`);
      continue;
    }
    console.log(`FAIL case ${f.index}: ${f.why}: oracle ${f.expected}, jumpgate ${f.actual}`);
    console.log(`  ${JSON.stringify(f.case)}`);
  }
  if (failures.length > k_shown_failures) console.log(`  ... and ${failures.length - k_shown_failures} more`);
  if (failures_file) {
    writeFileSync(failures_file, failures.map((f) => JSON.stringify(f)).join('\n') + (failures.length ? '\n' : ''));
    if (failures.length) console.log(`all failures: ${failures_file}`);
  }
  console.log(`${passed} passed, ${failures.length} failed`);
  process.exit(failures.length ? 1 : 0);
}

await main();

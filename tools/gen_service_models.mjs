// Builds the service models embedded in jumpgate (IAM, STS, CloudFormation, S3) from two
// pinned sources, checked against src/wire/service_models.pins (the build fails when a
// source's sha256 differs from its pin):
//
//  - npm's aws-sdk (apis/<service>-<version>.min.json): the current operations and their
//    members, wire names (locationName, flattened, xmlNamespace, locations, payloads),
//    required members. Its .min.json files leave out what a server needs and the package
//    has no other form: the error shapes (codes, HTTP statuses) and operations' error lists,
//    the constraints AWS validates (min, max, pattern, enum), and the shapes' names (shared
//    shapes are renamed S1, S2, …, the others inlined).
//  - botocore's service-2.json from Debian's awscli package: the full model of every
//    operation it knows, with those constraints and errors.
//
// The result is botocore's model with what the current one adds: operations botocore does
// not have (their shapes converted from the min form, so a current SDK's call of one is
// decoded and answered NotImplemented when jumpgate lacks it, rather than InvalidAction),
// members added to existing shapes, and the current required lists.
//
// usage: node gen_service_models.mjs <aws-sdk dir> <botocore data dir> <pins file> <out dir>
// writes <out dir>/<service>.json.z (zlib), service_models.inc (the C++ table) and
// service_models.txt (what the current model added, for people).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { join } from "node:path";

const [sdkDir, botocoreDir, pinsFile, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error("usage: gen_service_models.mjs <aws-sdk dir> <botocore data dir> <pins file> <out dir>");
  process.exit(2);
}

const services = [
  { name: "iam", version: "2010-05-08" },
  { name: "sts", version: "2011-06-15" },
  { name: "cloudformation", version: "2010-05-15" },
  { name: "s3", version: "2006-03-01" },
];

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
const fail = (message) => {
  console.error(`gen_service_models: ${message}`);
  process.exit(1);
};

// The pins: "aws-sdk VERSION", "botocore VERSION" and "SHA256  SOURCE/PATH" lines.
const pins = { files: new Map() };
for (const raw of readFileSync(pinsFile, "utf8").split("\n")) {
  const line = raw.trim();
  if (!line || line.startsWith("#")) continue;
  const [a, b] = line.split(/\s+/);
  if (a === "aws-sdk" || a === "botocore") pins[a] = b;
  else pins.files.set(b, a);
}

const sdkVersion = JSON.parse(readFileSync(join(sdkDir, "package.json"), "utf8")).version;
if (sdkVersion !== pins["aws-sdk"]) fail(`aws-sdk is ${sdkVersion}, the pins say ${pins["aws-sdk"]}: run scripts/setup.sh`);
const botocoreInit = readFileSync(join(botocoreDir, "..", "__init__.py"), "utf8");
const botocoreVersion = (botocoreInit.match(/__version__ = '([^']+)'/) || [])[1] || "unknown";
if (botocoreVersion !== pins.botocore) fail(`botocore is ${botocoreVersion}, the pins say ${pins.botocore}`);

function pinned(label, path) {
  let bytes;
  try {
    bytes = readFileSync(path);
  } catch {
    fail(`${path} is missing (run scripts/setup.sh)`);
  }
  const want = pins.files.get(label);
  const got = sha256(bytes);
  if (!want) fail(`${label} has no pin in ${pinsFile}`);
  if (want !== got) fail(`${label}: sha256 ${got} differs from the pinned ${want} (${pinsFile})`);
  return { json: JSON.parse(bytes.toString("utf8")), sha: got };
}

// Keys of a min-form node that belong to the reference (the member), not to its shape.
const REF_KEYS = ["location", "locationName", "xmlNamespace", "xmlAttribute", "queryName", "idempotencyToken",
  "hostLabel", "contextParam", "deprecated", "eventpayload", "jsonvalue", "flattened"];
const SHAPE_KEYS = ["required", "payload", "enum", "timestampFormat", "sensitive", "flattened", "streaming",
  "min", "max", "pattern", "event", "eventstream", "document", "union", "exception", "error"];
const OP_KEYS = ["http", "httpChecksum", "httpChecksumRequired", "authtype", "endpoint", "deprecated", "idempotent",
  "staticContextParams", "unsignedPayload"];

function merge(B, M, report) {
  const O = structuredClone(B);
  const minShapes = M.shapes || {};
  const named = new Map(); // min shape id -> its name in O
  const uniqueName = (hint) => {
    let name = hint;
    for (let i = 2; O.shapes[name]; ++i) name = `${hint}${i}`;
    return name;
  };
  const defineShape = (node, hint, presetName) => {
    const name = presetName ?? uniqueName(hint);
    O.shapes[name] = {}; // reserve the name before converting children
    const shape = { type: node.type || "string" };
    for (const k of SHAPE_KEYS) if (k in node) shape[k] = node[k];
    if (node.members) {
      shape.members = {};
      for (const [m, child] of Object.entries(node.members)) shape.members[m] = toRef(child, `${name}${m}`);
    }
    if (node.member) shape.member = toRef(node.member, `${name}Member`);
    if (node.key) shape.key = toRef(node.key, `${name}Key`);
    if (node.value) shape.value = toRef(node.value, `${name}Value`);
    O.shapes[name] = shape;
    return name;
  };
  function toRef(node, hint) {
    const ref = {};
    if (node.shape) {
      if (!named.has(node.shape)) {
        const def = minShapes[node.shape];
        if (!def) fail(`the min model refers to the unknown shape ${node.shape}`);
        const name = uniqueName(hint);
        O.shapes[name] = {};
        named.set(node.shape, name); // before its contents: a shape may contain itself
        defineShape(def, hint, name);
      }
      ref.shape = named.get(node.shape);
    } else {
      ref.shape = defineShape(node, hint);
    }
    for (const k of REF_KEYS) if (k in node && !(k === "flattened" && !node.shape)) ref[k] = node[k];
    return ref;
  }
  // Brings an existing shape up to the current model: new members, current required list.
  const seen = new Set();
  function overlay(boName, node, path) {
    if (seen.has(boName)) return;
    seen.add(boName);
    const def = node.shape ? minShapes[node.shape] : node;
    const bs = O.shapes[boName];
    if (!bs || !def) return;
    if (bs.type === "structure" && def.members) {
      bs.members = bs.members || {};
      for (const [m, child] of Object.entries(def.members)) {
        if (!bs.members[m]) {
          bs.members[m] = toRef(child, `${boName}${m}`);
          report.members.push(`${path}.${m}`);
        } else {
          overlay(bs.members[m].shape, child, `${path}.${m}`);
        }
      }
      const before = [...(bs.required || [])].sort().join(",");
      const req = (def.required || []).filter((r) => bs.members[r]);
      const after = [...req].sort().join(",");
      if (before !== after) report.required.push(`${path}: [${before}] -> [${after}]`);
      if (req.length) bs.required = req;
      else delete bs.required;
    } else if (bs.type === "list" && def.member && bs.member) {
      overlay(bs.member.shape, def.member, `${path}[]`);
    } else if (bs.type === "map" && def.value && bs.value) {
      overlay(bs.value.shape, def.value, `${path}{}`);
    }
  }
  for (const [opName, op] of Object.entries(M.operations)) {
    const existing = O.operations[opName];
    if (existing) {
      if (op.input && existing.input) overlay(existing.input.shape, op.input, `${opName}.input`);
      if (op.output && existing.output) overlay(existing.output.shape, op.output, `${opName}.output`);
      // An operation that took no input (or gave no output) and now does.
      if (op.input && !existing.input) {
        existing.input = { shape: defineShape(op.input, `${opName}Request`) };
        report.members.push(`${opName}.input (${Object.keys(op.input.members || {}).join(",")})`);
      }
      if (op.output && !existing.output) {
        existing.output = { shape: defineShape(op.output, `${opName}Response`) };
        if (op.output.resultWrapper) existing.output.resultWrapper = op.output.resultWrapper;
        report.members.push(`${opName}.output`);
      }
      continue;
    }
    const out = { name: opName };
    for (const k of OP_KEYS) if (k in op) out[k] = op[k];
    // The min form leaves out the defaults botocore spells: POST and "/".
    out.http = { method: "POST", requestUri: "/", ...(out.http || {}) };
    if (op.input) out.input = { shape: defineShape(op.input, `${opName}Request`) };
    if (op.output) {
      out.output = { shape: defineShape(op.output, `${opName}Response`) };
      if (op.output.resultWrapper) out.output.resultWrapper = op.output.resultWrapper;
    }
    out.errors = [];
    O.operations[opName] = out;
    report.operations.push(opName);
  }
  return O;
}

mkdirSync(outDir, { recursive: true });
const rows = [];
const text = [`aws-sdk ${sdkVersion} (npm) over botocore ${botocoreVersion} (Debian awscli)`];
for (const svc of services) {
  const min = pinned(`aws-sdk/apis/${svc.name}-${svc.version}.min.json`,
    join(sdkDir, "apis", `${svc.name}-${svc.version}.min.json`));
  const boto = pinned(`botocore/${svc.name}/${svc.version}/service-2.json`,
    join(botocoreDir, svc.name, svc.version, "service-2.json"));
  if (min.json.metadata.apiVersion !== svc.version) fail(`${svc.name}: the min model is of ${min.json.metadata.apiVersion}`);
  const report = { operations: [], members: [], required: [] };
  const merged = merge(boto.json, min.json, report);
  const json = Buffer.from(JSON.stringify(merged));
  const packed = deflateSync(json, { level: 9 });
  writeFileSync(join(outDir, `${svc.name}.json.z`), packed);
  rows.push({ ...svc, size: json.length, packed: packed.length, sha: sha256(json), minSha: min.sha, botoSha: boto.sha,
    operations: Object.keys(merged.operations).length });
  text.push("", `${svc.name} ${svc.version}: ${Object.keys(merged.operations).length} operations, ` +
    `sha256 ${sha256(json)}`);
  text.push(`  operations from aws-sdk (${report.operations.length}): ${report.operations.join(" ")}`);
  text.push(`  members from aws-sdk (${report.members.length}): ${report.members.join(" ")}`);
  text.push(`  required lists from aws-sdk (${report.required.length}): ${report.required.join("; ")}`);
}

const inc = [
  "// Generated by tools/gen_service_models.mjs: do not edit.",
  `#define JG_MODELS_AWS_SDK_VERSION "${sdkVersion}"`,
  `#define JG_MODELS_BOTOCORE_VERSION "${botocoreVersion}"`,
  "// X(id, service, api version, JSON size, JSON sha256, aws-sdk source sha256, botocore source sha256, operations)",
  "#define JG_SERVICE_MODELS(X) \\",
  ...rows.map((r) => `    X(${r.name}, "${r.name}", "${r.version}", ${r.size}, "${r.sha}", "${r.minSha}", "${r.botoSha}", ${r.operations}) \\`),
  "    /* end of JG_SERVICE_MODELS */",
  "",
];
writeFileSync(join(outDir, "service_models.inc"), inc.join("\n"));
writeFileSync(join(outDir, "service_models.txt"), text.join("\n") + "\n");

#!/usr/bin/env bash
# Differential test of jumpgate's policy engine against @cloud-copilot/iam-simulate.
#   tests/differential/run.sh JUMPGATE_BIN [SEED] [COUNT]
# Generates COUNT seeded random cases (default 20000, seed 1), evaluates them all in one
# jumpgate process and in one node process (the oracle), and compares case by case.
# The last line of output is `N passed, N failed`; exit status 1 if anything failed.
# Set KEEP_DIR=dir to keep the cases, both answers and failures.jsonl for triage. Every
# feature in coverage.mjs must occur in a batch of 5000 cases or more.
set -euo pipefail

usage() { echo "usage: $0 JUMPGATE_BIN [SEED] [COUNT]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 3 ] || usage
jumpgate=$1
seed=${2:-1}
count=${3:-20000}
[[ $seed =~ ^[0-9]+$ && $count =~ ^[0-9]+$ ]] || usage
[ -x "$jumpgate" ] || { echo "differential: jumpgate binary not executable: $jumpgate" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
export JUMPGATE_TOOLS_DIR=${JUMPGATE_TOOLS_DIR:-$here/../../tools}
if [ ! -d "$JUMPGATE_TOOLS_DIR/node_modules/@cloud-copilot/iam-simulate" ]; then
  echo "differential: iam-simulate missing under $JUMPGATE_TOOLS_DIR/node_modules (run scripts/setup.sh)" >&2
  exit 2
fi

if [ -n "${KEEP_DIR:-}" ]; then
  work=$KEEP_DIR
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi

node "$here/generate.mjs" "$seed" "$count" > "$work/cases.json"

# Both engines at once, each in a single process over the whole batch.
node "$here/oracle.mjs" "$work/cases.json" > "$work/expected.txt" 2> "$work/oracle.err" &
oracle_pid=$!
jumpgate_status=0
"$jumpgate" policy simulate "$work/cases.json" --json > "$work/actual.txt" 2> "$work/jumpgate.err" \
  || jumpgate_status=$?
oracle_status=0
wait "$oracle_pid" || oracle_status=$?

if [ "$oracle_status" -ne 0 ]; then
  echo "differential: oracle failed (exit $oracle_status):" >&2
  head -n 20 "$work/oracle.err" >&2
  exit 1
fi
if [ "$jumpgate_status" -ne 0 ]; then
  # A non-zero exit is reported, but the per-case comparison still runs so that the
  # cases it did answer are checked and the missing ones show up as failures.
  echo "differential: jumpgate exited with status $jumpgate_status:" >&2
  head -n 20 "$work/jumpgate.err" >&2
fi

echo "differential: seed $seed, $count cases"
status=0
node "$here/compare.mjs" "$work/cases.json" "$work/expected.txt" "$work/actual.txt" \
  "$work/failures.jsonl" || status=$?
[ "$jumpgate_status" -eq 0 ] || status=1
exit "$status"

#!/usr/bin/env bash
# The one entry point for jumpgate's benchmarks: bench/run.sh NAME
#   policy   policy evaluations per second, jumpgate vs iam-simulate, on two workloads;
#            ends with `policy-eval ratio: R` (jumpgate / peer, the smaller ratio)
#   cfn      time to load and plan each seed template and a generated template of 500 IAM
#            resources with cross-references (median over repetitions)
#   cloud    the local cloud in-process, single-threaded: AssumeRole/s, CreateUser/s,
#            GetCallerIdentity/s with a role-session credential (target: AssumeRole >= 5,000/s)
#   audit    jumpgate audit on synthetic auth-details: 1,000 accounts, 5,000 users in 300
#            groups (the article's shape at scale): time, engine decisions/s, peak memory
#            (target: < 10 s and < 2 GB)
# Each benchmark is a function bench_<name> below. Benchmarks report; they never assert
# on timing. BENCH_SECONDS sets the length of each timed loop (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
seconds=${BENCH_SECONDS:-3}
export JUMPGATE_TOOLS_DIR=${JUMPGATE_TOOLS_DIR:-$repo/tools}

usage() {
  echo "usage: bench/run.sh NAME" >&2
  echo "benchmarks: policy cfn cloud audit" >&2
  exit 2
}

build() {
  cmake --preset default >/dev/null
  cmake --build build --target "$@"
}

# Prints the N of the last `evals/s: N` line of a benchmark's output.
evals_per_second() {
  local n
  n=$(sed -n 's/^evals\/s: \([0-9.][0-9.]*\)$/\1/p' | tail -n 1)
  [ -n "$n" ] || { echo "bench: no 'evals/s: N' line in the output" >&2; return 1; }
  echo "$n"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'; }

bench_policy() {
  build jumpgate bench_policy
  local work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN

  # The two workloads, in the `jumpgate policy simulate` case format.
  python3 bench/policy_workload.py seed "$work/seed.json"
  python3 bench/policy_workload.py readonly "$work/readonly.json"

  local ratios=() name cases jg peer r
  for name in seed readonly; do
    cases="$work/$name.json"
    build/bench/bench_policy "$cases" --seconds "$seconds" > "$work/jg.txt"
    jg=$(evals_per_second < "$work/jg.txt")
    peer=$(node bench/policy_peer.mjs "$cases" --seconds "$seconds" | tee "$work/peer.txt" | evals_per_second)
    r=$(ratio "$jg" "$peer")
    ratios+=("$r")
    echo "workload $name ($(jq length "$cases") cases):"
    echo "  jumpgate      evals/s: $jg   ($(grep '^allowed:' "$work/jg.txt" || echo 'allowed: ?'))"
    sed -n 's/^\([A-Za-z]*\) evals\/s: /  iam-simulate \1 evals\/s: /p' "$work/peer.txt"
    echo "  iam-simulate $(grep '^allowed:' "$work/peer.txt")"
    echo "  ratio (jumpgate / fastest iam-simulate): $r"
  done

  # One evaluation as a user would run it: a fresh process, AWS managed policy by ARN.
  jq '.[0]' "$work/readonly.json" > "$work/one.json"
  build/src/cli/jumpgate policy simulate "$work/one.json" | grep -qxE 'Allowed|ExplicitlyDenied|ImplicitlyDenied' \
    || { echo "bench: jumpgate policy simulate failed on $work/one.json" >&2; return 1; }
  local measured rss wall
  measured=$( { /usr/bin/time -f '%M %e' build/src/cli/jumpgate policy simulate "$work/one.json" >/dev/null; } 2>&1 | tail -n 1)
  read -r rss wall <<<"$measured"
  echo "jumpgate policy simulate, 1 case with ReadOnlyAccess by ARN: peak RSS ${rss} KiB, wall ${wall} s"
  # The same one-shot evaluation by the peer, for scale (node, iam-simulate, managed data).
  measured=$( { /usr/bin/time -f '%M %e' node tests/differential/oracle.mjs "$work/one.json" >/dev/null; } 2>&1 | tail -n 1)
  read -r rss wall <<<"$measured"
  echo "iam-simulate (node tests/differential/oracle.mjs), same case: peak RSS ${rss} KiB, wall ${wall} s"

  local smallest
  smallest=$(printf '%s\n' "${ratios[@]}" | sort -g | head -n 1)
  echo "policy-eval ratio: $smallest"
}

bench_cfn() {
  build bench_cfn
  build/bench/bench_cfn "${JUMPGATE_SHARED:-$repo/../shared}"
}

bench_cloud() {
  build bench_cloud
  build/bench/bench_cloud --seconds "$seconds"
}

bench_audit() {
  build jumpgate
  local work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  python3 bench/audit_workload.py "$work/details"
  local rss wall
  # Exit 1 means "findings at or above --fail-on": expected on the seed's shape.
  /usr/bin/time -o "$work/time.txt" -f '%M %e' build/src/cli/jumpgate audit --from-auth-details "$work/details" \
    --format json --stats > "$work/findings.json" 2> "$work/stats.txt" || [ $? -eq 1 ]
  read -r rss wall < <(tail -n 1 "$work/time.txt")
  cat "$work/stats.txt"
  echo "jumpgate audit, whole run (load + graph + findings): wall ${wall} s, peak RSS $((rss / 1024)) MiB"
  echo "findings by severity: $(jq -r '[.findings[].severity] | group_by(.) | map("\(.[0]) \(length)") | join(", ")' "$work/findings.json")"
}

[ $# -eq 1 ] || usage
case "$1" in
  policy) bench_policy ;;
  cfn) bench_cfn ;;
  cloud) bench_cloud ;;
  audit) bench_audit ;;
  *) echo "bench: unknown benchmark '$1'" >&2; usage ;;
esac

#!/usr/bin/env bash
# The one entry point for jumpgate's benchmarks: bench/run.sh NAME
#   policy   policy evaluations per second, jumpgate vs iam-simulate, on two workloads;
#            ends with `policy-eval ratio: R` (jumpgate / peer, the smaller ratio)
#   cfn      time to load and plan each seed template and a generated template of 500 IAM
#            resources with cross-references (median over repetitions)
#   cloud    the local cloud in-process, single-threaded: AssumeRole/s, CreateUser/s,
#            GetCallerIdentity/s with a role-session credential (target: AssumeRole >= 5,000/s)
#   stackset the article's role StackSet (iam-roles.yaml) to 1,000 accounts with
#            MaxConcurrentPercentage 100: seconds from CreateStackInstances to SUCCEEDED and
#            stacks/s (target: under 10 s), then the same with SOFT_FAILURE_TOLERANCE
#   serve    `jumpgate serve` over HTTP with signed requests from several keep-alive
#            connections (GetCallerIdentity; CreateUser+DeleteUser; GetSessionToken+AssumeRole),
#            req/s and p50/p99, against moto_server driven the same way in the same run;
#            then GetCallerIdentity over 64 connections, and over 64 busy connections with
#            1,000 more open (idle or trickling headers) while a fresh client connects every
#            20 ms (its p50/p99: the "fresh-client latency");
#            ends with `serve ratio vs moto: R` (the smallest ratio; target >= 30).
#            jumpgate runs with its defaults (WAL, synchronous=NORMAL: acknowledged writes
#            survive a SIGKILL); moto keeps everything in memory.
#   soak     `jumpgate serve` under a mixed workload (reads, writes, stacks, StackSet
#            operations) from several threads for SOAK_SECONDS (default 180): RSS at the
#            start, after the first minute and at the end, requests served (target: RSS
#            growth < 10% after the first minute)
#   audit    jumpgate audit on synthetic auth-details: 1,000 accounts, 5,000 users in 300
#            groups (the article's shape at scale): time, engine decisions/s, peak memory
#            (target: < 10 s and < 2 GB)
#   apply    jumpgate apply of a generated file (200 accounts in 40 projects, 2,000 users) on
#            a fresh local cloud, then the no-change plan and the access matrix on that state,
#            whole-process seconds each (targets: apply < 60 s, plan < 2 s, access < 1 s)
# Each benchmark is a function bench_<name> below. Benchmarks report; they never assert
# on timing. BENCH_SECONDS sets the length of each timed loop (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
seconds=${BENCH_SECONDS:-3}
export JUMPGATE_TOOLS_DIR=${JUMPGATE_TOOLS_DIR:-$repo/tools}

usage() {
  echo "usage: bench/run.sh NAME" >&2
  echo "benchmarks: policy cfn cloud stackset serve soak audit apply" >&2
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

bench_apply() {
  build jumpgate
  local work accounts=${BENCH_APPLY_ACCOUNTS:-200} projects=${BENCH_APPLY_PROJECTS:-40} users=${BENCH_APPLY_USERS:-2000}
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  python3 bench/gen_jumpgate_file.py "$accounts" "$projects" "$users" >"$work/jumpgate.yaml"
  local jg=$repo/build/src/cli/jumpgate t0 t1 t2 t3
  export JUMPGATE_HOME="$work/home"
  t0=$(date +%s.%N)
  "$jg" apply -f "$work/jumpgate.yaml" >"$work/apply.log"
  t1=$(date +%s.%N)
  "$jg" plan -f "$work/jumpgate.yaml" >"$work/plan.txt"
  t2=$(date +%s.%N)
  "$jg" access -f "$work/jumpgate.yaml" --format json >"$work/access.json"
  t3=$(date +%s.%N)
  grep -q '^No changes' "$work/plan.txt" || { echo "bench: the plan after apply is not empty" >&2; return 1; }
  echo "apply: $accounts accounts in $projects projects, $users users: $(tail -1 "$work/apply.log")"
  awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v g="$(jq '.grants | length' "$work/access.json")" 'BEGIN {
    printf "apply:  %6.2f s  (target < 60 s)\n", b - a
    printf "plan:   %6.2f s  no change (target < 2 s)\n", c - b
    printf "access: %6.2f s  %d grants (target < 1 s)\n", d - c, g }'
}

bench_stackset() {
  build bench_stackset
  local accounts=${BENCH_STACKSET_ACCOUNTS:-1000}
  build/bench/bench_stackset "${JUMPGATE_SHARED:-$repo/../shared}" --accounts "$accounts" --mode strict
  build/bench/bench_stackset "${JUMPGATE_SHARED:-$repo/../shared}" --accounts "$accounts" --mode soft
}

# A free loopback port, and waiting until something answers on one.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench: nothing listens on port $1" >&2
  return 1
}

bench_serve() {
  build jumpgate bench_serve_load
  local work connections=${BENCH_CONNECTIONS:-4} max=${BENCH_MAX_REQUESTS:-200000}
  work=$(mktemp -d)
  local pids=()
  trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' RETURN

  # jumpgate serve on a fresh home, and moto_server, both on loopback.
  build/src/cli/jumpgate serve --home "$work/home" --port 0 --accounts 111111111111 > "$work/serve.out" 2> "$work/serve.err" &
  pids+=($!)
  local jg_port moto_port
  for _ in $(seq 1 100); do [ -s "$work/serve.out" ] && break; sleep 0.1; done
  jg_port=$(sed -n '1s/^listening on http:\/\/127.0.0.1:\([0-9]*\)$/\1/p' "$work/serve.out")
  [ -n "$jg_port" ] || { echo "bench: jumpgate serve did not start: $(cat "$work/serve.err")" >&2; return 1; }
  moto_port=$(free_port)
  python3 -m moto.server -H 127.0.0.1 -p "$moto_port" > "$work/moto.log" 2>&1 &
  pids+=($!)
  wait_port "$moto_port"

  local root_key root_secret
  root_key=$(awk '/^\[root-111111111111\]/{f=1} f && /aws_access_key_id/{print $3; exit}' "$work/home/credentials")
  root_secret=$(awk '/^\[root-111111111111\]/{f=1} f && /aws_secret_access_key/{print $3; exit}' "$work/home/credentials")
  local jg_setup moto_setup
  jg_setup=$(python3 bench/serve_setup.py "http://127.0.0.1:$jg_port" "$root_key" "$root_secret")
  moto_setup=$(python3 bench/serve_setup.py "http://127.0.0.1:$moto_port" testing testing)

  local ratios=() workload jg moto r
  echo "connections: $connections, at most $seconds s and $max requests per run"
  for workload in gci user assume; do
    set -- $jg_setup
    jg=$(build/bench/bench_serve_load 127.0.0.1 "$jg_port" "$1" "$2" "$workload" --role-arn "$3" \
         --connections "$connections" --seconds "$seconds" --max-requests "$max" --tag jg)
    set -- $moto_setup
    moto=$(build/bench/bench_serve_load 127.0.0.1 "$moto_port" "$1" "$2" "$workload" --role-arn "$3" \
           --connections "$connections" --seconds "$seconds" --max-requests "$max" --tag moto)
    r=$(ratio "$(awk '{print $8}' <<<"$jg")" "$(awk '{print $8}' <<<"$moto")")
    ratios+=("$r")
    echo "workload $workload:"
    echo "  jumpgate serve  $jg"
    echo "  moto_server     $moto"
    echo "  ratio (req/s): $r"
  done
  # Many connections: 64 busy keep-alive clients, then the same with 1,000 more connections
  # open (half silent, half trickling headers) and a fresh client connecting every 20 ms.
  local wide=${BENCH_WIDE_CONNECTIONS:-64} idle=${BENCH_IDLE_CONNECTIONS:-1000} label
  for label in wide idle; do
    local extra=()
    [ "$label" = idle ] && extra=(--idle "$idle" --probe)
    set -- $jg_setup
    jg=$(build/bench/bench_serve_load 127.0.0.1 "$jg_port" "$1" "$2" gci --connections "$wide" \
         --seconds "$seconds" --max-requests "$max" --tag jg "${extra[@]}")
    set -- $moto_setup
    moto=$(build/bench/bench_serve_load 127.0.0.1 "$moto_port" "$1" "$2" gci --connections "$wide" \
           --seconds "$seconds" --max-requests "$max" --tag moto "${extra[@]}") || true
    r=$(ratio "$(awk '{print $8}' <<<"$jg")" "$(awk '{print $8}' <<<"$moto")")
    ratios+=("$r")
    if [ "$label" = wide ]; then
      echo "workload gci, $wide connections (target >= 30,000 req/s, p99 < 10 ms):"
    else
      echo "workload gci, $idle idle + $wide busy connections: fresh-client latency (target < 50 ms):"
    fi
    echo "  jumpgate serve  $jg"
    echo "  moto_server     $moto"
    echo "  ratio (req/s): $r"
    if [ "$label" = idle ]; then
      echo "  fresh client: jumpgate p50 $(sed -n 's/.*fresh_p50_ms: \([0-9.]*\).*/\1/p' <<<"$jg") ms, p99" \
           "$(sed -n 's/.*fresh_p99_ms: \([0-9.]*\).*/\1/p' <<<"$jg") ms; moto p50" \
           "$(sed -n 's/.*fresh_p50_ms: \([0-9.]*\).*/\1/p' <<<"$moto") ms, p99" \
           "$(sed -n 's/.*fresh_p99_ms: \([0-9.]*\).*/\1/p' <<<"$moto") ms"
    fi
  done

  local smallest
  smallest=$(printf '%s\n' "${ratios[@]}" | sort -g | head -n 1)
  echo "serve ratio vs moto: $smallest"
}

bench_soak() {
  build jumpgate
  local work soak_seconds=${SOAK_SECONDS:-180}
  work=$(mktemp -d)
  local pids=()
  trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' RETURN
  build/src/cli/jumpgate serve --home "$work/home" --port 0 --accounts 111111111111,222222222222,333333333333 \
    > "$work/serve.out" 2> "$work/serve.err" &
  pids+=($!)
  local port
  for _ in $(seq 1 100); do [ -s "$work/serve.out" ] && break; sleep 0.1; done
  port=$(sed -n '1s/^listening on http:\/\/127.0.0.1:\([0-9]*\)$/\1/p' "$work/serve.out")
  [ -n "$port" ] || { echo "bench: jumpgate serve did not start: $(cat "$work/serve.err")" >&2; return 1; }
  JUMPGATE_HOME="$work/home" python3 bench/soak.py "http://127.0.0.1:$port" "${pids[0]}" 111111111111 \
    222222222222,333333333333 "${JUMPGATE_SHARED:-$repo/../shared}" "$soak_seconds" "${SOAK_THREADS:-4}"
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
  stackset) bench_stackset ;;
  apply) bench_apply ;;
  serve) bench_serve ;;
  audit) bench_audit ;;
  soak) bench_soak ;;
  *) echo "bench: unknown benchmark '$1'" >&2; usage ;;
esac

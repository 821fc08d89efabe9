#!/usr/bin/env bash
# End-to-end test of the file-driven commands over HTTP: `jumpgate apply --endpoint-url`
# against a fresh `jumpgate serve`, each account acting with its [root-ID] profile, and the
# result read back with Debian's aws CLI v2 — a client jumpgate did not write.
# Usage: e2e_http.sh JUMPGATE   (needs /usr/bin/aws, jq)
set -euo pipefail
jg=$(realpath "$1")
work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cd "$work"
fails=0
pass() { echo "ok   $1"; }
failed() { echo "FAIL $1" >&2; fails=$((fails + 1)); }
check() { local name=$1; shift; if "$@"; then pass "$name"; else failed "$name"; fi; }

"$jg" serve --home "$work/server" --port 0 --accounts 111111111111,222222222222,333333333333 >serve.out 2>serve.err &
server=$!
for _ in $(seq 100); do grep -q '^listening on' serve.out 2>/dev/null && break; sleep 0.1; done
url=$(grep -m1 '^listening on' serve.out | awk '{print $3}')
[ -n "$url" ] || { cat serve.err; echo "FAIL serve did not start" >&2; exit 1; }
export AWS_SHARED_CREDENTIALS_FILE="$work/server/credentials" AWS_CONFIG_FILE=/dev/null
export JUMPGATE_HOME="$work/operator"  # the first-password files; no local cloud is opened
awscli() { /usr/bin/aws --endpoint-url "$url" --region ap-northeast-1 --output json "$@"; }

"$jg" init . >/dev/null
# A profile the shared files do not have: refused before anything changes.
if "$jg" plan -f jumpgate.yaml --endpoint-url "$url" --profile-for 222222222222=nobody >err.txt 2>&1; then
  failed "an unknown profile is refused"
else
  check "an unknown profile is refused, naming the account and the way out" \
    grep -q 'no credentials for account 222222222222: .*--profile-for 222222222222=PROFILE' err.txt
fi

# Consent: without a terminal to ask on, a remote apply refuses unless --auto-approve.
rc=0; "$jg" apply -f jumpgate.yaml --endpoint-url "$url" </dev/null >consent.txt 2>&1 || rc=$?
check "a remote apply without a terminal refuses without --auto-approve, naming it" \
  bash -c "test $rc -eq 1 && grep -q -- 'without a terminal to ask on: .*--auto-approve; nothing was changed' consent.txt"
check "the refused apply changed nothing (no template bucket)" \
  bash -c "! awscli --profile root-111111111111 s3api head-bucket --bucket aws-iam-templates-111111111111 2>/dev/null"

# The remote apply lock: an object in the template bucket written with If-None-Match: *.
# Two applies started together: exactly one writes the lock object (If-None-Match: * lets
# only one through) and runs; the other fails at once naming it. Which one wins is the
# race's; the check holds either way and does not depend on how long an apply takes.
lock_object() { awscli --profile root-111111111111 s3api get-object --bucket aws-iam-templates-111111111111 \
                  --key jumpgate/apply.lock "$1" >/dev/null 2>&1; }
"$jg" apply -f jumpgate.yaml --endpoint-url "$url" --auto-approve >apply-a.txt 2>&1 &
pid_a=$!
"$jg" apply -f jumpgate.yaml --endpoint-url "$url" --auto-approve >apply-b.txt 2>&1 &
pid_b=$!
rc_a=0; wait "$pid_a" || rc_a=$?
rc_b=0; wait "$pid_b" || rc_b=$?
winner=""
if [ "$rc_a" -eq 0 ] && [ "$rc_b" -eq 1 ]; then winner=$pid_a; cp apply-a.txt apply.txt; cp apply-b.txt second.txt
elif [ "$rc_b" -eq 0 ] && [ "$rc_a" -eq 1 ]; then winner=$pid_b; cp apply-b.txt apply.txt; cp apply-a.txt second.txt
else cat apply-a.txt apply-b.txt; failed "of two applies at once exactly one runs (exit codes $rc_a and $rc_b)"; fi
check "while one apply runs, a second fails naming the lock's holder (id, who with the winner's pid, since)" \
  grep -Eq "another apply is running on $url \(s3://aws-iam-templates-111111111111/jumpgate/apply.lock\): lock [0-9a-f]{16} held by [^ @]+@[^ ]+ pid $winner since [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z" second.txt
if lock_object gone.json; then failed "the lock object is deleted when the apply ends"; else pass "the lock object is deleted when the apply ends"; fi
check "apply over HTTP deploys the StackSet to the three accounts" \
  test "$(grep -c 'ap-northeast-1  SUCCEEDED' apply.txt)" -eq 3
check "plan over HTTP is empty after apply" \
  test "$(jq -c .changes <("$jg" plan -f jumpgate.yaml --endpoint-url "$url" --format json))" = "[]"

# What the aws CLI sees.
check "aws CLI: the execution-role stack is CREATE_COMPLETE with termination protection" \
  test "$(awscli --profile root-333333333333 cloudformation describe-stacks --stack-name stackset-execution-role \
          --query 'Stacks[0].[StackStatus,EnableTerminationProtection]' --output text)" = "CREATE_COMPLETE	True"
check "aws CLI: role-operator in 333333333333 has ReadOnlyAccess" \
  test "$(awscli --profile root-333333333333 iam list-attached-role-policies --role-name role-operator \
          --query 'AttachedPolicies[0].PolicyName' --output text)" = "ReadOnlyAccess"
check "aws CLI: the StackSet's instances are CURRENT" \
  test "$(awscli --profile root-111111111111 cloudformation list-stack-instances --stack-set-name iam-roles \
          --query 'Summaries[].Status' --output text | tr '\t' '\n' | sort -u)" = "CURRENT"
check "aws CLI: the template bucket holds the four templates" \
  test "$(awscli --profile root-111111111111 s3api list-objects-v2 --bucket aws-iam-templates-111111111111 \
          --query 'length(Contents)')" -eq 4
check "aws CLI: tanaka.hanako is in group-operator-project-a" \
  test "$(awscli --profile root-111111111111 iam list-groups-for-user --user-name tanaka.hanako \
          --query 'Groups[0].GroupName' --output text)" = "group-operator-project-a"

# audit and access wherever the deployment runs: over HTTP, each account read with its
# [root-ID] profile (authorization details, MFA devices, keys, login profiles, password policy).
rc=0; "$jg" audit -f jumpgate.yaml --endpoint-url "$url" --format json >audit_http.json 2>audit_http.err || rc=$?
check "audit over HTTP exits 1: the seed's findings reach --fail-on high" test "$rc" -eq 1
check "audit over HTTP finds the article's critical path (developer -> execution role, JG101)" \
  test "$(jq '[.findings[] | select(.severity == "critical" and (.id | startswith("JG101")))] | length' audit_http.json)" -gt 0
check "audit over HTTP sees the MFA devices and login profiles too (JG105: console users without MFA)" \
  test "$(jq '[.findings[] | select(.id | startswith("JG105"))] | length' audit_http.json)" -gt 0
"$jg" access -f jumpgate.yaml --endpoint-url "$url" --format json >access_http.json
check "access over HTTP: tanaka.hanako reaches role-operator in both project accounts, with MFA" \
  test "$(jq -r '[.grants[] | select(.user == "tanaka.hanako") | "\(.account):\(.role):\(.mfa)"] | sort | join(",")' access_http.json)" = \
       "222222222222:role-operator:required,333333333333:role-operator:required"
if "$jg" audit --endpoint-url "$url" >err.txt 2>&1; then
  failed "audit over HTTP without accounts is refused"
else
  check "audit over HTTP without -f or --accounts says how to name the accounts" grep -q -- '--accounts A,B' err.txt
fi
"$jg" access --endpoint-url "$url" --accounts 111111111111,222222222222 --format json >access_two.json
check "access --accounts over HTTP reads just those accounts" \
  test "$(jq -r '[.grants[].account] | unique | map(select(. == "222222222222" or . == "333333333333")) | join(",")' access_two.json)" = "222222222222"

# Onboarding and offboarding over HTTP.
"$jg" user add sato.jiro --group group-developer -f jumpgate.yaml --endpoint-url "$url" --auto-approve >/dev/null
check "user add over HTTP: login profile with PasswordResetRequired" \
  test "$(awscli --profile root-111111111111 iam get-login-profile --user-name sato.jiro \
          --query 'LoginProfile.PasswordResetRequired')" = "true"
check "user add over HTTP: first password in a 0600 file" \
  test "$(stat -c %a "$JUMPGATE_HOME/new-users/sato.jiro.csv")" = 600
"$jg" user remove sato.jiro -f jumpgate.yaml --endpoint-url "$url" --auto-approve >/dev/null
if awscli --profile root-111111111111 iam get-user --user-name sato.jiro >/dev/null 2>err.txt; then
  failed "user remove over HTTP: offboarded"
else
  check "user remove over HTTP: offboarded (NoSuchEntity)" grep -q NoSuchEntity err.txt
fi

# import over HTTP: the deployment read back into a file; plan finds nothing to change and
# the imported file's access matrix is the original's.
"$jg" import -o imported.yaml --endpoint-url "$url" --admin-account 111111111111 --region ap-northeast-1 \
  >import.out 2>import.err || { cat import.err; failed "import over HTTP"; }
check "import over HTTP detects the seed templates" grep -q '^templates: seed$' imported.yaml
rc=0; "$jg" plan -f imported.yaml --endpoint-url "$url" --detailed-exitcode >import-plan.txt || rc=$?
check "plan --detailed-exitcode over HTTP on the imported file: 0" test "$rc" -eq 0
"$jg" access -f jumpgate.yaml --endpoint-url "$url" --format json >access-original.json
"$jg" access -f imported.yaml --endpoint-url "$url" --format json >access-imported.json
check "over HTTP, the imported file's access matrix equals the original's (and is not empty)" \
  bash -c "cmp -s access-original.json access-imported.json && test \$(jq '.grants | length' access-imported.json) -gt 0"
if "$jg" import -o other.yaml --endpoint-url "$url" >/dev/null 2>import2.err; then
  failed "import over HTTP without --admin-account is refused"
else
  check "import over HTTP without --admin-account says how to name it" grep -q -- '--admin-account ID' import2.err
fi

# A lock left behind by an apply that died: applies fail naming it until force-unlock.
printf '{"ID":"deadbeefdeadbeef","Who":"ops@gone pid 42","Since":"2026-12-08T00:00:00Z"}\n' >stale.json
awscli --profile root-111111111111 s3api put-object --bucket aws-iam-templates-111111111111 \
  --key jumpgate/apply.lock --body stale.json >/dev/null
rc=0; "$jg" apply -f jumpgate.yaml --endpoint-url "$url" --auto-approve --lock-timeout 1 >stale.txt 2>&1 || rc=$?
check "a stale remote lock stops apply, naming its holder and force-unlock" \
  bash -c "test $rc -eq 1 && grep -q 'lock deadbeefdeadbeef held by ops@gone pid 42 since 2026-12-08T00:00:00Z; .*jumpgate force-unlock deadbeefdeadbeef' stale.txt"
if "$jg" force-unlock 0123456789abcdef -f jumpgate.yaml --endpoint-url "$url" >unlock.txt 2>&1; then
  failed "force-unlock of another id is refused"
else
  check "force-unlock of another id is refused, naming the lock's holder" grep -q 'is lock deadbeefdeadbeef held by ops@gone' unlock.txt
fi
"$jg" force-unlock deadbeefdeadbeef -f jumpgate.yaml --endpoint-url "$url" >unlock.txt 2>&1 || cat unlock.txt
check "force-unlock ID deletes the remote lock" grep -q '^removed lock deadbeefdeadbeef of ops@gone pid 42' unlock.txt
"$jg" apply -f jumpgate.yaml --endpoint-url "$url" --auto-approve >after-unlock.txt 2>&1 || cat after-unlock.txt
check "after force-unlock, apply runs" grep -q 'the live state matches' after-unlock.txt

# The same deployment read in-process (the server stopped first: one process owns a home)
# gives the same findings and the same matrix as over HTTP.
kill "$server"; wait "$server" 2>/dev/null || true; server=
"$jg" audit -f jumpgate.yaml --home "$work/server" --format json >audit_local.json 2>/dev/null || true
"$jg" access -f jumpgate.yaml --home "$work/server" --format json >access_local.json
check "audit over HTTP = the local audit of the same deployment (every finding id)" \
  cmp -s <(jq -r '[.findings[].id] | sort | .[]' audit_http.json) <(jq -r '[.findings[].id] | sort | .[]' audit_local.json)
check "access over HTTP = the local matrix of the same deployment" \
  cmp -s <(jq -S '.grants | sort_by(.user, .account, .role)' access_http.json) \
         <(jq -S '.grants | sort_by(.user, .account, .role)' access_local.json)

if [ $fails -ne 0 ]; then echo "$fails check(s) failed" >&2; exit 1; fi
echo "all checks passed"

#!/usr/bin/env bash
# End-to-end test of the file-driven commands on the local cloud, through the jumpgate
# binary as an operator runs it: init, render (+ cfn-lint), plan (text and JSON), apply and
# its idempotency, user add/remove with offboarding, project add, account add (section 5),
# the access matrix and audit of the live state, bad files.
# Usage: e2e_local.sh JUMPGATE   (needs cfn-lint, jq; ../shared/seed, when present, is
# compared with as the reference: $JUMPGATE_SHARED, else the checkout's ../shared)
set -euo pipefail
jg=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export JUMPGATE_HOME="$work/home"
fails=0
pass() { echo "ok   $1"; }
failed() { echo "FAIL $1" >&2; fails=$((fails + 1)); }
check() { local name=$1; shift; if "$@"; then pass "$name"; else failed "$name"; fi; }

# --- init and render ------------------------------------------------------------------
init_out=$("$jg" init .)
check "init writes jumpgate.yaml" test -s jumpgate.yaml
check "init's next step needs no -f in its folder" grep -q "next: jumpgate plan$" <<<"$init_out"
check "init's next step names a file elsewhere" grep -q "next: jumpgate plan -f elsewhere/jumpgate.yaml$" \
  <<<"$("$jg" init elsewhere)"
check "init refuses to overwrite" bash -c "! '$jg' init . 2>/dev/null"
"$jg" render -f jumpgate.yaml -o out >/dev/null
check "render writes the five seed templates" test "$(ls out/templates | wc -l)" -eq 5
check "seed templates are jumpgate's templates/article (built in), byte for byte" \
  diff -r out/templates "$here/../../templates/article"
# -f defaults to ./jumpgate.yaml; without one the error names the path and jumpgate init.
"$jg" render -o out-default >/dev/null
check "render without -f reads ./jumpgate.yaml" diff -r out out-default
if (cd out && "$jg" plan 2>"$work/nofile.txt"); then failed "no ./jumpgate.yaml is refused"; else pass "no ./jumpgate.yaml is refused"; fi
check "the error names ./jumpgate.yaml and jumpgate init" \
  grep -q "^error: ./jumpgate.yaml: no such file (write one with \`jumpgate init\`" "$work/nofile.txt"
# The published seed folder as `templates: PATH` renders itself (a reference only).
shared=${JUMPGATE_SHARED:-$here/../../../shared}
if [ -d "$shared/seed/templates" ]; then
  sed "s|^templates: seed|templates: $(realpath "$shared/seed/templates")|" jumpgate.yaml >published.yaml
  "$jg" render -f published.yaml -o pout >/dev/null
  check "templates: PATH renders the folder's files, byte for byte" diff -r pout/templates "$shared/seed/templates"
  check "templates: PATH (the article's layout) gets the seed's parameters" diff -r pout/parameters out/parameters
else
  echo "SKIPPED: templates: PATH against ../shared/seed (absent here)"
fi
check "project parameters: prod, staging, HasStagingAccount" \
  test "$(jq -r 'map(.ParameterValue) | join(",")' out/parameters/projects/project-a/iam-groups.json)" = \
       "222222222222,333333333333,true,project-a"
check "role StackSet goes to the admin account too (seed)" \
  test "$(jq -r 'join(",")' out/parameters/iam-roles-accounts.json)" = "111111111111,222222222222,333333333333"
# The hardened set: jumpgate's own templates, a project's accounts as one list.
cat >hardened.yaml <<'YAML'
admin_account: "111111111111"
region: ap-northeast-1
templates: hardened
mfa_max_age: 1800
projects:
  big:
    accounts: ["222222222222", "333333333333", "444444444444"]
YAML
"$jg" render -f hardened.yaml -o hout >/dev/null
check "hardened: the project's accounts as one list" \
  test "$(jq -r '.[] | select(.ParameterKey == "AccountIds") | .ParameterValue' hout/parameters/projects/big/iam-groups.json)" = \
       "222222222222,333333333333,444444444444"
check "hardened: no role instance in the admin account" \
  test "$(jq -r 'join(",")' hout/parameters/iam-roles-accounts.json)" = "222222222222,333333333333,444444444444"
if cfn-lint out/templates/*.yaml hout/templates/*.yaml >"$work/lint.txt" 2>&1; then pass "rendered templates (seed, hardened) pass cfn-lint"
else
  # cfn-lint exits 2 on errors, 4/8 on warnings/informational only.
  rc=$?; if [ $((rc & 2)) -eq 0 ]; then pass "rendered templates pass cfn-lint (no errors)"; else cat "$work/lint.txt"; failed "cfn-lint"; fi
fi

# --- bad files change nothing ---------------------------------------------------------
sed 's/group-operator-project-a/group-operator-project-z/' jumpgate.yaml >bad.yaml
if "$jg" plan -f bad.yaml 2>err.txt; then failed "a bad file is refused"; else pass "a bad file is refused"; fi
check "the error names the line" grep -q "bad.yaml:30:14: unknown group 'group-operator-project-z'" err.txt
check "a bad file creates no home" test ! -e "$JUMPGATE_HOME"

# --- plan on a fresh home -------------------------------------------------------------
"$jg" plan -f jumpgate.yaml --format json >plan.json
check "plan JSON lists the three accounts to create" \
  test "$(jq '[.changes[] | select(.kind == "account")] | length' plan.json)" -eq 3
check "plan JSON lists both users" \
  test "$(jq -r '[.changes[] | select(.kind == "user") | .name] | join(",")' plan.json)" = "yamada.taro,tanaka.hanako"
"$jg" plan -f jumpgate.yaml >plan.txt
check "plan text ends with a summary" grep -qE '^Plan: [0-9]* to create, 0 to update, 0 to delete(; 1 to adopt .*)?\.$' plan.txt

# --- apply: the article's runbook, then idempotency ----------------------------------
"$jg" apply -f jumpgate.yaml >apply.txt 2>&1 || { cat apply.txt; failed "apply on a fresh home"; }
check "apply reports every step" \
  bash -c "grep -q '^\[template bucket\] 6 change' apply.txt && grep -q '^\[role StackSet\] 4 change' apply.txt"
check "apply prints each StackSet target's result" grep -q '333333333333  ap-northeast-1  SUCCEEDED' apply.txt
check "apply never logs a first password" bash -c "! grep -qi 'password,' apply.txt"
check "first-password files are 0600" test "$(stat -c %a "$JUMPGATE_HOME/new-users/yamada.taro.csv")" = 600
"$jg" apply -f jumpgate.yaml >apply2.txt
check "a second apply changes nothing" grep -q '^apply: 0 change(s) made' apply2.txt
check "plan JSON is empty after apply" test "$(jq -c .changes <("$jg" plan -f jumpgate.yaml --format json))" = "[]"
# The access matrix of the live state: what the stacks and StackSet made, decided by the engine.
"$jg" access --format json >access.json
check "tanaka.hanako reaches role-operator in both project accounts, with MFA" \
  test "$(jq -r '[.grants[] | select(.user == "tanaka.hanako") | "\(.account):\(.role):\(.mfa)"] | sort | join(",")' access.json)" = \
       "222222222222:role-operator:required,333333333333:role-operator:required"
check "yamada.taro reaches role-admin in every account" \
  test "$(jq '[.grants[] | select(.user == "yamada.taro" and .role == "role-admin")] | length' access.json)" -eq 3
check "access -f: the file's accounts (here all of the home's) give the same matrix" \
  cmp -s access.json <("$jg" access -f jumpgate.yaml --format json)
check "access -f: a file's account the home lacks is named" bash -c \
  "'$jg' access -f hardened.yaml --format json 2>&1 >/dev/null | grep -q '^note: account 444444444444 of hardened.yaml is not in the live state'"

# --- onboarding, a new account (section 5), a new project, offboarding -----------------
"$jg" user add sato.jiro --group group-developer-project-a -f jumpgate.yaml >/dev/null
check "user add: created with its group" bash -c \
  "'$jg' access --format json | jq -e '.grants[] | select(.user == \"sato.jiro\" and .role == \"role-developer\")' >/dev/null"
"$jg" account add project-a 444444444444 -f jumpgate.yaml >/dev/null 2>&1 && failed "seed: a third project account is refused" \
  || pass "seed: a third project account is refused"
check "the refused edit left the file alone" bash -c "! grep -q 444444444444 jumpgate.yaml"
"$jg" project add project-b --account 555555555555 -f jumpgate.yaml >project.txt
check "project add: execution role, groups stack and instance for the new account" \
  bash -c "grep -q 'create 555555555555 stack stackset-execution-role' project.txt && grep -q 'create 111111111111 stack iam-groups-project-b' project.txt && grep -q 'create 555555555555 stack-instance iam-roles' project.txt"
"$jg" account add project-b 666666666666 -f jumpgate.yaml >account.txt
check "account add: section 5 (execution role, groups updated, instance)" \
  bash -c "grep -q 'create 666666666666 stack stackset-execution-role' account.txt && grep -q 'update 111111111111 stack iam-groups-project-b' account.txt && grep -q '666666666666  ap-northeast-1  SUCCEEDED' account.txt"
"$jg" user remove sato.jiro -f jumpgate.yaml >/dev/null
check "user remove: offboarded" bash -c "! '$jg' access --format json | jq -e '.grants[] | select(.user == \"sato.jiro\")' >/dev/null"
check "after the edits, plan is empty" test "$(jq -c .changes <("$jg" plan -f jumpgate.yaml --format json))" = "[]"

# --- import: the live deployment read back into a file (issue 17) ----------------------
"$jg" import -o imported.yaml --region ap-northeast-1 >import.out 2>import.err || { cat import.err; failed "import"; }
check "import detects the seed templates" grep -q '^templates: seed$' imported.yaml
check "import reads both projects from their groups stacks" \
  bash -c "grep -q 'project-a:' imported.yaml && grep -q 'accounts: \[\"555555555555\", \"666666666666\"\]  # prod, staging' imported.yaml"
rc=0; "$jg" plan -f imported.yaml --detailed-exitcode >import-plan.txt || rc=$?
check "plan --detailed-exitcode on the imported file: 0 (nothing to create, update or delete)" test "$rc" -eq 0
"$jg" access -f jumpgate.yaml --format json >access-original.json
"$jg" access -f imported.yaml --format json >access-imported.json
check "the imported file's access matrix equals the original's (and is not empty)" \
  bash -c "cmp -s access-original.json access-imported.json && test \$(jq '.grants | length' access-imported.json) -gt 0"
check "import names its own plan check on stderr" grep -q '^  plan: no other change$' import.err
if "$jg" import -o imported.yaml --region ap-northeast-1 >/dev/null 2>import2.err; then
  failed "import refuses to overwrite an existing file"
else
  check "import refuses to overwrite an existing file without --force" grep -q 'already exists; nothing was written' import2.err
fi
"$jg" import -o imported.yaml --force --region ap-northeast-1 >/dev/null 2>&1
check "import --force replaces it" grep -q '^templates: seed$' imported.yaml
if "$jg" import -o elsewhere.yaml --region eu-west-1 >/dev/null 2>import3.err; then
  failed "import of a region without a deployment fails"
else
  check "import of a region without a deployment says so, writing nothing" \
    bash -c "grep -q 'holds a stack iam-global-groups in eu-west-1\|no account of .* holds a stack iam-global-groups in eu-west-1' import3.err && test ! -e elsewhere.yaml"
fi

# --- plan --detailed-exitcode (CI drift checks), the apply lock ---------------------------
rc=0; "$jg" plan -f jumpgate.yaml --detailed-exitcode >/dev/null || rc=$?
check "plan --detailed-exitcode: 0 when nothing would change" test "$rc" -eq 0
cp jumpgate.yaml plus-user.yaml
printf '  kato.jun:\n    groups: [group-developer]\n' >>plus-user.yaml
rc=0; "$jg" plan -f plus-user.yaml --detailed-exitcode >/dev/null || rc=$?
check "plan --detailed-exitcode: 2 when the file adds a user" test "$rc" -eq 2
rc=0; "$jg" plan -f no-such-file.yaml --detailed-exitcode >/dev/null 2>&1 || rc=$?
check "plan --detailed-exitcode: 1 on an error" test "$rc" -eq 1
# Another process holds the home's apply lock (as a running apply does): a second apply
# fails at once, or waits with --lock-timeout until the holder lets go.
flock "$JUMPGATE_HOME/apply.lock" sleep 3 &
holder=$!
sleep 0.5
if "$jg" apply -f plus-user.yaml >lock.txt 2>&1; then
  failed "a second apply fails while the lock is held"
else
  check "a second apply fails while the lock is held, naming the way out" \
    grep -q 'another apply is running on the local cloud at .*--lock-timeout' lock.txt
fi
check "the refused apply changed nothing" test "$("$jg" plan -f plus-user.yaml --format json | jq '.changes | length')" -gt 0
"$jg" apply -f plus-user.yaml --lock-timeout 30 >lock-wait.txt 2>&1 || { cat lock-wait.txt; failed "apply --lock-timeout"; }
check "apply --lock-timeout waits for the holder, then applies" \
  bash -c "grep -q 'waiting for the apply lock' lock-wait.txt && grep -q 'the live state matches' lock-wait.txt"
wait "$holder" || true
"$jg" user remove kato.jun -f plus-user.yaml >/dev/null

# --- hardened: no critical or high finding on the live state -------------------------
cat >hardened-full.yaml <<'YAML'
admin_account: "111111111111"
region: ap-northeast-1
templates: hardened
projects:
  big:
    accounts: ["222222222222", "333333333333", "444444444444"]
users:
  suzuki.ichiro:
    groups: [group-admin-big]
YAML
"$jg" apply -f hardened-full.yaml --home "$work/hhome" >happly.txt 2>&1 || { cat happly.txt; failed "hardened apply"; }
check "hardened: a project of three accounts deploys" grep -q '444444444444  ap-northeast-1  SUCCEEDED' happly.txt
"$jg" audit --home "$work/hhome" --format json >haudit.json || true
check "hardened: the audit finds nothing critical or high (besides the user's missing MFA)" \
  test "$(jq '[.findings[] | select((.severity == "critical" or .severity == "high") and (.id | startswith("JG105") | not))] | length' haudit.json)" -eq 0
"$jg" import -o himported.yaml --home "$work/hhome" --region ap-northeast-1 >/dev/null 2>himport.err || { cat himport.err; failed "hardened import"; }
check "import detects the hardened templates and the project's three accounts" \
  bash -c "grep -q '^templates: hardened$' himported.yaml && grep -q 'accounts: \[\"222222222222\", \"333333333333\", \"444444444444\"\]$' himported.yaml"
rc=0; "$jg" plan -f himported.yaml --home "$work/hhome" --detailed-exitcode >/dev/null || rc=$?
check "hardened: plan --detailed-exitcode on the imported file is 0" test "$rc" -eq 0

# --- migration: the article's profile, then templates: hardened (issue 17) ---------------
mkdir -p migrate
"$jg" init migrate >/dev/null
"$jg" apply -f migrate/jumpgate.yaml --home "$work/mhome" >migrate-seed.txt 2>&1 || { cat migrate-seed.txt; failed "seed apply"; }
sed -i 's/^templates: seed$/templates: hardened/' migrate/jumpgate.yaml
"$jg" plan -f migrate/jumpgate.yaml --home "$work/mhome" >migrate-plan.txt 2>/dev/null
check "seed -> hardened: plan removes the admin account's execution-role stack, lifting its protection" \
  grep -q 'delete  111111111111  stack            stackset-execution-role  (the template profile creates no execution role here; termination protection lifted)' migrate-plan.txt
"$jg" apply -f migrate/jumpgate.yaml --home "$work/mhome" >migrate-hardened.txt 2>&1 || { cat migrate-hardened.txt; failed "hardened apply over seed"; }
rc=0; "$jg" audit -f migrate/jumpgate.yaml --home "$work/mhome" --format json >migrate-audit.json 2>/dev/null || rc=$?
check "seed -> hardened: the audit has no critical or high finding besides JG105 (users yet to enrol MFA)" \
  bash -c "test \$(jq '[.findings[] | select((.severity == \"critical\" or .severity == \"high\") and (.id | startswith(\"JG105\") | not))] | length' migrate-audit.json) -eq 0 && test \$(jq '[.findings[] | select(.id | startswith(\"JG105\"))] | length' migrate-audit.json) -gt 0"
rc=0; "$jg" plan -f migrate/jumpgate.yaml --home "$work/mhome" --detailed-exitcode >/dev/null || rc=$?
check "seed -> hardened: plan --detailed-exitcode is 0 after the migration" test "$rc" -eq 0
printf '  kato.jun:\n    groups: [group-developer-project-a]\n' >>migrate/jumpgate.yaml
rc=0; "$jg" plan -f migrate/jumpgate.yaml --home "$work/mhome" --detailed-exitcode >/dev/null || rc=$?
check "seed -> hardened: plan --detailed-exitcode is 2 when the file adds a user" test "$rc" -eq 2

if [ $fails -ne 0 ]; then echo "$fails check(s) failed" >&2; exit 1; fi
echo "all checks passed"

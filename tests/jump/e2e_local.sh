#!/usr/bin/env bash
# End-to-end test of the file-driven commands on the local cloud, through the jumpgate
# binary as an operator runs it: init, render (+ cfn-lint), plan (text and JSON), apply and
# its idempotency, user add/remove with offboarding, project add, account add, bad files.
# Usage: e2e_local.sh JUMPGATE   (needs ../shared/seed for the seed templates, cfn-lint, jq)
set -euo pipefail
jg=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export JUMPGATE_HOME="$work/home"
fails=0
pass() { echo "ok   $1"; }
failed() { echo "FAIL $1" >&2; fails=$((fails + 1)); }
check() { local name=$1; shift; if "$@"; then pass "$name"; else failed "$name"; fi; }

# --- init and render ------------------------------------------------------------------
"$jg" init . >/dev/null
check "init writes jumpgate.yaml" test -s jumpgate.yaml
check "init refuses to overwrite" bash -c "! '$jg' init . 2>/dev/null"
"$jg" render -f jumpgate.yaml -o out >/dev/null
check "render writes the five seed templates" test "$(ls out/templates | wc -l)" -eq 5
check "seed templates are the article's, byte for byte" \
  cmp -s out/templates/iam-roles.yaml "${JUMPGATE_SEED_DIR:-$(dirname "$0")/../../../shared/seed/templates}/iam-roles.yaml"
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
check "plan text ends with a summary" grep -q '^Plan: [0-9]* to create, 0 to update, 0 to delete.$' plan.txt

if [ $fails -ne 0 ]; then echo "$fails check(s) failed" >&2; exit 1; fi
echo "all checks passed"

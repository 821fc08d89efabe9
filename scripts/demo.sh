#!/usr/bin/env bash
# The main job, for now: the local cloud's accounts are created in a fresh home, then the
# policy engine decides the article's switch-role requests on the seed's own policies. The
# templates are rendered by jumpgate's template engine from ../shared/seed/templates (never
# copied), then each request is simulated with --explain. (It grows into the whole
# runbook — apply, MFA enrolment, assume-role, access matrix — in later issues.)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh >/dev/null
dir=$(./scripts/build.sh default 2>/dev/null)
jg="$dir/src/cli/jumpgate"

seed="${JUMPGATE_SHARED:-../shared}/seed/templates"
if [ ! -d "$seed" ]; then
  echo "demo: the seed templates are not at $seed (set JUMPGATE_SHARED to the shared/ folder)" >&2
  exit 2
fi

admin=111111111111
member=222222222222
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

home="$work/home"
echo "== the local cloud in $home: the admin (jump) account and a member account"
"$jg" cloud account add $admin --alias jump --home "$home"
"$jg" cloud account add $member --alias project-a-prod --home "$home"
"$jg" cloud account list --home "$home"

echo "== the declarative file (jumpgate init): the article's scenario; render and plan it on this home"
"$jg" init "$work/operator" >/dev/null
"$jg" render -f "$work/operator/jumpgate.yaml" -o "$work/operator/rendered"
"$jg" plan -f "$work/operator/jumpgate.yaml" --home "$home"

echo "== rendering the seed templates (admin account $admin, member account $member)"
"$jg" template plan "$seed/iam-global-groups.yaml" --account $admin --format json >"$work/groups.json"
"$jg" template plan "$seed/iam-roles.yaml" --account $member --parameter AdminAccountId=$admin \
  --format json >"$work/roles.json"
"$jg" template plan "$seed/stackset-execution-role.yaml" --account $member \
  --parameter AdminAccountId=$admin --format json >"$work/exec.json"
"$jg" template plan "$seed/iam-roles.yaml" --account $admin --parameter AdminAccountId=$admin \
  --format json >"$work/admin-roles.json"

# The article's requests as simulate cases (see tests/golden/README.md for the format).
node scripts/demo_cases.mjs "$work" $admin $member >"$work/cases.json"
jq -r '.[] | .title' "$work/cases.json" >"$work/titles.txt"
jq 'map(del(.title))' "$work/cases.json" >"$work/sim.json"

echo "== simulating the article's switch-role requests"
"$jg" policy simulate "$work/sim.json" --explain >"$work/out.txt"
# Print each case's title above its decision and explanation.
awk -v titles="$work/titles.txt" '
  /^[A-Z]/ { if ((getline t < titles) > 0) print "\n# " t }
  { print }' "$work/out.txt"

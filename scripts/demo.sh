#!/usr/bin/env bash
# The main job: the article's whole Jump-account system on the embedded local cloud, from
# one declarative file, in a fresh home.
#   1. jumpgate init writes the article's scenario (admin account, project-a with its prod
#      and staging accounts, a global admin and a project operator), with jumpgate's text of
#      the article's templates (templates/article, built into the binary: same behaviour,
#      flaws included);
#   2. plan, then apply: the article's runbook (template bucket and policy, execution-role
#      stacks, administration role, global and project groups, the role StackSet and its
#      instances, password policy, users with first passwords, memberships); a second
#      apply changes nothing;
#   3. the users' side: each enrolls a virtual MFA device (codes from oathtool, as an
#      authenticator app shows them), then switches roles with MFA — and is refused the
#      roles the file does not give them;
#   4. the proof: the access matrix and the audit of the live state, then the same
#      scenario with jumpgate's hardened templates, where the audit's critical and high
#      findings are gone.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh >/dev/null
dir=$(./scripts/build.sh default 2>/dev/null)
jg="$(pwd)/$dir/src/cli/jumpgate"


work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export JUMPGATE_HOME="$work/home"
cd "$work"

echo "== 1. the declarative file: jumpgate init (the article's scenario)"
"$jg" init . >/dev/null
grep -v '^\s*#' jumpgate.yaml | grep -v '^\s*$'

echo
echo "== 2. plan, then apply the article's runbook on a fresh local cloud ($JUMPGATE_HOME)"
# -f defaults to ./jumpgate.yaml.
"$jg" plan
"$jg" apply --auto-approve  # the demo shows the plan just above
echo "-- apply again: nothing left to do"
"$jg" apply | tail -1
echo "-- first passwords went to 0600 files, one per user, never to the log:"
ls -l "$JUMPGATE_HOME/new-users" | tail -n +2 | awk '{print "  " $1, $NF}'

# A user's MFA enrolment as a person does it: the device is created (otpauth URI), two
# consecutive codes from the authenticator enable it. oathtool plays the phone; the codes
# are those of the two previous 30-second windows, so that the current one is still
# unused for the sign-in that follows (AWS refuses a code twice).
enroll() {
  local user=$1 uri secret now
  uri=$("$jg" mfa enroll --user "$user" --create-key --show-secret --no-prompt | grep '^otpauth://')
  secret=$(sed 's/.*secret=\([A-Z2-7]*\).*/\1/' <<<"$uri")
  now=$(date +%s)
  "$jg" mfa enroll --user "$user" --code1 "$(oathtool --totp -b -N "@$((now - 60))" "$secret")" \
    --code2 "$(oathtool --totp -b -N "@$((now - 30))" "$secret")" | tail -1
  echo "$secret" >"$work/$user.totp"
}
switch() {  # USER ROLE ACCOUNT: one line, the assumed-role ARN or AWS's refusal
  local user=$1 role=$2 account=$3 out code=()
  # A code for the first switch only: the MFA session is cached (0600) until it expires.
  [ -e "$work/$user.signed-in" ] || code=(--mfa-code "$(oathtool --totp -b "$(cat "$work/$user.totp")")")
  if out=$("$jg" assume "$role" --account "$account" --user "$user" "${code[@]}" --format json 2>&1); then
    touch "$work/$user.signed-in"
    echo "  allowed  $user -> $role@$account as $(jq -r .AssumedRoleUser.Arn <<<"$out")"
  else
    echo "  denied   $user -> $role@$account: ${out#error: }"
  fi
}

echo
echo "== 3. the users' side: MFA enrolment, then switch-role with MFA (one code serves every account)"
enroll yamada.taro
enroll tanaka.hanako
switch yamada.taro role-admin 222222222222
switch yamada.taro role-admin 333333333333
switch yamada.taro role-developer 222222222222
switch tanaka.hanako role-operator 222222222222
switch tanaka.hanako role-operator 333333333333
switch tanaka.hanako role-admin 222222222222
echo "-- ~/.aws/config profiles for tanaka.hanako (the file's roles, in the file's region):"
"$jg" aws-config --user tanaka.hanako -f jumpgate.yaml | sed 's/^/  /'
echo "-- the console's switch-role link:"
echo "  $("$jg" console-url --account 222222222222 --role role-operator --display-name project-a-prod)"

summary() {  # the audit's findings by severity, then its critical and high titles
  "$jg" audit --format json >"$work/audit.json" || true
  jq -r '[.findings[].severity] | group_by(.) | map("\(.[0]): \(length)") | join(", ") | "  findings: " + .' \
    "$work/audit.json"
  jq -r '.findings[] | select(.severity == "critical" or .severity == "high")
         | "  \(.severity | ascii_upcase)  \(.id)  \(.title)  (\(.principal))"' "$work/audit.json"
}

echo
echo "== 4. proof: the access matrix of the live state (every account's IAM, not the file)"
"$jg" access --format table
echo "-- the audit of the article's templates as published:"
summary

echo
echo "== the same scenario with jumpgate's hardened templates (a fresh home)"
export JUMPGATE_HOME="$work/hardened-home"
sed 's/^templates: seed/templates: hardened/' jumpgate.yaml >hardened.yaml
"$jg" apply -f hardened.yaml | tail -1
rm -f "$work"/*.signed-in
enroll yamada.taro
enroll tanaka.hanako
switch yamada.taro role-admin 222222222222
switch tanaka.hanako role-operator 333333333333
switch tanaka.hanako role-admin 333333333333
echo "-- the audit:"
summary
"$jg" audit --fail-on high >/dev/null && echo "  no critical or high finding (jumpgate audit --fail-on high exits 0)"

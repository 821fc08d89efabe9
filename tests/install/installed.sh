#!/usr/bin/env bash
# The installed binary stands alone (issue 14): installs jumpgate into a temporary prefix
# (`cmake --install --strip`), checks what is installed (stripped binary, man page and bash
# completion written from the command definitions, docs), then — in a private mount
# namespace where the source tree, ../shared, the pinned npm packages and Debian awscli's
# botocore models are hidden under empty folders — runs the operator's path: init, apply of
# the article's templates (templates: seed), audit (the critical escalation path is found),
# the hardened templates applied over them, the audit again, and `jumpgate serve` answered
# by boto3 (the machine's Python, outside the hidden folders).
# Usage: installed.sh BUILD_DIR SOURCE_DIR   (root: unshare -m and bind mounts)
set -euo pipefail
build=$(realpath "$1")
source=$(realpath "$2")
work=$(mktemp -d /tmp/jg-installed.XXXXXX)
trap 'rm -rf "$work"' EXIT
fails=0
pass() { echo "ok   $1"; }
failed() { echo "FAIL $1" >&2; fails=$((fails + 1)); }
check() { local name=$1; shift; if "$@"; then pass "$name"; else failed "$name"; fi; }

# --- install --------------------------------------------------------------------------
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" --strip >"$work/install.log"
jg="$prefix/bin/jumpgate"
check "bin/jumpgate installed" test -x "$jg"
check "the installed binary is stripped (no .symtab)" bash -c "! readelf -S '$jg' | grep -q '\.symtab'"
man="$prefix/share/man/man1/jumpgate.1"
check "man page installed" test -s "$man"
check "man page is roff for section 1" grep -q '^\.TH JUMPGATE 1 ' "$man"
# Every command `jumpgate --help` lists has its section in the man page (generated from the
# same definitions), and so do nested ones.
commands=$("$jg" --help | awk 'tolower($0) ~ /^subcommands:/ {on=1; next} on && /^  [a-z]/ {print $1}')
check "--help lists commands" test -n "$commands"
missing=""
for c in $commands; do grep -qF ".SS \"jumpgate ${c//-/\\-}\"" "$man" || missing="$missing $c"; done  # roff escapes '-' 
check "every command has a man section (missing:${missing:- none})" test -z "$missing"
check "nested commands too (jumpgate policy simulate)" grep -q '^\.SS "jumpgate policy simulate"' "$man"
check "hidden generator commands are not documented" bash -c "! grep -q '^\.SS \"jumpgate __' '$man'"
completion="$prefix/share/bash-completion/completions/jumpgate"
check "bash completion installed" test -s "$completion"
complete_words() {  # prints the completions bash offers for the words given (last one is being typed)
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _jumpgate; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$completion" "$@"
}
check "completion: 'jumpgate po' -> policy" test "$(complete_words jumpgate po)" = "policy"
check "completion: 'jumpgate policy ' -> its subcommands" \
  bash -c "complete_words() { $(declare -f complete_words | tail -n +2); }; completion='$completion'; complete_words jumpgate policy '' | grep -qx simulate"
check "completion: options of 'jumpgate serve --p'" bash -c "[[ \$(completion='$completion'; $(declare -f complete_words); complete_words jumpgate serve --p) == *--port* ]]"
check "docs installed (README.md)" test -s "$prefix/share/doc/jumpgate/README.md"
check "docs installed (README.ja.md)" test -s "$prefix/share/doc/jumpgate/README.ja.md"
check "--version names the version and the commit" \
  bash -c "'$jg' --version | grep -Eq '^jumpgate [0-9]+\.[0-9]+\.[0-9]+ \(commit ([0-9a-f]{12}(-dirty)?|unknown)\)$'"
check "--version --verbose names the embedded models' sources" \
  bash -c "'$jg' --version --verbose | grep -q 'aws-sdk 2.1693.0' && '$jg' --version --verbose | grep -Eq '^  iam 2010-05-08: [0-9]+ operations, [0-9]+ bytes, sha256 [0-9a-f]{64}$'"

# --- the operator's path with nothing but the installed files -------------------------
# What gets hidden: the source tree (and with it the build folder and tools/node_modules),
# ../shared (the article's files), Debian awscli's package folder (botocore's models).
hide=("$source" "$(realpath "$source/../shared")" /usr/lib/python3/dist-packages/awscli)
[ -d /usr/lib/python3/dist-packages/botocore/data ] && hide+=(/usr/lib/python3/dist-packages/botocore/data)
python=$(command -v python3)
mkdir -p "$work/empty" "$work/run"
cat >"$work/boto3_check.py" <<'PY'
"""boto3 against the installed `jumpgate serve`: the applied state is there over HTTP."""
import configparser, sys
import boto3
from botocore.config import Config

endpoint, credentials = sys.argv[1], sys.argv[2]
cp = configparser.ConfigParser()
cp.read(credentials)
root = cp["root-111111111111"]
session = boto3.session.Session(aws_access_key_id=root["aws_access_key_id"],
                                 aws_secret_access_key=root["aws_secret_access_key"], region_name="ap-northeast-1")
cfg = Config(retries={"max_attempts": 1})
who = session.client("sts", endpoint_url=endpoint, config=cfg).get_caller_identity()
assert who["Account"] == "111111111111", who
iam = session.client("iam", endpoint_url=endpoint, config=cfg)
users = sorted(u["UserName"] for u in iam.list_users()["Users"])
assert "yamada.taro" in users and "tanaka.hanako" in users, users
groups = {g["GroupName"] for g in iam.list_groups()["Groups"]}
assert "group-operator-project-a" in groups, groups
cfn = session.client("cloudformation", endpoint_url=endpoint, config=cfg)
stack_sets = [s["StackSetName"] for s in cfn.list_stack_sets(Status="ACTIVE")["Summaries"]]
assert stack_sets, "no StackSet"
# An operation the embedded (current) model has and jumpgate lacks: 501, not InvalidAction.
try:
    cfn.list_resource_scans()
    raise AssertionError("ListResourceScans answered")
except cfn.exceptions.ClientError as e:
    assert e.response["Error"]["Code"] == "NotImplemented", e.response
    assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 501, e.response
s3 = session.client("s3", endpoint_url=endpoint, config=cfg)
buckets = [b["Name"] for b in s3.list_buckets()["Buckets"]]
assert buckets, "no template bucket"
print(f"boto3: {who['Arn']}; users {users}; StackSets {stack_sets}; buckets {buckets}")
PY
cat >"$work/inside.sh" <<INSIDE
#!/usr/bin/env bash
# Runs in the private mount namespace: nothing here may read the hidden folders.
set -uo pipefail
mount --make-rprivate /
for dir in ${hide[*]}; do mount --bind "$work/empty" "\$dir" || { echo "FAIL cannot hide \$dir"; exit 3; }; done
fails=0
pass() { echo "ok   \$1"; }
failed() { echo "FAIL \$1" >&2; fails=\$((fails + 1)); }
check() { local name=\$1; shift; if "\$@"; then pass "\$name"; else failed "\$name"; fi; }
check "the source tree is hidden" test -z "\$(ls -A '$source')"
check "awscli's botocore models are hidden" test ! -e /usr/lib/python3/dist-packages/awscli/botocore/data/iam
cd "$work/run"
export JUMPGATE_HOME="$work/home" PATH="$prefix/bin:/usr/bin:/bin"
jumpgate init . >init.txt 2>&1 || { cat init.txt; failed "init"; }
check "init writes jumpgate.yaml with the article's templates" grep -q '^templates: seed' jumpgate.yaml
if jumpgate apply -f jumpgate.yaml --auto-approve >apply-seed.txt 2>&1; then pass "apply (templates: seed)"; else tail -20 apply-seed.txt; failed "apply (templates: seed)"; fi
jumpgate audit -f jumpgate.yaml --format json >audit-seed.json 2>audit-seed.err
check "audit of the article's deployment exits 1 (findings)" test \$? -eq 1
check "audit finds the critical escalation path (JG101)" \
  test "\$(jq '[.findings[] | select(.rule == "JG101" and .severity == "critical" and (.path | length) > 1)] | length' audit-seed.json)" -gt 0
sed -i 's/^templates: seed/templates: hardened/' jumpgate.yaml
if jumpgate apply -f jumpgate.yaml --auto-approve >apply-hardened.txt 2>&1; then pass "apply (templates: hardened over seed)"; else tail -20 apply-hardened.txt; failed "apply (templates: hardened over seed)"; fi
jumpgate audit -f jumpgate.yaml --format json >audit-hardened.json 2>/dev/null
check "hardened: no critical finding left" \
  test "\$(jq '[.findings[] | select(.severity == "critical")] | length' audit-hardened.json)" -eq 0
jumpgate serve --home "\$JUMPGATE_HOME" --port 0 >serve.out 2>serve.err &
serve_pid=\$!
for _ in \$(seq 100); do grep -q '^listening on' serve.out 2>/dev/null && break; sleep 0.1; done
endpoint=\$(sed -n 's/^listening on //p' serve.out)
if [ -n "\$endpoint" ] && "$python" "$work/boto3_check.py" "\$endpoint" "\$JUMPGATE_HOME/credentials"; then pass "serve answered by boto3"
else cat serve.err; failed "serve answered by boto3"; fi
kill -TERM \$serve_pid; wait \$serve_pid
check "serve stops cleanly on SIGTERM" test \$? -eq 0
exit \$fails
INSIDE
if unshare -m bash "$work/inside.sh"; then pass "the installed binary on its own"
else failed "the installed binary on its own (see above)"; fi
check "outside the namespace nothing was hidden" test -n "$(ls -A "$source")"

echo "$fails failure(s)"
[ "$fails" -eq 0 ]

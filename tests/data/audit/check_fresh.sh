#!/bin/sh
# The audit's seed/hardened states must be what the templates produce today: regenerate
# them with make_state.py (rendering through the given jumpgate) and compare.
# usage: check_fresh.sh JUMPGATE SHARED_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
jumpgate=$1
shared=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/make_state.py" "$jumpgate" "$shared/seed/templates" seed > "$tmp/seed.json"
python3 "$here/make_state.py" "$jumpgate" "$here/../../../templates/hardened" hardened > "$tmp/hardened.json"
diff -u "$here/seed.json" "$tmp/seed.json"
diff -u "$here/hardened.json" "$tmp/hardened.json"
echo "audit states are fresh"

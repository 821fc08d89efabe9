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
# jumpgate's templates/article must give the seed's state too (same behaviour, same flaws).
python3 "$here/make_state.py" "$jumpgate" "$here/../../../templates/article" seed > "$tmp/article.json"
python3 "$here/make_state.py" "$jumpgate" "$here/../../../templates/hardened" hardened > "$tmp/hardened.json"
diff -u "$here/seed.json" "$tmp/article.json"
diff -u "$here/hardened.json" "$tmp/hardened.json"
if [ -d "$shared/seed/templates" ]; then
  python3 "$here/make_state.py" "$jumpgate" "$shared/seed/templates" seed > "$tmp/seed.json"
  diff -u "$here/seed.json" "$tmp/seed.json"
else
  echo "SKIPPED: the published seed templates ($shared/seed/templates) are absent; compared templates/article only"
fi
echo "audit states are fresh"

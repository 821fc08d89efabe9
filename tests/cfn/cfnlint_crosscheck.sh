#!/usr/bin/env bash
# Cross-checks jumpgate's template validation with cfn-lint over the golden templates:
# every template cfn-lint accepts without errors jumpgate must accept, and every template
# jumpgate rejects cfn-lint must reject too. Known divergences, with reasons, are listed in
# tests/cfn/cfnlint_exceptions.txt ("<file>__<case name> <reason>").
# usage: cfnlint_crosscheck.sh JUMPGATE_BINARY GOLDEN_DIR
set -uo pipefail
jumpgate=$1
golden=$2
here=$(cd "$(dirname "$0")" && pwd)
command -v cfn-lint >/dev/null || { echo "cfn-lint is not installed (the machine's Python has it)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$golden" "$work" <<'PY'
# One file per golden case that runs validate or plan on an inline template, named
# <test file>__<case name> so that exceptions survive edits elsewhere in the file.
import os, re, sys
golden, work = sys.argv[1], sys.argv[2]
for name in sorted(os.listdir(golden)):
    if not name.endswith('.test'):
        continue
    for case in open(os.path.join(golden, name)).read().split('\n=== ')[1:]:
        lines = case.split('\n')
        title, cmd = lines[0], lines[1] if len(lines) > 1 else ''
        if not cmd.startswith('$ template ') or '{input.' not in cmd:
            continue
        body = '\n'.join(lines[2:]).split('\n----\n')[0]
        ext = 'json' if '{input.json}' in cmd else 'yaml'
        base = name[:-5] + '__' + re.sub(r'[^A-Za-z0-9]+', '_', title).strip('_')
        open(os.path.join(work, base + '.' + ext), 'w').write(body + '\n')
PY
fail=0
checked=0
# One cfn-lint process for every template (its start-up dominates: ~3 s per run).
cfn-lint --format parseable "$work"/*.yaml "$work"/*.json > "$work/all.lint" 2>&1
for f in "$work"/*.yaml "$work"/*.json; do
  id=$(basename "${f%.*}")
  "$jumpgate" template validate "$f" >/dev/null 2>&1; jg=$?
  grep -F "$f:" "$work/all.lint" > "$work/$id.lint"
  lint_errors=$(grep -c ':E[0-9]' "$work/$id.lint")
  checked=$((checked + 1))
  exception=$(grep -F "$id " "$here/cfnlint_exceptions.txt" | grep -E "^$id " || true)
  if [[ $jg -ne 0 && $lint_errors -eq 0 ]]; then
    if [[ -n $exception ]]; then echo "known: $exception"; continue; fi
    echo "DIVERGENCE $id: jumpgate rejects, cfn-lint accepts"; "$jumpgate" template validate "$f" 2>&1 | head -3; fail=1
  elif [[ $jg -eq 0 && $lint_errors -gt 0 ]]; then
    if [[ -n $exception ]]; then echo "known: $exception"; continue; fi
    echo "DIVERGENCE $id: jumpgate accepts, cfn-lint rejects"; grep ':E[0-9]' "$work/$id.lint" | head -3; fail=1
  fi
done
echo "cross-checked $checked templates with cfn-lint"
exit $fail

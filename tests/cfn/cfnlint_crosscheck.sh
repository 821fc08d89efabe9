#!/usr/bin/env bash
# Cross-checks jumpgate's template validation with cfn-lint over the golden templates:
# every template cfn-lint accepts without errors jumpgate must accept, and every template
# jumpgate rejects cfn-lint must reject too. Known divergences, with reasons, are listed in
# tests/cfn/cfnlint_exceptions.txt ("<file>:<case line> <reason>").
# usage: cfnlint_crosscheck.sh JUMPGATE_BINARY GOLDEN_DIR
set -uo pipefail
jumpgate=$1
golden=$2
here=$(cd "$(dirname "$0")" && pwd)
command -v cfn-lint >/dev/null || { echo "cfn-lint is not installed (the machine's Python has it)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$golden" "$work" <<'PY'
import os, sys
golden, work = sys.argv[1], sys.argv[2]
for name in sorted(os.listdir(golden)):
    if not name.endswith('.test'): continue
    text = open(os.path.join(golden, name)).read()
    line = 0
    for i, raw in enumerate(text.split('\n')):
        pass
    lines = text.split('\n')
    i = 0
    while i < len(lines):
        if lines[i].startswith('=== '):
            start = i + 1
            cmd = lines[i + 1] if i + 1 < len(lines) else ''
            j = i + 2
            body = []
            while j < len(lines) and lines[j] != '----':
                body.append(lines[j]); j += 1
            if '{input.' in cmd and 'template validate' in cmd or 'template plan' in cmd and '{input.' in cmd:
                ext = 'json' if '{input.json}' in cmd else 'yaml'
                base = '%s_%d' % (name[:-5], start)
                open(os.path.join(work, base + '.' + ext), 'w').write('\n'.join(body) + '\n')
            i = j
        i += 1
PY
fail=0
checked=0
for f in "$work"/*; do
  id=$(basename "${f%.*}")
  "$jumpgate" template validate "$f" >/dev/null 2>&1; jg=$?
  cfn-lint --format parseable "$f" > "$work/$id.lint" 2>&1
  lint_errors=$(grep -c ':E[0-9]' "$work/$id.lint")
  checked=$((checked + 1))
  exception=$(grep -E "^$id " "$here/cfnlint_exceptions.txt" || true)
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

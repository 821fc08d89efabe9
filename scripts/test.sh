#!/usr/bin/env bash
# Runs every test: installs what is missing, builds the release and the sanitizer
# (ASan + UBSan) builds, and runs the whole suite under both.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

status=0
for preset in default asan; do
  dir=$(./scripts/build.sh "$preset")
  echo "== tests ($preset build)"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$dir" --output-on-failure -j2 || status=1
done
exit $status

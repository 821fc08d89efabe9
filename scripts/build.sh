#!/usr/bin/env bash
# Configures and builds one preset (default: "default"); prints the path of the binary dir.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"
dir=build
[ "$preset" = default ] || dir="build-$preset"
if [ ! -f "$dir/build.ninja" ]; then
  cmake --preset "$preset" >/dev/null
fi
cmake --build "$dir" >&2
echo "$dir"

#!/usr/bin/env bash
# Configures and builds one preset (default: "default"); prints the path of the binary dir.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"
dir=build
[ "$preset" = default ] || dir="build-$preset"
# Configured every time (cheap): a build folder made by an older preset takes the current one.
cmake --preset "$preset" >/dev/null
cmake --build "$dir" >&2
echo "$dir"

#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh Debian 12 machine:
# the Debian packages (toolchain, libraries, test clients) and the pinned npm packages
# (data for the policy catalogs, test oracles). Safe to run again: it only installs what
# is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(
  build-essential cmake ninja-build ccache pkg-config clang libclang-rt-14-dev
  libyaml-dev libpugixml-dev libcli11-dev libfmt-dev
  libssl-dev libsqlite3-dev libboost1.81-dev libcurl4-openssl-dev libexpected-dev
  libmimalloc-dev libqrencode-dev libpng-dev libcbor-dev zlib1g-dev googletest libgtest-dev libgmock-dev libbenchmark-dev
  awscli oathtool zbar-tools jq time openssh-client openssl faketime dpkg-dev xmlsec1
  chromium
)

missing=()
for p in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm: Debian's packages unless the machine already has both commands (a
# newer Node.js ships its own npm, which Debian's npm package would conflict with).
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages, pinned in tools/package.json + package-lock.json.
if [ ! -d tools/node_modules ] || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages (tools/package-lock.json)"
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "setup: done"

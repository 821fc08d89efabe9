#!/usr/bin/env bash
# HttpApi end to end: runs tests/e2e/http_api_e2e.cpp (IAM, STS, S3, CloudFormation over
# HTTP with SigV4) against moto_server, a server nobody here wrote, and against
# `jumpgate serve`, each started on a free loopback port with its own credentials.
# Usage: http_api.sh PATH/TO/http_api_e2e PATH/TO/jumpgate
set -euo pipefail
e2e=$1
jumpgate=$2

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Waits until URL answers (any HTTP status), at most 30 s.
wait_http() {
    for _ in $(seq 1 300); do
        if curl -s -o /dev/null "$1"; then return 0; fi
        sleep 0.1
    done
    echo "http_api.sh: the server at $1 did not start" >&2
    cat "$2" >&2
    return 1
}

# ---- moto_server (does not verify signatures: the wrong-secret case is jumpgate's) ----
port=$(free_port)
python3 -m moto.server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$port/moto-api/" "$work/moto.log"
cat >"$work/credentials" <<CREDS
[moto]
aws_access_key_id = AKIAMOTOEXAMPLE00001
aws_secret_access_key = moto/secret+key
CREDS
echo "== HttpApi against moto_server on port $port"
AWS_SHARED_CREDENTIALS_FILE="$work/credentials" AWS_CONFIG_FILE="$work/config" JG_E2E_PROFILE=moto \
    JG_E2E_SERVER=moto JG_E2E_ENDPOINT="http://127.0.0.1:$port" "$e2e" --gtest_filter='-*WrongSecret*'

# ---- jumpgate serve (verifies signatures: a wrong secret is SignatureDoesNotMatch) ----
home="$work/home"
"$jumpgate" serve --home "$home" --port 0 --accounts 111111111111 >"$work/serve.out" 2>"$work/serve.err" &
pids+=($!)
for _ in $(seq 1 300); do
    if grep -q '^listening on ' "$work/serve.out" 2>/dev/null; then break; fi
    sleep 0.1
done
endpoint=$(sed -n '1s/^listening on //p' "$work/serve.out")
if [ -z "$endpoint" ]; then
    echo "http_api.sh: jumpgate serve did not start" >&2
    cat "$work/serve.out" "$work/serve.err" >&2
    exit 1
fi
echo "== HttpApi against jumpgate serve at $endpoint"
AWS_SHARED_CREDENTIALS_FILE="$home/credentials" AWS_CONFIG_FILE="$work/config" JG_E2E_PROFILE=root-111111111111 \
    JG_E2E_SERVER=jumpgate JG_E2E_ENDPOINT="$endpoint" "$e2e"


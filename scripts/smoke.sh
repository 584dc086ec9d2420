#!/usr/bin/env bash
# Starts the built server with the given node binary on a fresh embedded database and checks /health.
set -euo pipefail
node_bin="${1:-node}"
cd "$(dirname "$0")/.."
data="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
DATA_DIR="$data" PORT="$port" LOG_LEVEL=warn "$node_bin" dist/src/cli.js serve > "$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 60); do
  if body="$(curl -fsS "http://127.0.0.1:${port}/health" 2>/dev/null)"; then
    echo "$("$node_bin" --version): $body"
    echo "$body" | grep -q '"status":"ok"'
    exit $?
  fi
  sleep 1
done
echo "server did not become healthy with $("$node_bin" --version):"; cat "$data/server.log"
exit 1

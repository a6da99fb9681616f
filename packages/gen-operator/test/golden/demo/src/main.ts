import { createServer } from 'node:http';
import { loginViaKubeconfig, loginViaServiceAccount, on, run } from '@gen-operator/runtime';

// Importing a handlers module registers its handlers.
{
  handlerImports;
}

let ready = false;

on.startup(async ({ logger }) => {
  // Runs before any watching starts: check configuration, warm caches.
  logger.info('starting');
  ready = true;
});

// In a pod: the service account; elsewhere: KUBECONFIG or ~/.kube/config.
on.login(async (args) => (await loginViaServiceAccount(args)) ?? loginViaKubeconfig(args));

on.cleanup(async ({ logger }) => {
  // Runs on SIGTERM, SIGINT or a fatal error, after handlers in flight have finished.
  logger.info('stopping');
});

// Liveness and readiness for the Deployment's probes.
createServer((request, response) => {
  const ok = request.url === '/healthz' || (request.url === '/readyz' && ready);
  response.writeHead(ok ? 200 : 503).end(ok ? 'ok' : 'not ready');
}).listen(Number(process.env.HEALTH_PORT ?? 8080));

const namespaces = process.env.WATCH_NAMESPACES?.split(',').filter(Boolean);
await run(namespaces?.length ? { namespaces } : { clusterWide: true });

/**
 * Operator-level handlers: startup (before any watching; retried until it succeeds), login (where
 * the credentials come from), cleanup (on SIGTERM or SIGINT, before exit). They share the
 * operator's memo with every resource handler: what startup puts there, handlers see.
 */
import { loginViaKubeconfig, on, run, TemporaryError } from '@gen-operator/runtime';
import { Example } from '../resources.js';

on.startup(function startupSimple({ memo, logger }) {
  memo.seen = new Set<string>();
  logger.info('Ready to remember objects.');
});

on.startup(function startupRetried({ retry, logger }) {
  if (retry < 2) throw new TemporaryError(`not ready yet (attempt ${retry + 1})`, { delay: 1 });
  logger.info('Ready after two retries.');
});

// Without a login handler the operator tries the kubeconfig, then the pod's service account.
on.login(
  async function loginFn(args) {
    args.logger.info('Logging in with the kubeconfig.');
    return loginViaKubeconfig(args);
  },
  { errors: 'permanent' },
);

on.event(Example, function remember({ name, memo }) {
  (memo.seen as Set<string>).add(name);
});

on.cleanup(function cleanupFn({ memo, logger }) {
  logger.info(`Cleaning up after ${(memo.seen as Set<string>).size} object(s).`);
});

await run({ namespaces: [process.env.WATCH_NAMESPACE ?? 'default'] });

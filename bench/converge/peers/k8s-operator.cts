// @dot-i/k8s-operator: the create handler as its README shows it — a subclass of Operator that calls
// watchResource from init() and, on an Added event, patchResourceStatus with the event's meta.
// CommonJS, like the package. The client reads KUBECONFIG itself; the watch is limited to NAMESPACE.
// There is no delete handler, so handleResourceFinalizer (which adds a finalizer for one) is left out.
import Operator, { type ResourceEvent, ResourceEventType } from '@dot-i/k8s-operator';

interface DemoResource {
  spec: { name: string };
  status?: { phase?: string; message?: string };
}

const logger = {
  info: () => undefined,
  debug: () => undefined,
  warn: (message: string) => console.error(`k8s-operator: ${message}`),
  error: (message: string) => console.error(`k8s-operator: ${message}`),
};

class DemoOperator extends Operator {
  protected async init(): Promise<void> {
    await this.watchResource(
      'devoops.io',
      'v1',
      'demo',
      async (e) => {
        try {
          if (e.type === ResourceEventType.Added) await this.resourceAdded(e);
        } catch (err) {
          logger.error(String(err));
        }
      },
      process.env.NAMESPACE,
    );
  }

  private async resourceAdded(e: ResourceEvent): Promise<void> {
    const object = e.object as DemoResource;
    await this.patchResourceStatus(e.meta, { phase: 'Ready', message: `hello ${object.spec.name}` });
  }
}

async function main(): Promise<void> {
  const operator = new DemoOperator(logger);
  await operator.start();
  const exit = () => {
    operator.stop();
    process.exit(0);
  };
  process.on('SIGTERM', exit).on('SIGINT', exit);
}

void main();

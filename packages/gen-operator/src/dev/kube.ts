import { ApiException, KubeConfig, type KubernetesObject, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';

const FIELD_MANAGER = 'gen-operator-dev';

/** client-node's generic object client, with its discovery lookup made public. */
class ObjectApi extends KubernetesObjectApi {
  /** The kubeconfig context's namespace (else `default`) for namespaced objects that name none. */
  useNamespaceOf(config: KubeConfig): void {
    this.setDefaultNamespace(config);
  }

  /** Whether the cluster serves `kind` in `apiVersion` (an unknown group or version is a 404 of discovery). */
  async serves(apiVersion: string, kind: string): Promise<boolean> {
    try {
      return (await this.resource(apiVersion, kind)) !== undefined;
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return false;
      throw error;
    }
  }
}

/**
 * What dev asks of a cluster, for any kubeconfig (a started plane's or the user's own, with
 * whatever credentials it holds). A new client per round: discovery is cached per client, and a
 * CRD just installed must be seen.
 */
export class DevKube {
  private readonly api: ObjectApi;

  constructor(kubeconfigPath: string) {
    const config = new KubeConfig();
    config.loadFromFile(kubeconfigPath);
    this.api = config.makeApiClient(ObjectApi);
    this.api.useNamespaceOf(config);
  }

  serves(apiVersion: string, kind: string): Promise<boolean> {
    return this.api.serves(apiVersion, kind);
  }

  /** Server-side apply as dev's own field manager, taking fields over from others (dev is the author here). */
  apply<T extends KubernetesObject>(object: T): Promise<T> {
    return this.api.patch(object, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
  }

  read<T extends KubernetesObject>(object: T): Promise<T> {
    return this.api.read(object as T & { metadata: { name: string } }) as Promise<T>;
  }
}

/** The apiserver's own message for a failed request (its Status), else the error's. */
export function apiMessage(error: unknown): string {
  if (error instanceof ApiException) {
    const body = typeof error.body === 'string' ? safeJson(error.body) : error.body;
    const message = (body as { message?: unknown } | undefined)?.message;
    return typeof message === 'string' ? message : `HTTP ${error.code}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

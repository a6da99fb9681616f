/** Loading a kubeconfig the way kubectl does (KUBECONFIG, else ~/.kube/config). */
import type { KubeConfig } from '@kubernetes/client-node';

export async function loadDefaultKubeConfig(): Promise<KubeConfig> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const config = new KubeConfig();
  config.loadFromDefault();
  return config;
}

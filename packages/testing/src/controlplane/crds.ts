import { readManifests } from './manifests.js';
import type { ControlPlane } from './plane.js';
import { waitFor } from './wait.js';

interface CrdObject {
  kind?: string;
  metadata?: { name?: string };
  status?: { conditions?: { type: string; status: string }[] };
}

/** Creates (or replaces) the CustomResourceDefinitions in the given YAML files and waits until each is Established. */
export async function installCrds(plane: ControlPlane, files: string[], timeoutMs = 30_000): Promise<string[]> {
  const names: string[] = [];
  for (const file of files) {
    for (const object of readManifests(file)) {
      const crd = object as CrdObject;
      if (crd.kind !== 'CustomResourceDefinition' || !crd.metadata?.name) continue;
      const base = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
      // Server-side apply: idempotent, so a suite can install the same CRDs in every file.
      await plane.requestWithType(
        'PATCH',
        `${base}/${crd.metadata.name}?fieldManager=gen-operator-testing&force=true`,
        crd,
        'application/apply-patch+yaml',
      );
      names.push(crd.metadata.name);
    }
  }
  for (const name of names) {
    await waitFor(
      `CRD ${name} to be Established`,
      async () => {
        const crd = await plane.request<CrdObject>('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
        return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false;
      },
      { timeoutMs },
    );
  }
  return names;
}

import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KubernetesObject } from '@kubernetes/client-node';
import { load, type SourceDocument } from '../load/index.js';
import { apiMessage, DevKube } from './kube.js';
import type { DevPrinter } from './printer.js';

const ESTABLISHED_TIMEOUT_MS = 30_000;
const POLL_MS = 100;

interface Crd extends KubernetesObject {
  spec?: { names?: { kind?: string } };
  status?: { conditions?: { type: string; status: string; message?: string }[] };
}

/** `file:line:col` of a document, relative to the project. */
function where(project: string, document: SourceDocument): string {
  const { file, line, col } = document.locate([]);
  return `${relative(project, file) || file}:${line}:${col}`;
}

async function documents(project: string, folder: string, printer: DevPrinter): Promise<SourceDocument[]> {
  const dir = join(project, folder);
  if (!existsSync(dir)) return [];
  const loaded = await load([dir]);
  for (const d of loaded.diagnostics)
    if (d.severity === 'error') printer.error(`${relative(project, d.file) || d.file}:${d.line}:${d.col}: ${d.message}`);
  return loaded.documents;
}

function isObject(value: unknown): value is KubernetesObject & { metadata?: { name?: string; namespace?: string } } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Server-side applies every CustomResourceDefinition under crds/ and waits until each is
 * Established. Returns false when one was refused or did not become Established (each said with
 * its file:line:col and the apiserver's message).
 */
export async function installCrds(kubeconfigPath: string, project: string, printer: DevPrinter): Promise<boolean> {
  const kube = new DevKube(kubeconfigPath);
  let ok = true;
  const applied: { name: string; at: string }[] = [];
  for (const document of await documents(project, 'crds', printer)) {
    const crd = document.value as Crd;
    if (!isObject(crd) || crd.kind !== 'CustomResourceDefinition') continue;
    const at = where(project, document);
    try {
      const name = (await kube.apply(crd)).metadata?.name ?? '';
      applied.push({ name, at });
    } catch (error) {
      ok = false;
      printer.error(`${at}: the CRD ${crd.metadata?.name ?? ''} was refused: ${apiMessage(error)}`);
    }
  }
  const deadline = Date.now() + ESTABLISHED_TIMEOUT_MS;
  for (const { name, at } of applied) {
    for (;;) {
      const crd = await kube.read<Crd>({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name } });
      const conditions = crd.status?.conditions ?? [];
      if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) {
        printer.done(`CRD ${name} installed`);
        break;
      }
      const refused = conditions.find((c) => c.type === 'NamesAccepted' && c.status === 'False');
      if (refused || Date.now() > deadline) {
        ok = false;
        printer.error(
          `${at}: the CRD ${name} is not Established: ${refused?.message ?? `still not after ${ESTABLISHED_TIMEOUT_MS / 1000} s`}`,
        );
        break;
      }
      await sleep(POLL_MS);
    }
  }
  return ok;
}

/**
 * Server-side applies every object under examples/ (in `default` when a namespaced one names no
 * namespace). A document of a kind the cluster does not serve is skipped with a note; a refused one
 * is reported with its file:line:col; neither stops the others. Returns how many were applied.
 */
export async function applyExamples(kubeconfigPath: string, project: string, printer: DevPrinter): Promise<number> {
  const kube = new DevKube(kubeconfigPath);
  let applied = 0;
  for (const document of await documents(project, 'examples', printer)) {
    const object = document.value;
    const at = where(project, document);
    if (!isObject(object) || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') {
      printer.warn(`${at}: skipped: not a Kubernetes object (no apiVersion and kind)`);
      continue;
    }
    const label = `${object.kind} ${object.metadata?.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata?.name ?? ''}`;
    try {
      if (!(await kube.serves(object.apiVersion, object.kind))) {
        printer.warn(`${at}: skipped ${label}: the cluster serves no ${object.kind} in ${object.apiVersion} (is its CRD in crds/?)`);
        continue;
      }
      await kube.apply(object);
      applied++;
      printer.done(`${at}: applied ${label}`);
    } catch (error) {
      printer.error(`${at}: ${label} was refused: ${apiMessage(error)}`);
    }
  }
  return applied;
}

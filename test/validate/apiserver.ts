/** The apiserver's verdict on creating a document: server-side dry run with strict field validation. */
import { type ControlPlane, RestError } from '@gen-operator/testing';
import type { Crd, Json } from './corpus.js';

export interface ServerVerdict {
  valid: boolean;
  status: number;
  message: string;
}

export function createPath(crd: Crd, version: string, doc: Json): string {
  const base = `/apis/${crd.group}/${version}`;
  const meta = (doc.metadata ?? {}) as Json;
  const ns = typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : 'default';
  const where = crd.namespaced ? `${base}/namespaces/${encodeURIComponent(ns)}/${crd.plural}` : `${base}/${crd.plural}`;
  return `${where}?dryRun=All&fieldValidation=Strict`;
}

/**
 * The apiserver's verdict on one request: accepted, or refused (422, 400) with its message. A socket
 * the server closed under load (a reused keep-alive connection) is tried again, twice at most.
 */
export async function verdictOf(send: () => Promise<unknown>, status: number): Promise<ServerVerdict> {
  for (let attempt = 1; ; attempt++) {
    try {
      await send();
      return { valid: true, status, message: '' };
    } catch (err) {
      if (err instanceof RestError && (err.status === 422 || err.status === 400)) {
        const body = err.body as { message?: string } | undefined;
        return { valid: false, status: err.status, message: body?.message ?? JSON.stringify(err.body) };
      }
      const reset = err instanceof Error && /socket hang up|ECONNRESET/.test(err.message);
      if (!reset || attempt === 3) throw err;
    }
  }
}

export function dryRunCreate(plane: ControlPlane, crd: Crd, version: string, doc: Json): Promise<ServerVerdict> {
  return verdictOf(() => plane.request('POST', createPath(crd, version, doc), doc), 201);
}

/** The apiserver's verdict on creating a CRD (a dry run: nothing is installed). */
export function dryRunCreateCrd(plane: ControlPlane, crd: Json): Promise<ServerVerdict> {
  return verdictOf(() => plane.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions?dryRun=All', crd), 201);
}

/** One verdict that differs from the apiserver's, and the reason when it is a known difference. */
export interface Disagreement {
  id: string;
  ours: string;
  apiserver: string;
  known?: string;
}

export const percent = (part: number, total: number): string => `${((100 * part) / total).toFixed(1)}%`;

/** The disagreements section of an agreement report. */
export function disagreementLines(disagreements: readonly Disagreement[]): string[] {
  return [
    '## Disagreements',
    '',
    ...(disagreements.length
      ? disagreements.map(
          (d) => `- ${d.id}: ours ${d.ours.slice(0, 300)}; apiserver ${d.apiserver.slice(0, 300)}${d.known ? ` — known: ${d.known}` : ''}`,
        )
      : ['none']),
    '',
  ];
}

/** Runs fn over items with at most `limit` in flight. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** A namespaced one-version test CRD `<plural>.<group>` of the given kind and schema. */
export function testCrd(group: string, kind: string, schema: object): Json {
  const plural = `${kind.toLowerCase()}s`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
  };
}

/** The Crd description of a testCrd, for createPath and dryRunCreate. */
export function testCrdOf(group: string, kind: string): Crd {
  const plural = `${kind.toLowerCase()}s`;
  return { file: '', name: `${plural}.${group}`, group, kind, plural, namespaced: true, versions: [], raw: {} };
}

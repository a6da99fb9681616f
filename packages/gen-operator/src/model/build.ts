import type { SourceDocument } from '../load/index.js';
import { checkNames, goLower } from './checks/names.js';
import { checkSchema } from './checks/schema/index.js';
import { checkShape } from './checks/shape.js';
import { checkVersions } from './checks/versions.js';
import { compareVersions } from './priority.js';
import { isObject, Reporter } from './report.js';
import type { JsonSchema, PrinterColumnModel, ResourceModel, VersionModel } from './types.js';

const CRD_API = 'apiextensions.k8s.io/v1';

/** Checks one document as the apiserver would; returns its model when nothing is an error. */
export function buildModel(document: SourceDocument): { model?: ResourceModel; report: Reporter } {
  const report = new Reporter(document);
  const crd = document.value;
  if (!isObject(crd)) {
    report.error(
      'not-a-crd',
      [],
      'this document is not a Kubernetes object (a map with apiVersion and kind)',
      'give CustomResourceDefinition documents only',
    );
    return { report };
  }
  if (crd.kind !== 'CustomResourceDefinition') {
    if (typeof crd.kind === 'string' && typeof crd.apiVersion === 'string') {
      // A CRD file may also hold objects (often resources of its CRDs): `kubectl apply` takes such a file, so the generator skips them.
      report.note(
        'not-a-crd',
        ['kind'],
        `this document is a ${crd.kind}, not a CustomResourceDefinition: skipped`,
        'check it with `gen-operator validate` against its CRD',
      );
      return { report };
    }
    report.error(
      'not-a-crd',
      crd.kind === undefined ? [] : ['kind'],
      'this document is not a Kubernetes object: apiVersion and kind must be strings',
      'pass only CRD files (keep custom resources for `gen-operator validate`)',
    );
    return { report };
  }
  if (crd.apiVersion === 'apiextensions.k8s.io/v1beta1') {
    report.error(
      'v1beta1',
      ['apiVersion'],
      'apiextensions.k8s.io/v1beta1 CRDs are not supported (the apiserver removed them in Kubernetes 1.22)',
      'convert to apiextensions.k8s.io/v1: move spec.validation into each spec.versions[].schema, and make the schema structural',
    );
    return { report };
  }
  if (crd.apiVersion !== CRD_API) {
    report.error('not-a-crd', ['apiVersion'], `apiVersion "${String(crd.apiVersion)}" is not ${CRD_API}`, `set apiVersion: ${CRD_API}`);
    return { report };
  }
  checkShape(report, crd, (path, schema) => checkSchema(report, schema, path));
  checkNames(report, crd);
  checkVersions(report, crd);
  if (report.failed) return { report };
  return { model: toModel(crd, document), report };
}

function toModel(crd: Record<string, unknown>, source: SourceDocument): ResourceModel {
  const spec = crd.spec as Record<string, unknown>;
  const names = spec.names as Record<string, unknown>;
  const kind = String(names.kind);
  const versions: VersionModel[] = (spec.versions as Record<string, unknown>[]).map((v) => {
    const sub = isObject(v.subresources) ? v.subresources : {};
    const scale = isObject(sub.scale) ? sub.scale : undefined;
    return {
      name: String(v.name),
      served: v.served === true,
      storage: v.storage === true,
      deprecated: v.deprecated === true,
      ...(typeof v.deprecationWarning === 'string' ? { deprecationWarning: v.deprecationWarning } : {}),
      schema: (v.schema as { openAPIV3Schema: JsonSchema }).openAPIV3Schema,
      subresources: {
        status: sub.status !== undefined && sub.status !== null,
        ...(scale
          ? {
              scale: {
                specReplicasPath: String(scale.specReplicasPath),
                statusReplicasPath: String(scale.statusReplicasPath),
                ...(typeof scale.labelSelectorPath === 'string' ? { labelSelectorPath: scale.labelSelectorPath } : {}),
              },
            }
          : {}),
      },
      printerColumns: (Array.isArray(v.additionalPrinterColumns) ? v.additionalPrinterColumns : []) as PrinterColumnModel[],
    };
  });
  const storage = versions.find((v) => v.storage)!;
  const served = versions.filter((v) => v.served).sort((a, b) => compareVersions(a.name, b.name));
  const preferred = storage.served ? storage : (served[0] ?? storage);
  return {
    name: String((crd.metadata as Record<string, unknown>).name),
    group: String(spec.group),
    kind,
    listKind: typeof names.listKind === 'string' ? names.listKind : `${kind}List`,
    plural: String(names.plural),
    // The apiserver's default: strings.ToLower(kind), Go's lowercasing.
    singular: typeof names.singular === 'string' ? names.singular : goLower(kind),
    shortNames: Array.isArray(names.shortNames) ? names.shortNames.map(String) : [],
    categories: Array.isArray(names.categories) ? names.categories.map(String) : [],
    scope: spec.scope as ResourceModel['scope'],
    versions,
    storageVersion: storage.name,
    preferredVersion: preferred.name,
    source,
  };
}

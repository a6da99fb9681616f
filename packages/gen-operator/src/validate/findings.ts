/**
 * Checks every custom resource among the loaded documents against its CRD and turns the schema
 * engine's issues into findings located in the source file (file:line:col of the field).
 */
import { type Diagnostic, pathSegments } from '../diagnostics.js';
import type { SourceDocument } from '../load/index.js';
import { isObject } from '../model/index.js';
import type { Catalog } from './catalog.js';

export type Severity = 'error' | 'warning' | 'note';

/** One finding: a Diagnostic whose code is the rule broken, plus which object it is about. */
export interface Finding extends Omit<Diagnostic, 'severity'> {
  severity: Severity;
  /** `Kind namespace/name` of the custom resource, when the finding is about one. */
  object?: string;
}

export interface DocumentVerdict {
  file: string;
  /** Position of the document in its file, counting from 0. */
  index: number;
  object: string;
  valid: boolean;
  findings: Finding[];
}

export function describeObject(value: unknown): string {
  if (!isObject(value)) return '(not an object)';
  const meta = isObject(value.metadata) ? value.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : typeof meta.generateName === 'string' ? `${meta.generateName}*` : '(no name)';
  const ns = typeof meta.namespace === 'string' ? `${meta.namespace}/` : '';
  return `${typeof value.kind === 'string' ? value.kind : '(no kind)'} ${ns}${name}`;
}

export function checkDocument(document: SourceDocument, catalog: Catalog): DocumentVerdict {
  const value = document.value;
  const object = describeObject(value);
  const findings: Finding[] = [];
  const add = (severity: Severity, code: string, path: string, message: string, hint?: string) => {
    const at = document.locate(pathSegments(path));
    findings.push({ severity, code, file: at.file, line: at.line, col: at.col, path, message, object, ...(hint ? { hint } : {}) });
  };
  const verdict = () => ({
    file: document.file,
    index: document.index,
    object,
    valid: !findings.some((f) => f.severity === 'error'),
    findings,
  });

  if (!isObject(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
    add(
      'error',
      'not-a-resource',
      '',
      'not a Kubernetes object: apiVersion and kind must be strings',
      'give the document apiVersion and kind',
    );
    return verdict();
  }
  const found = catalog.lookup(value.apiVersion, value.kind);
  if (!found.found) {
    add('error', found.reason, found.reason === 'no-crd' ? 'kind' : 'apiVersion', found.message, found.hint);
    return verdict();
  }
  // The parsed value is not used after this check (positions come from the source text): no copy.
  const result = found.entry.schema().check(value, { inPlace: true });
  for (const issue of result.issues)
    add(
      'error',
      issue.rule.includes(' ') || issue.rule.includes('(') ? 'x-kubernetes-validations' : issue.rule,
      issue.path,
      messageOf(issue.message, issue.rule),
      hintFor(issue.rule),
    );
  for (const note of result.skipped) {
    if (found.entry.reportedNotCheckable.has(note.rule)) continue;
    found.entry.reportedNotCheckable.add(note.rule);
    // A transition rule is not run on create, by the apiserver either: a note. A rule this engine
    // cannot evaluate may refuse the document on the apiserver: a warning, so --strict fails on it.
    const unsupported = note.reason === 'unsupported';
    add(
      unsupported ? 'warning' : 'note',
      'not-checkable',
      note.path,
      `${note.message}: ${note.rule} (said once for ${found.entry.resource.name} ${found.entry.version.name})`,
      unsupported ? 'check this rule with a server-side dry run (kubectl apply --dry-run=server)' : undefined,
    );
  }
  return verdict();
}

/** CEL rules are expressions: name them in the message, since the code only says "x-kubernetes-validations". */
function messageOf(message: string, rule: string): string {
  return rule.includes(' ') || rule.includes('(') ? `${message} (rule: ${rule})` : message;
}

function hintFor(rule: string): string | undefined {
  switch (rule) {
    case 'unknown-field':
      return 'remove the field or fix its spelling; the apiserver refuses it with strict field validation and drops it otherwise';
    case 'required':
      return 'add the field';
    case 'type':
      return 'use a value of the type the CRD declares';
    default:
      return undefined;
  }
}

export function isCrd(document: SourceDocument): boolean {
  const v = document.value;
  return (
    isObject(v) &&
    v.kind === 'CustomResourceDefinition' &&
    typeof v.apiVersion === 'string' &&
    v.apiVersion.startsWith('apiextensions.k8s.io/')
  );
}

export type { Diagnostic };

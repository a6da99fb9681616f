/**
 * Global names of JavaScript, TypeScript's standard library and Node. A generated type or value
 * never takes one: `export const Map = defineResource(...)` would shadow the global in the
 * resource module and in every handler that imports it (`new Map()` would then be the resource,
 * and linters flag the shadowing). A kind named like one gets the suffix `Resource`.
 */
export const GLOBALS: ReadonlySet<string> = new Set([
  // ECMAScript values
  ...['Object', 'Function', 'Array', 'Number', 'Boolean', 'String', 'Symbol', 'BigInt', 'Math', 'JSON', 'Date', 'RegExp'],
  ...['Error', 'AggregateError', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError'],
  ...['Promise', 'Proxy', 'Reflect', 'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Intl', 'Atomics'],
  ...['ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array'],
  ...['Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'Iterator', 'Infinity', 'NaN'],
  // TypeScript's library types
  ...['Record', 'Partial', 'Required', 'Readonly', 'Pick', 'Omit', 'Exclude', 'Extract', 'NonNullable', 'Parameters'],
  ...['ConstructorParameters', 'ReturnType', 'InstanceType', 'Awaited', 'ThisType', 'Uppercase', 'Lowercase', 'Capitalize'],
  ...['Uncapitalize', 'NoInfer', 'PropertyKey', 'PropertyDescriptor', 'ArrayLike', 'PromiseLike', 'Iterable', 'IterableIterator'],
  ...['AsyncIterable', 'AsyncIterator', 'Generator', 'AsyncGenerator', 'TemplateStringsArray', 'ReadonlyArray', 'ReadonlyMap'],
  ...['ReadonlySet', 'CallableFunction', 'NewableFunction', 'IArguments', 'Disposable', 'AsyncDisposable'],
  // Node and web globals a handler may use
  ...['Buffer', 'URL', 'URLSearchParams', 'AbortController', 'AbortSignal', 'Event', 'EventTarget', 'TextEncoder', 'TextDecoder'],
  ...['Headers', 'Request', 'Response', 'FormData', 'Blob', 'File', 'Performance', 'Worker', 'WebAssembly', 'Crypto', 'Console'],
  ...['BroadcastChannel', 'MessageChannel', 'MessagePort', 'ReadableStream', 'WritableStream', 'TransformStream', 'Navigator'],
]);

/**
 * Type names the generated files import or declare beside a kind's type (the resource module,
 * handler stubs, their tests, the end-to-end test): a kind's type never takes one.
 */
const SCAFFOLD = ['KubernetesObject', 'ObjectMeta', 'JsonSchemaProps', 'ChangeArgs', 'Logger', 'ChildProcess', 'ControlPlane'];

/** Names that generated code imports or relies on, and the globals; a generated type never takes them. */
const TAKEN = new Set(['defineResource', ...SCAFFOLD, ...GLOBALS]);

/** The exported name of a kind: the kind itself, or `<Kind>Resource` when that is a global or scaffold name. */
export function kindName(kind: string): string {
  const name = safe(kind);
  return TAKEN.has(name) ? `${name}Resource` : name;
}

/**
 * The kind in ASCII. The apiserver checks a kind lowercased with Go's strings.ToLower, which maps
 * the Kelvin sign (U+212A) to `k` and the dotted capital I (U+0130) to `i`: the only non-ASCII
 * letters it lets through. They become K and I in names and file stems.
 */
export function asciiKind(kind: string): string {
  return kind.replace(/\u212a/g, 'K').replace(/\u0130/g, 'I');
}

/** `DemoSpecTemplate` from ('Demo', ['spec', 'template']). */
export function pathName(prefix: string, path: readonly string[]): string {
  return prefix + path.map(pascal).join('');
}

export function pascal(word: string): string {
  const parts = word.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return parts.map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');
}

/** Hands out unique type names in the order asked, so the same input always gets the same names. */
export class NameTable {
  private readonly used = new Set<string>(TAKEN);

  claim(requested: string): string {
    const wanted = safe(requested);
    let name = wanted;
    for (let i = 2; this.used.has(name); i++) name = `${wanted}${i}`;
    this.used.add(name);
    return name;
  }
}

/**
 * The identifier json-schema-to-typescript would make of a definition key (it capitalises a letter
 * after a digit: V1beta1 → V1Beta1); names are given in that form so references and declarations agree.
 */
export function safe(name: string): string {
  const cleaned = asciiKind(name).replace(/[^A-Za-z0-9_$]/g, '');
  return (cleaned.charAt(0).toUpperCase() + cleaned.slice(1)).replace(
    /([\d$]+)([a-z])/g,
    (_, digits: string, letter: string) => digits + letter.toUpperCase(),
  );
}

/**
 * The CEL evaluator (with protobuf's well-known types) and RE2 cost about 20 MiB resident, and an
 * operator only needs them once a schema's rule or pattern is checked: they are loaded then,
 * synchronously through their CommonJS builds, so compiling and validating stay synchronous.
 * Everything of theirs the runtime touches comes from here, so only one copy of each is loaded.
 */
import { createRequire } from 'node:module';

type Cel = typeof import('@bufbuild/cel');
type CelExt = typeof import('@bufbuild/cel/ext');
type Re2 = typeof import('@bufbuild/re2');
type Wkt = typeof import('@bufbuild/protobuf/wkt');
type Protobuf = typeof import('@bufbuild/protobuf');
type Reflection = typeof import('@bufbuild/protobuf/reflect');

const require = createRequire(import.meta.url);

/** `make()`'s value, computed on the first call and kept. */
export function lazy<T>(make: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = make();
      done = true;
    }
    return value;
  };
}

export const cel = lazy(() => require('@bufbuild/cel') as Cel);
export const celExt = lazy(() => require('@bufbuild/cel/ext') as CelExt);
export const re2Library = lazy(() => require('@bufbuild/re2') as Re2);
export const wellKnownTypes = lazy(() => require('@bufbuild/protobuf/wkt') as Wkt);
export const protobuf = lazy(() => require('@bufbuild/protobuf') as Protobuf);
export const reflection = lazy(() => require('@bufbuild/protobuf/reflect') as Reflection);

/**
 * SEAM(schema engine): `withDefaults` and `validate` are served by the schema engine in
 * ../schema/ (compileSchema(schema) → { withDefaults, prune, validate }), written separately.
 * Until it lands, this module only fixes the shape and reports that it is missing. When
 * src/schema/index.ts exists, replace `loadEngine` with a static
 * `import { compileSchema } from '../schema/index.js'` and drop the error.
 */
import type { JsonSchemaProps, SchemaIssue } from './types.js';

export interface CompiledSchema {
  withDefaults<V>(obj: V): V;
  prune<V>(obj: V): V;
  validate(obj: unknown): SchemaIssue[];
}

export type SchemaCompiler = (schema: JsonSchemaProps) => CompiledSchema;

let compiler: SchemaCompiler | undefined;

/** Lets the schema engine register itself (and lets tests plug one in). */
export function setSchemaCompiler(compile: SchemaCompiler): void {
  compiler = compile;
}

export function compileSchemaLazily(schema: JsonSchemaProps | undefined, kind: string): () => CompiledSchema {
  let compiled: CompiledSchema | undefined;
  return () => {
    if (compiled) return compiled;
    if (!schema) throw new Error(`${kind} has no schema: withDefaults() and validate() need defineResource({ schema }).`);
    if (!compiler) throw new Error('The schema engine (@gen-operator/runtime src/schema) is not available in this build.');
    compiled = compiler(schema);
    return compiled;
  };
}

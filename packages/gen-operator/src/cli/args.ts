import type { ArgumentsCamelCase, Argv, InferredOptionTypes } from 'yargs';

/** Options every command takes. */
export const globalOptions = {
  quiet: { alias: 'q', type: 'boolean', default: false, describe: 'print errors only' },
  json: { type: 'boolean', default: false, describe: 'print one JSON document (diagnostics, plan) on stdout' },
} as const;

export type GlobalArgs = InferredOptionTypes<typeof globalOptions>;

/** The parsed arguments of a command, as its yargs builder declares them (no hand-written twin to drift). */
export type CommandArgs<Builder extends (y: Argv<GlobalArgs>) => Argv<unknown>> = ArgumentsCamelCase<
  ReturnType<Builder> extends Argv<infer Args> ? Args : never
>;

/** The positional of the commands that read CRDs (generate, docs). */
export const crdPaths = {
  type: 'string',
  array: true,
  demandOption: true,
  describe: 'CRD files (YAML or JSON, multi-document) or folders of them',
} as const;

import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
// The only import of the validate stage in the CLI: `gen-operator validate` is a thin entry.
import { OUTPUT_FORMATS, runValidate } from '../../validate/index.js';

export interface ValidateArgs {
  paths: string[];
  crd?: string[];
  output?: string;
  strict: boolean;
  json: boolean;
}

// --crd takes one value per flag (`--crd a --crd b`, as kubectl takes -f): a greedy array would
// swallow the paths that follow it (`--crd crds/ doc.yaml`).
export function validateOptions<T>(y: Argv<T>) {
  return y
    .positional('paths', {
      type: 'string',
      array: true,
      demandOption: true,
      describe: 'custom resources (and their CRDs): files or folders',
    })
    .option('crd', {
      type: 'string',
      array: true,
      nargs: 1,
      requiresArg: true,
      describe: 'a CRD file or folder to validate against; repeat the flag for more',
    })
    .option('output', { choices: OUTPUT_FORMATS, describe: 'report format (default: human)' })
    .option('strict', { type: 'boolean', default: false, describe: 'warnings fail the run too' });
}

export function runValidateCommand(args: ValidateArgs): Promise<number> {
  const version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const output = args.output ?? (args.json ? 'json' : undefined);
  return runValidate({ paths: args.paths, crds: args.crd ?? [], strict: args.strict, version, ...(output ? { output } : {}) });
}

import yargs from 'yargs';
import { printable } from '../diagnostics.js';
import { UsageError } from '../generate.js';
import { TargetError } from '../write/index.js';
import { globalOptions } from './args.js';
import { docsOptions, runDocs } from './commands/docs.js';
import { devOptions, runDevCommand } from './commands/dev.js';
import { generateOptions, runGenerate } from './commands/generate.js';
import { runValidateCommand, validateOptions } from './commands/validate.js';
import { EXIT } from './exit.js';

/** Runs the CLI; returns the exit code instead of exiting, for tests and embedding. */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const cli = yargs(argv)
    .scriptName('gen-operator')
    .usage('$0 [generate] <paths..> [options]\n\nTurns CustomResourceDefinitions into a typed, tested, deployable operator project.')
    .options(globalOptions)
    .command(
      ['generate <paths..>', '$0 <paths..>'],
      'generate (or update) an operator project from CRDs',
      (y) => generateOptions(y),
      async (args) => {
        code = await runGenerate(args);
      },
    )
    .command(
      'validate <paths..>',
      'check custom resources (and CRDs) the way the apiserver would',
      (y) => validateOptions(y),
      async (args) => {
        code = await runValidateCommand(args);
      },
    )
    .command(
      'docs <paths..>',
      'write reference docs for CRDs: a Markdown page per kind and one searchable HTML page',
      (y) => docsOptions(y),
      async (args) => {
        code = await runDocs(args);
      },
    )
    .command(
      'dev',
      "run the project's operator from src/ on a local control plane, reloading on every change to src/ and crds/",
      (y) => devOptions(y),
      async (args) => {
        code = await runDevCommand(args);
      },
    )
    .example('$0 crds/demo.yaml', 'write ./demo-operator from the Demo CRD')
    .example('$0 crds/ --out my-operator', 'one project for every CRD in crds/')
    .example('$0 crds/demo.yaml --out demo-operator --dry-run', 'show what a re-run would create, update and keep')
    .example('$0 crds/demo.yaml --children v1/ConfigMap,apps/v1/Deployment', 'each Demo owns a ConfigMap and a Deployment')
    .example(
      '$0 crds/demo.yaml --webhooks validate,mutate',
      'deploy admission webhooks (Service, configurations, cert-manager Certificate)',
    )
    .example('$0 crds/demo.yaml --runtime version', 'depend on the published @gen-operator/runtime')
    .example('$0 crds --out . --check', "in a project's CI: fail when the generated files are stale against crds/")
    .example('$0 dev', 'in a project: a control plane, crds/ and examples/ installed, the operator reloaded on save')
    .example('$0 dev --kubeconfig ~/.kube/config', 'the same on an existing cluster')
    .example('$0 validate examples/ --crd crds/', 'check custom resources against their CRDs')
    .example('$0 validate --crd crds/ --crd vendor/ doc.yaml', 'one value per --crd: repeat the flag for more')
    .example('$0 docs crds/ --out docs/api', 'Markdown pages and docs/api/index.html for every CRD in crds/')
    .epilogue(
      'Exit codes: 0 done; 1 the input is invalid (every problem is listed as file:line:col, nothing is written), or with --check a generated file or page is stale; 2 usage error (unknown option, missing path, folder not writable or not a gen-operator project); 3 internal error.',
    )
    .strict()
    .demandCommand(1, 'give at least one CRD file or folder')
    .help()
    .alias('help', 'h')
    .version()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((message, error) => {
      // yargs reports some usage errors (a flag without its value) as a YError rather than a message.
      if (error && error.name !== 'YError') throw error;
      throw new UsageError(message ?? error.message);
    });
  try {
    await cli.parseAsync();
  } catch (error) {
    if (error instanceof UsageError || error instanceof TargetError) {
      process.stderr.write(`gen-operator: ${printable(error.message)}\nRun gen-operator --help for usage.\n`);
      return EXIT.usage;
    }
    process.stderr.write(
      `gen-operator: internal error: ${printable((error as Error)?.stack ?? String(error)).replaceAll('\\n', '\n')}\nThis is a bug in gen-operator; please report it with the command line you ran.\n`,
    );
    return EXIT.internal;
  }
  return code;
}

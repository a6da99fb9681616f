import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { UsageError } from '../../generate.js';
import type { CommandArgs, GlobalArgs } from '../args.js';
import type { ExitCode } from '../exit.js';
import { painter, printDiagnostics } from '../output.js';

export function devOptions<T>(y: Argv<T>) {
  return y
    .option('kubeconfig', {
      type: 'string',
      requiresArg: true,
      describe: 'use the cluster of this kubeconfig instead of starting a control plane (dev then stops nothing but the operator)',
    })
    .option('keep', {
      type: 'boolean',
      default: false,
      describe: "keep the control plane's data in .gen-operator/dev/ and start from it next time (objects stay)",
    })
    .option('debounce', { type: 'number', default: 100, describe: 'milliseconds without a further change before a reload' })
    .check((args) => {
      if (args.kubeconfig !== undefined && args.keep)
        throw new UsageError('--keep keeps a plane dev starts; with --kubeconfig dev starts none');
      if (!Number.isFinite(args.debounce) || args.debounce < 0 || args.debounce > 60_000)
        throw new UsageError(`--debounce ${args.debounce}: give milliseconds from 0 to 60000`);
      return true;
    });
}

export type DevArgs = CommandArgs<typeof devOptions<GlobalArgs>>;

/** Signals as promises: the first SIGINT/SIGTERM asks for a stop, a second one forces it. */
function stopSignals(): { stop: Promise<void>; force: Promise<void> } {
  let count = 0;
  let stop!: () => void;
  let force!: () => void;
  const stopped = new Promise<void>((r) => {
    stop = r;
  });
  const forced = new Promise<void>((r) => {
    force = r;
  });
  const onSignal = () => {
    count++;
    if (count === 1) {
      process.stdout.write('\n');
      stop();
    } else {
      force();
      // The watchdogs of the plane and the operator take what is left when this process ends.
      setImmediate(() => process.exit(130));
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { stop: stopped, force: forced };
}

/** Exit code: 0 stopped by Ctrl-C, 1 the cluster failed, 2 not a project dev can run. */
export async function runDevCommand(args: DevArgs): Promise<ExitCode> {
  // Loaded here, not above: the testing package (the plane, its certificates) would cost every
  // other command about 0.3 s of start-up.
  const { DevPrinter, DevProjectError, runDev } = await import('../../dev/index.js');
  const printer = new DevPrinter({
    out: process.stdout,
    paint: painter(process.stdout),
    diagnostics: (diagnostics) => printDiagnostics(diagnostics, process.stdout),
  });
  const signals = stopSignals();
  try {
    const code = await runDev(
      {
        project: resolve('.'),
        ...(args.kubeconfig !== undefined ? { kubeconfig: args.kubeconfig } : {}),
        keep: args.keep,
        debounceMs: args.debounce,
        stopRequested: signals.stop,
        forceRequested: signals.force,
      },
      printer,
    );
    return code === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof DevProjectError) throw new UsageError(error.message);
    throw error;
  }
}

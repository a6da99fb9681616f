import { type Diagnostic, formatDiagnostic, type Paint, printable, type Style } from '../diagnostics.js';
import type { Plan } from '../write/index.js';

const CODES: Record<Style, [number, number]> = { red: [31, 39], yellow: [33, 39], green: [32, 39], dim: [2, 22], bold: [1, 22] };

/** The one painter of the CLI: colour only on a terminal, and never when NO_COLOR is set. */
export function painter(stream: { isTTY?: boolean }): Paint {
  const on = stream.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  return (style, text) => (on ? `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m` : text);
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], stream: NodeJS.WriteStream): void {
  const paint = painter(stream);
  for (const d of diagnostics) stream.write(`${formatDiagnostic(d, paint)}\n`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const notes = diagnostics.length - errors - warnings;
  if (diagnostics.length)
    stream.write(
      `${[errors && paint('red', `${errors} error${errors === 1 ? '' : 's'}`), warnings && paint('yellow', `${warnings} warning${warnings === 1 ? '' : 's'}`), notes && paint('dim', `${notes} note${notes === 1 ? '' : 's'}`)].filter(Boolean).join(', ')}\n`,
    );
}

export function printPlan(plan: Plan, dryRun: boolean, stream: NodeJS.WriteStream): void {
  const paint = painter(stream);
  const colour = { create: 'green', update: 'yellow', keep: 'dim', remove: 'red' } as const;
  for (const f of plan.files) {
    stream.write(
      `${paint(colour[f.action], f.action.padEnd(6))} ${printable(f.path)}${f.note ? paint('dim', `  (${printable(f.note)})`) : ''}\n`,
    );
  }
  const count = (a: string) => plan.files.filter((f) => f.action === a).length;
  const removing = count('remove');
  const summary = `${count('create')} to create, ${count('update')} to update, ${removing ? `${removing} to remove, ` : ''}${count('keep')} kept`;
  stream.write(
    dryRun
      ? `dry run, nothing written: ${summary}\n`
      : `${paint('bold', printable(plan.out))}: ${summary.replace('to create', 'created').replace('to update', 'updated').replace('to remove', 'removed')}\n`,
  );
}

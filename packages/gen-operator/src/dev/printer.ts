import { type Diagnostic, type Paint, plain, printable } from '../diagnostics.js';

export interface PrinterOptions {
  out: { write(text: string): unknown };
  paint?: Paint;
  /** How the command prints diagnostics (the same as generate's). */
  diagnostics?: (diagnostics: readonly Diagnostic[]) => void;
}

/**
 * What `gen-operator dev` shows: its own steps as `dev │ …` lines, the operator's log lines as the
 * operator writes them (LOG_FORMAT=pretty), and the generator's diagnostics. Text from files, the
 * cluster or the operator goes through printable(): no control character reaches the terminal raw.
 */
export class DevPrinter {
  private readonly out: PrinterOptions['out'];
  private readonly paint: Paint;
  private readonly printDiagnostics: (diagnostics: readonly Diagnostic[]) => void;

  constructor(options: PrinterOptions) {
    this.out = options.out;
    this.paint = options.paint ?? plain;
    this.printDiagnostics = options.diagnostics ?? (() => {});
  }

  private line(text: string, style?: 'green' | 'yellow' | 'red' | 'bold'): void {
    const body = printable(text);
    this.out.write(`${this.paint('dim', 'dev │')} ${style ? this.paint(style, body) : body}\n`);
  }

  step(text: string): void {
    this.line(text);
  }

  done(text: string): void {
    this.line(text, 'green');
  }

  warn(text: string): void {
    this.line(text, 'yellow');
  }

  error(text: string): void {
    this.line(text, 'red');
  }

  /** A command for the user to copy, on a line of its own and unescaped but for what printable() changes. */
  command(text: string): void {
    this.out.write(`\n    ${this.paint('bold', printable(text))}\n\n`);
  }

  /** One line of the operator's output. */
  operator(text: string): void {
    this.out.write(`${printable(text)}\n`);
  }

  diagnostics(diagnostics: readonly Diagnostic[]): void {
    this.printDiagnostics(diagnostics);
  }
}

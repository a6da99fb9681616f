/**
 * A command in a real pseudo-terminal (util-linux `script`), as a person runs it: what it prints
 * is kept (colours stripped), keys are typed into the terminal, and Ctrl-C is the terminal's own
 * interrupt (the line discipline signals the foreground process group), not a kill() from outside.
 */
import { ProcessGroup } from '@gen-operator/testing';
import { eventually } from './commands.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences start with ESC.
const ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r/g;

export class Terminal {
  private output = '';
  private readonly group: ProcessGroup;

  constructor(command: string, options: { cwd: string; env: NodeJS.ProcessEnv; columns?: number }) {
    // -e: script exits with the command's code; -f: output is flushed as it comes; the log goes nowhere.
    // `exec`: the command replaces script's shell. A shell left waiting in the foreground group gets
    // the Ctrl-C too, and dash (Debian's /bin/sh) dies of it, so script would report 130 whatever the
    // command did; SHELL is fixed so that every machine runs the same shell.
    this.group = new ProcessGroup('script', ['-qfec', `exec ${command}`, '/dev/null'], {
      cwd: options.cwd,
      env: { ...options.env, SHELL: '/bin/sh', COLUMNS: String(options.columns ?? 160), TERM: 'xterm-256color' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    for (const stream of [this.group.child.stdout, this.group.child.stderr])
      stream?.on('data', (chunk: Buffer) => {
        this.output += chunk.toString().replace(ESCAPES, '');
      });
  }

  get text(): string {
    return this.output;
  }

  /** The exit code once the command (and `script`) ended. */
  get exited(): Promise<number | null> {
    return this.group.exited.then((exit) => exit.code);
  }

  /** Waits until the output, from `from` on, matches; returns the match and where it ends. */
  async waitFor(pattern: RegExp, timeoutMs = 120_000, from = 0): Promise<{ match: RegExpExecArray; end: number }> {
    return eventually(
      `${pattern} in the terminal`,
      () => {
        const rest = this.output.slice(from);
        const match = pattern.exec(rest);
        return match ? { match, end: from + match.index + match[0].length } : undefined;
      },
      timeoutMs,
      () =>
        `--- terminal${this.group.exit ? ` (exited: ${JSON.stringify(this.group.exit)})` : ''}, last 3000 characters\n${this.output.slice(-3000)}`,
    );
  }

  /** Ctrl-C typed into the terminal. */
  interrupt(): void {
    this.group.child.stdin?.write('\x03');
  }

  /** For an afterAll: ends what is left of the command's group. */
  async stop(): Promise<void> {
    await this.group.stop(5_000);
  }
}

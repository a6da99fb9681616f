/**
 * The one exit-code table of every command, as --help's epilogue and the README document it:
 * 0 done, 1 invalid input (or stale files with --check), 2 usage error, 3 internal error (a bug).
 */
export const EXIT = { ok: 0, invalid: 1, usage: 2, internal: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Structured logs (pino, JSON lines on stderr) behind the small Logger interface handlers see. */
import { pino, type Logger as Pino } from 'pino';
import type { Logger } from '../registry/types.js';
import { prettyDestination } from './log-format.js';

export function adaptPino(
  base: Pino,
): Logger & { child(bindings: Record<string, unknown>): Logger; enabled(level: string): boolean; pino: Pino } {
  const wrap = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: Record<string, unknown>) =>
    fields ? base[level](fields, message) : base[level](message);
  const enabled = (level: string) => base.isLevelEnabled(level);
  return {
    pino: base,
    enabled,
    debug: wrap('debug'),
    info: wrap('info'),
    warn: wrap('warn'),
    error: wrap('error'),
    child: (bindings) => adaptPino(base.child(bindings)),
  };
}

/**
 * (LOG_LEVEL and LOG_FORMAT reach `level` and `format` through the run options, environment.ts.)
 * JSON lines on standard error, or readable lines when `format` is 'pretty' (by default when
 * standard error is a terminal); any `{ write(line) }` destination gets JSON lines.
 */
export function rootLogger(level: string | undefined, destination?: { write(line: string): unknown }, format?: 'json' | 'pretty') {
  const pretty = !destination && (format ?? (process.stderr.isTTY ? 'pretty' : 'json')) === 'pretty';
  const target = destination ?? (pretty ? prettyDestination(process.stderr) : pino.destination({ fd: 2, sync: false }));
  return adaptPino(pino({ level: level ?? 'info', base: undefined }, target));
}

export type RootLogger = ReturnType<typeof rootLogger>;

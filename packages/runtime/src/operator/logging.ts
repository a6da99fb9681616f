/** Structured logs (pino, JSON lines on stderr) behind the small Logger interface handlers see. */
import { pino, type Logger as Pino } from 'pino';
import type { Logger } from '../registry/types.js';

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

export function rootLogger(level: string | undefined, destination?: { write(line: string): unknown }) {
  return adaptPino(
    pino({ level: level ?? process.env.LOG_LEVEL ?? 'info', base: undefined }, destination ?? pino.destination({ fd: 2, sync: false })),
  );
}

export type RootLogger = ReturnType<typeof rootLogger>;

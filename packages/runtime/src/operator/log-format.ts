/**
 * Log lines for a person at a terminal: `10:04:05.123 WARN  Demo default/web [create#2] message
 * key=value`. Written here rather than with pino-pretty because what reaches a terminal here comes
 * from the cluster and from handlers' errors (messages, names, values), and pino-pretty prints
 * messages raw: a control character in an apiserver message or an annotation would drive the
 * terminal. Every line goes through printable(), the escaping of the generator's diagnostics;
 * JSON lines stay the format for machines.
 */

import { printable } from '../text/printable.js';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
/** Fields shown in the line's prefix (or not at all), not again as key=value. */
const SHOWN = new Set(['level', 'time', 'msg', 'kind', 'namespace', 'name', 'uid', 'handler', 'attempt', 'pid', 'hostname']);

function value(v: unknown): string {
  if (typeof v === 'string') return /^[\w./:@-]+$/.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v) ?? String(v);
}

/** One JSON log line (pino's) as one readable line; a line that is not JSON is shown escaped. */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return `${printable(json.trimEnd())}\n`;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 23) : '';
  const level = LEVELS[entry.level as number] ?? String(entry.level);
  const parts = [time, level];
  if (entry.kind !== undefined) {
    const object = entry.namespace ? `${entry.namespace}/${entry.name}` : String(entry.name ?? '');
    parts.push(`${entry.kind} ${object}`);
  }
  if (entry.handler !== undefined) parts.push(`[${entry.handler}${entry.attempt && entry.attempt !== 1 ? `#${entry.attempt}` : ''}]`);
  parts.push(String(entry.msg ?? ''));
  for (const [key, v] of Object.entries(entry)) if (!SHOWN.has(key)) parts.push(`${key}=${value(v)}`);
  return `${printable(parts.filter(Boolean).join(' '))}\n`;
}

/** A pino destination that writes readable lines to a stream (standard error). */
export function prettyDestination(stream: { write(text: string): unknown }): { write(line: string): void } {
  return { write: (line) => void stream.write(prettyLine(line)) };
}

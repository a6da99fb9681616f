/**
 * Log lines for a person at a terminal: `10:04:05.123 WARN  Demo default/web [create#2] message
 * key=value`. Written here rather than with pino-pretty because what reaches a terminal here comes
 * from the cluster and from handlers' errors (messages, names, values), and pino-pretty prints
 * messages raw: a control character in an apiserver message or an annotation would drive the
 * terminal. Every piece is escaped here; JSON lines stay the format for machines.
 */

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
/** Fields shown in the line's prefix (or not at all), not again as key=value. */
const SHOWN = new Set(['level', 'time', 'msg', 'kind', 'namespace', 'name', 'uid', 'handler', 'attempt', 'pid', 'hostname']);

/** C0 and C1 controls, DEL, and the bidi and line-separator characters that reorder or break a line. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what must not reach a terminal
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

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
    return `${terminalSafe(json.trimEnd())}\n`;
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
  return `${terminalSafe(parts.filter(Boolean).join(' '))}\n`;
}

/** A pino destination that writes readable lines to a stream (standard error). */
export function prettyDestination(stream: { write(text: string): unknown }): { write(line: string): void } {
  return { write: (line) => void stream.write(prettyLine(line)) };
}

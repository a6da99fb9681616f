/**
 * Characters that must not reach a terminal (or a report) raw from a document, a CRD, a file name,
 * an object or an error message: C0 and C1 controls and DEL (escape sequences: colours, cursor
 * moves, window titles, OSC 8 links), line and paragraph separators, bidirectional overrides (text
 * that reads differently than it is), lone surrogates and the non-characters U+FFFE/U+FFFF (not
 * allowed in XML). One escaping for every place text from outside is shown to people: the
 * generator's diagnostics and reports, Event notes, readable log lines.
 */
const BEYOND_C0 =
  '\\u007f-\\u009f\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069\\ufffe\\uffff]|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const UNSAFE = new RegExp(`[\\u0000-\\u001f${BEYOND_C0}`, 'g');
// JSON.stringify escapes C0 itself; the newlines it indents with are not in strings and stay.
const UNSAFE_IN_JSON = new RegExp(`[${BEYOND_C0}`, 'g');
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0');

/** The text with every unsafe character written as a visible escape (`\x1b`, `\n`, `\u202e`). */
export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => NAMED[c] ?? (c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

/** At most `max` characters: longer text is cut and ends with `…`. */
export function shortened(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** printable(), at most `max` characters: one bounded line of outside text for a person to read. */
export function printableLine(text: string, max: number): string {
  return shortened(printable(text), max);
}

/** JSON text with the unsafe characters JSON.stringify leaves raw (DEL, C1, separators, bidi) as \u escapes. */
export function jsonSafe(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${hex(c, 4)}`);
}

import { describe, expect, it } from 'vitest';
import { prettyLine } from './log-format.js';

const at = Date.UTC(2026, 11, 2, 10, 4, 5, 123);

describe('readable log lines', () => {
  it.each([
    [{ level: 30, time: at, msg: 'Operator started.' }, '10:04:05.123 INFO  Operator started.\n'],
    [
      {
        level: 40,
        time: at,
        kind: 'Demo',
        namespace: 'default',
        name: 'web',
        uid: 'u1',
        handler: 'create',
        attempt: 2,
        msg: 'Handler failed.',
        retries: 1,
      },
      '10:04:05.123 WARN  Demo default/web [create#2] Handler failed. retries=1\n',
    ],
    [{ level: 30, time: at, kind: 'Node', name: 'n1', handler: 'h', attempt: 1, msg: 'ok' }, '10:04:05.123 INFO  Node n1 [h] ok\n'],
    [{ level: 50, time: at, msg: 'failed', error: 'a b', fields: { x: 1 } }, '10:04:05.123 ERROR failed error="a b" fields={"x":1}\n'],
  ])('%j', (entry, line) => {
    expect(prettyLine(JSON.stringify(entry))).toBe(line);
  });

  it('escapes what would drive a terminal, wherever it comes from', () => {
    const hostile = '\u001b[2J\u001b]0;owned\u0007\r\u202eevil\u2028x';
    const line = prettyLine(JSON.stringify({ level: 50, time: at, msg: hostile, kind: 'Demo', name: hostile, error: hostile }));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for them
    expect(line.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
    expect(line).toContain('\\x1b[2J');
    expect(line.endsWith('\n')).toBe(true);
    expect(prettyLine('not json \u001b[31m')).toBe('not json \\x1b[31m\n');
  });
});

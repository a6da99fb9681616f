/** The harness's own checks of log lines and status, on hand-made lines. */
import { describe, expect, it } from 'vitest';
import {
  contains,
  failureCounts,
  type LogLine,
  messageCounts,
  missing,
  refusalProblem,
  successCounts,
  unexpectedErrors,
} from './expectations.js';

const lines: LogLine[] = [
  { level: 30, msg: 'Operator started.' },
  { level: 30, msg: "Handler 'a' succeeded." },
  { level: 40, msg: "Handler 'b' failed; retrying at 2026-01-01T00:00:00.000Z." },
  { level: 50, msg: "Handler 'b' failed permanently." },
  { level: 30, msg: "Handler 'a' succeeded." },
  { level: 30, msg: "Handler 'fieldFn/spec.field' succeeded." },
  { level: 50, msg: 'Processing failed; retrying in 1 s.' },
];

describe('example expectations', () => {
  it('count handler outcomes by id, field handler ids included', () => {
    expect(successCounts(lines)).toEqual({ a: 2, 'fieldFn/spec.field': 1 });
    expect(failureCounts(lines)).toEqual({ b: 1 });
    expect(messageCounts(lines, ['Operator started.', 'never'])).toEqual({ 'Operator started.': 1, never: 0 });
  });

  it('report error lines that are not announced', () => {
    expect(unexpectedErrors(lines, ["^Handler 'b' failed permanently\\.$"]).map((line) => line.msg)).toEqual([
      'Processing failed; retrying in 1 s.',
    ]);
  });

  it('match a status by subset, with arrays and nulls compared whole', () => {
    expect(contains({ a: { b: 1, c: 2 }, d: [1, 2] }, { a: { b: 1 }, d: [1, 2] })).toBe(true);
    expect(contains({ a: { b: 1 } }, { a: { b: 2 } })).toBe(false);
    expect(contains({ d: [1, 2, 3] }, { d: [1, 2] })).toBe(false);
    expect(contains(undefined, { a: 1 })).toBe(false);
    expect(contains({ a: null }, { a: null })).toBe(true);
  });

  it('say what is still missing', () => {
    expect(missing({ succeeded: ['a', 'c'], failed: ['b'], logged: ['Operator started.'], status: { x: 1 } }, lines, { x: 2 })).toEqual([
      "handler 'c' to succeed",
      'status to contain {"x":1}',
    ]);
    expect(missing({ succeeded: ['a'] }, lines, undefined)).toEqual([]);
    expect(missing({ probe: { seen: 1 } }, lines, undefined, { seen: 0 })).toEqual(['the liveness endpoint to answer {"seen":1}']);
    expect(missing({ probe: { seen: 1 } }, lines, undefined, { seen: 1, other: true })).toEqual([]);
    const events = [{ type: 'Normal', reason: 'Greeted', note: 'hi' }];
    expect(missing({ events: [{ type: 'Normal', reason: 'Greeted' }] }, lines, undefined, undefined, events)).toEqual([]);
    expect(missing({ events: [{ type: 'Warning', reason: 'Greeted' }] }, lines, undefined, undefined, events)).toEqual([
      'an Event about the object with {"type":"Warning","reason":"Greeted"}',
    ]);
  });

  it('judge a refusal by its code and message', () => {
    const expected = { patch: { spec: { field: 'wrong' } }, message: 'Change the field.' };
    expect(
      refusalProblem(expected, { status: 400, message: 'admission webhook "x" denied the request: Change the field.' }),
    ).toBeUndefined();
    expect(refusalProblem(expected, undefined)).toContain('was admitted');
    expect(refusalProblem(expected, { status: 500, message: 'Change the field.' })).toContain('expected 400');
    expect(refusalProblem({ ...expected, code: 555 }, { status: 555, message: 'Change the field.' })).toBeUndefined();
    expect(refusalProblem(expected, { status: 400, message: 'something else' })).toContain("saying 'Change the field.'");
  });
});

import { describe, expect, it } from 'vitest';
import { changeHandler } from '../../test/change-handler.js';
import { collectSubhandlers } from './subhandlers.js';

describe('collecting sub-handlers', () => {
  const parent = changeHandler('fieldFn/spec.items', 'field', { field: 'spec.items' });

  it('gives each the id parent/child, the parent kind and field, and its own options', () => {
    const { register, children } = collectSubhandlers(parent);
    const fn = () => undefined;
    register('a', fn, { retries: 2 });
    register('b', fn);
    expect(children.map((c) => [c.id, c.kind, c.field, c.options])).toEqual([
      ['fieldFn/spec.items/a', 'field', ['spec', 'items'], { retries: 2 }],
      ['fieldFn/spec.items/b', 'field', ['spec', 'items'], {}],
    ]);
  });

  it.each([
    ['an empty id', (register: ReturnType<typeof collectSubhandlers>['register']) => register('', () => undefined), /needs a non-empty id/],
    [
      'an id used twice',
      (register: ReturnType<typeof collectSubhandlers>['register']) => {
        register('__proto__', () => undefined);
        register('__proto__', () => undefined);
      },
      /sub-handler id '__proto__' is registered twice; give each one its own id/,
    ],
    [
      'no function',
      (register: ReturnType<typeof collectSubhandlers>['register']) => register('x', 'nope' as never),
      /subhandler\('x'\) needs a function/,
    ],
  ])('refuses %s, naming the parent', (_case, misuse, message) => {
    const { register } = collectSubhandlers(parent);
    expect(() => misuse(register)).toThrow(message);
    expect(() => misuse(register)).toThrow(/Handler 'fieldFn\/spec.items'/);
  });
});

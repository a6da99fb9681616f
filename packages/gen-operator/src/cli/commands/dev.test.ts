import { describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { UsageError } from '../../generate.js';
import { devOptions } from './dev.js';

/** Parses `argv` with dev's options as the CLI does (usage errors thrown, not printed). */
function parse(argv: string[]) {
  return devOptions(yargs(argv))
    .strict()
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    })
    .parseSync();
}

describe('gen-operator dev arguments', () => {
  it('defaults: a plane of its own, thrown away at the end, 100 ms of quiet before a reload', () => {
    const args = parse([]);
    expect(args.keep).toBe(false);
    expect(args.kubeconfig).toBeUndefined();
    expect(args.debounce).toBe(100);
  });

  it('takes --keep, --kubeconfig and --debounce', () => {
    expect(parse(['--keep']).keep).toBe(true);
    expect(parse(['--kubeconfig', '/home/me/.kube/config']).kubeconfig).toBe('/home/me/.kube/config');
    expect(parse(['--debounce', '250']).debounce).toBe(250);
  });

  it('refuses --keep with --kubeconfig: dev starts no plane whose data it could keep', () => {
    expect(() => parse(['--keep', '--kubeconfig', 'k'])).toThrow(/--keep keeps a plane dev starts/);
  });

  it.each([['-1'], ['1e9'], ['soon']])('refuses --debounce %s', (value) => {
    expect(() => parse(['--debounce', value])).toThrow(/--debounce/);
  });

  it('refuses --kubeconfig without a path', () => {
    expect(() => parse(['--kubeconfig'])).toThrow();
  });
});

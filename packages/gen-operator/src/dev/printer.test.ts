import { describe, expect, it } from 'vitest';
import { DevPrinter } from './printer.js';

function printer() {
  let text = '';
  const out = new DevPrinter({ out: { write: (chunk: string) => (text += chunk) } });
  return { out, text: () => text };
}

describe('DevPrinter', () => {
  it("marks dev's own lines and passes the operator's lines as they are", () => {
    const { out, text } = printer();
    out.step('operator started (pid 42)');
    out.operator('12:00:00.000 INFO  Demo default/a [createDemo] created');
    expect(text()).toBe('dev │ operator started (pid 42)\n12:00:00.000 INFO  Demo default/a [createDemo] created\n');
  });

  it('never lets a control character from a file name, the cluster or the operator reach the terminal raw', () => {
    const { out, text } = printer();
    out.error('examples/\u001b]0;owned\u0007.yaml:1:1: refused');
    out.operator('console.log from a handler: \u001b[2J\u202eevil');
    out.command('export KUBECONFIG=/tmp/x\u001b[31m/admin.kubeconfig');
    const raw = [...text()].filter((c) => (c < ' ' && c !== '\n') || c === '\u202e');
    expect(raw).toEqual([]);
    expect(text()).toContain('\\x1b]0;owned\\x07.yaml');
    expect(text()).toContain('\\x1b[2J\\u202eevil');
  });
});

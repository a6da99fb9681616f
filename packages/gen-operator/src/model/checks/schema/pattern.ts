import { re2Search } from '@gen-operator/runtime';
import type { SchemaRule } from './rule.js';

/** The apiserver compiles `pattern` with Go's regexp (RE2 syntax) and refuses the CRD when it does not compile. */
export const pattern: SchemaRule = (report, node, path) => {
  if (typeof node.pattern !== 'string') return;
  const compiled = re2Search(node.pattern, '');
  if (compiled instanceof Error)
    report.error(
      'pattern',
      [...path, 'pattern'],
      `pattern ${JSON.stringify(node.pattern)} must be a valid regular expression, but isn't: ${compiled.message}`,
      'write it in RE2 syntax (no lookaround or backreferences); in YAML, single-quote the pattern so backslashes stay as written',
    );
};

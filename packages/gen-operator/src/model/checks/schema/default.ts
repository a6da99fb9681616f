import { checkDefault } from '../defaults.js';
import type { SchemaRule } from './rule.js';

/** A default must be valid against its own schema; the root metadata has none. */
export const defaults: SchemaRule = (report, node, path, ctx) => {
  if (node.default === undefined) return;
  if (ctx.rootMetadata) report.error('default-metadata', [...path, 'default'], 'metadata cannot have a default', 'remove it');
  else checkDefault(report, node, [...path, 'default'], ctx);
};

import { isObject } from '../../report.js';
import { closest } from '../../suggest.js';
import type { SchemaRule } from './rule.js';

/** A required name that is not a property is never satisfiable by a typed client (unless unknown fields are kept). */
export const required: SchemaRule = (report, node, path) => {
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (Array.isArray(node.required) && isObject(node.properties)) {
    node.required.forEach((name, i) => {
      if (typeof name === 'string' && !Object.hasOwn(node.properties as object, name) && !preserve) {
        const near = closest(name, Object.keys(node.properties as object));
        report.warning(
          'required-unknown',
          [...path, 'required', i],
          `"${name}" is required but not among the properties`,
          near ? `did you mean "${near}"?` : `add ${name} under properties, or remove it from required`,
        );
      }
    });
  }
};

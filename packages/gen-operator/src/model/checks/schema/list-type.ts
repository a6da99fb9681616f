import { isObject } from '../../report.js';
import type { SchemaRule } from './rule.js';

/** x-kubernetes-list-type on arrays only; map lists name required (or defaulted) keys of object items, sets hold scalars. */
export const listType: SchemaRule = (report, node, path) => {
  const type = node.type;
  const listType = node['x-kubernetes-list-type'];
  if (listType !== undefined) {
    if (type !== 'array')
      report.error(
        'list-type',
        [...path, 'x-kubernetes-list-type'],
        'x-kubernetes-list-type is only allowed on arrays',
        'remove it, or set type: array',
      );
    else if (!['atomic', 'set', 'map'].includes(String(listType)))
      report.error(
        'list-type',
        [...path, 'x-kubernetes-list-type'],
        `x-kubernetes-list-type "${String(listType)}" is not atomic, set or map`,
        'use one of those',
      );
    else if (listType === 'map') {
      const keys = node['x-kubernetes-list-map-keys'];
      const items = isObject(node.items) ? node.items : {};
      if (!Array.isArray(keys) || keys.length === 0) {
        report.error(
          'list-map-keys',
          [...path, 'x-kubernetes-list-type'],
          'x-kubernetes-list-type: map needs x-kubernetes-list-map-keys',
          'add x-kubernetes-list-map-keys: [name] naming the fields that identify an item',
        );
      } else if (items.type !== 'object') {
        report.error('list-type', [...path, 'items'], 'x-kubernetes-list-type: map needs items of type object', 'set items.type: object');
      } else {
        const props = isObject(items.properties) ? items.properties : {};
        const required = Array.isArray(items.required) ? items.required : [];
        keys.forEach((key, i) => {
          const prop = Object.hasOwn(props, String(key)) ? props[String(key)] : undefined;
          if (!isObject(prop))
            report.error(
              'list-map-keys',
              [...path, 'x-kubernetes-list-map-keys', i],
              `list map key "${String(key)}" is not a property of the items`,
              'declare it under items.properties, or pick another key',
            );
          else if (!required.includes(key) && prop.default === undefined) {
            report.error(
              'list-map-keys',
              [...path, 'x-kubernetes-list-map-keys', i],
              `list map key "${String(key)}" must be required or have a default`,
              `add "${String(key)}" to items.required, or give it a default`,
            );
          }
        });
      }
    } else if (listType === 'set' && isObject(node.items) && (node.items.type === 'object' || node.items.type === 'array')) {
      report.error(
        'list-type',
        [...path, 'x-kubernetes-list-type'],
        'x-kubernetes-list-type: set needs scalar items',
        'use x-kubernetes-list-type: map with x-kubernetes-list-map-keys for objects, or atomic',
      );
    }
  } else if (node['x-kubernetes-list-map-keys'] !== undefined) {
    report.error(
      'list-map-keys',
      [...path, 'x-kubernetes-list-map-keys'],
      'x-kubernetes-list-map-keys needs x-kubernetes-list-type: map',
      'add x-kubernetes-list-type: map',
    );
  }
};

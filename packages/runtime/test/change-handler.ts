/** A change handler as the registry would record it, for unit tests of selection and planning. */
import type { ChangeHandler } from '../src/registry/registry.js';

export const changeHandler = (id: string, kind: ChangeHandler['kind'], options: ChangeHandler['options'] = {}): ChangeHandler => ({
  id,
  kind,
  fn: () => undefined,
  options,
  field: options.field?.split('.'),
});

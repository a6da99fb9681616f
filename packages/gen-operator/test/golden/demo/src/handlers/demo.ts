import { type ChangeArgs, on } from '@gen-operator/runtime';
import { {Type} } from '../resources/demo.js';

/** A new Demo appeared. The returned value is stored at status.createDemo. */
export async function {createName}({ name, namespace, spec, logger }: ChangeArgs<{Type}>) {
  logger.info(`Demo ${name} created`, { namespace, spec });
  return { message: `created ${name}` };
}

/** A Demo changed; `diff` lists what changed as [op, path, old, new]. */
export async function {updateName}({ name, diff, logger }: ChangeArgs<{Type}>) {
  logger.info(`Demo ${name} updated`, { diff });
}

/** A Demo is being deleted; it stays until this handler succeeds (it holds a finalizer). */
export async function {deleteName}({ name, logger }: ChangeArgs<{Type}>) {
  logger.info(`Demo ${name} deleted`);
}

on.create(Demo, createDemo, { retries: 5, timeout: 60 });
on.update(Demo, updateDemo);
on.delete(Demo, deleteDemo);

import { describe, expect, it } from 'vitest';
import { {createName}, {deleteName}, {updateName} } from '../src/handlers/demo.js';
import { {Type} } from '../src/resources/demo.js';
import { changeArgs } from './args.js';

// The same object as examples/demo.yaml.
const example: Demo = {example};

describe('Demo handlers', () => {
  it('the example is valid against the CRD schema', () => {
    expect(Demo.validate(example).issues).toEqual([]);
  });

  it('create returns a message for status', async () => {
    await expect(createDemo(changeArgs(example))).resolves.toEqual({ message: `created ${example.metadata?.name}` });
  });

  it('update and delete complete', async () => {
    await expect(updateDemo(changeArgs(example, { reason: 'update' }))).resolves.toBeUndefined();
    await expect(deleteDemo(changeArgs(example, { reason: 'delete' }))).resolves.toBeUndefined();
  });
});

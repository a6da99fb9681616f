// One `gen-operator validate` run in its own process (so its time and peak RSS are its own).
// Usage: node bench/validate/ours.mjs <crd folder> <documents folder>
import { runValidate } from '../../packages/gen-operator/dist/cli/commands/validate.js';

const [crds, docs] = process.argv.slice(2);
let bytes = 0;
const code = await runValidate({ paths: [docs], crds: [crds], output: 'json', stdout: { write: (t) => (bytes += t.length) } });
process.stderr.write(`exit ${code}, ${bytes} bytes of report\n`);

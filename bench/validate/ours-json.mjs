// `gen-operator validate --output json` on a folder, report on stdout (for the verdict comparison).
// Usage: node bench/validate/ours-json.mjs <crd folder> <documents folder>
import { runValidate } from '../../packages/gen-operator/dist/cli/commands/validate.js';

const [crds, docs] = process.argv.slice(2);
await runValidate({ paths: [docs], crds: [crds], output: 'json' });

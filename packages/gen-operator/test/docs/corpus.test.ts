import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDocs } from '../../src/docs.js';
import type { PageData } from '../../src/emit/docs/index.js';
import { repoDir } from '../helpers.js';

// Every CRD of the corpus (85, argo's 2.8 MB Workflow the largest) gets its pages, in one run.
const SLOW = 180_000;
let pages: Map<string, string>;

beforeAll(async () => {
  const result = await generateDocs({ paths: [join(repoDir, 'test/corpus/crds')], out: 'docs/api', dryRun: true, cwd: repoDir });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  pages = new Map(result.plan!.files.map((f) => [f.path, f.content!]));
}, SLOW);

const rowOf = (page: string, path: string) =>
  pages
    .get(page)!
    .split('\n')
    .find((line) => line.startsWith(`| \`${path}\` |`));

describe('docs for the whole corpus', { timeout: SLOW }, () => {
  it('writes a page per kind, an index and one HTML page', () => {
    expect(pages.size).toBe(85 + 2);
    expect([...pages.keys()].filter((p) => p.endsWith('.md')).length).toBe(86);
    expect(pages.get('index.md')).toContain('85 kinds in 23 groups');
    expect(pages.get('index.md')).toContain('| [HTTPRoute](gateway.networking.k8s.io/httproute.md) | `v1`, `v1beta1` | Namespaced |');
  });

  it('gives a field its type, requiredness, description and limits', () => {
    expect(rowOf('gateway.networking.k8s.io/httproute.md', 'spec.parentRefs[].name')).toBe(
      '| `spec.parentRefs[].name` | `string` | required | Name is the name of the referent.<br><br>Support: Core<br>**length**: ≥ 1 and ≤ 253 |',
    );
    expect(rowOf('cert-manager.io/certificate.md', 'spec.secretName')).toMatch(
      /^\| `spec\.secretName` \| `string` \| required \| Name of the Secret resource/,
    );
  });

  it('shows defaults, list types and CEL rules with their messages', () => {
    const rules = rowOf('gateway.networking.k8s.io/httproute.md', 'spec.rules')!;
    expect(rules).toContain('**default**: `[{"matches":[{"path":{"type":"PathPrefix","value":"/"}}]}]`');
    expect(rules).toContain('**list type**: `atomic`');
    expect(rules).toMatch(/\*\*rule\*\*: `[^`]+` — While 16 rules and 64 matches per rule are allowed/);
  });

  it('sets versions side by side where they differ', () => {
    const cluster = pages.get('cluster.x-k8s.io/cluster.md')!;
    expect(cluster).toContain('| field | `v1beta2` | `v1beta1` |');
    expect(cluster).toContain('| `spec` | object, required | object |');
    expect(cluster.indexOf('## v1beta2')).toBeLessThan(cluster.indexOf('## v1beta1'));
  });

  it('puts every kind into the HTML page', () => {
    const html = pages.get('index.html')!;
    const data = JSON.parse(/<script type="application\/json" id="docs-data">([^<]*)<\/script>/.exec(html)![1]!) as PageData;
    expect(data.kinds.length).toBe(85);
    const workflow = data.kinds.find((k) => k.kind === 'Workflow')!;
    expect(workflow.versions[0]!.fields.length).toBeGreaterThan(9000);
    expect(html.length).toBeLessThan(8 * 1024 * 1024);
  });
});

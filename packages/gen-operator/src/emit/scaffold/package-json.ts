import type { ProjectFile } from '../../project-file.js';

export interface Dependencies {
  /** `file:…` or a version range for @gen-operator/runtime. */
  runtime: string;
  testing: string;
  cli: string;
}

/** `package.json`: created once; scripts build, test, start, validate, generate, docs and dev. */
export function packageJsonFile(name: string, deps: Dependencies, options: { yaml?: boolean } = {}): ProjectFile {
  const pkg = {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    engines: { node: '>=20.19' },
    scripts: {
      build: 'tsc -p .',
      start: 'node dist/main.js',
      test: 'npm run build && vitest run',
      validate: 'gen-operator validate crds examples',
      generate: 'gen-operator crds --out .',
      docs: 'gen-operator docs crds --out docs/api',
      dev: 'gen-operator dev',
    },
    dependencies: {
      '@gen-operator/runtime': deps.runtime,
      '@kubernetes/client-node': '^1.4.0',
    },
    devDependencies: {
      '@gen-operator/testing': deps.testing,
      '@types/node': '^20.19.0',
      'gen-operator': deps.cli,
      typescript: '~6.0.3',
      vitest: '~4.1.12',
      // The conversion tests read examples/.
      ...(options.yaml ? { yaml: '^2.9.1' } : {}),
    },
  };
  // A kept package.json is never rewritten: the plan says what a new conversion test needs.
  const expects = options.yaml
    ? [{ text: '"yaml"', present: true, note: 'add "yaml" to devDependencies: test/*.conversion.test.ts reads examples/ with it' }]
    : [];
  return { path: 'package.json', content: `${JSON.stringify(pkg, null, 2)}\n`, owner: 'user', ...(expects.length ? { expects } : {}) };
}

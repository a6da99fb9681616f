import type { ProjectFile } from '../../project-file.js';

export interface Dependencies {
  /** `file:…` or a version range for @gen-operator/runtime. */
  runtime: string;
  testing: string;
  cli: string;
}

/** `package.json`: created once; scripts build, test, start, validate, generate and dev. */
export function packageJsonFile(name: string, deps: Dependencies): ProjectFile {
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
    },
  };
  return { path: 'package.json', content: `${JSON.stringify(pkg, null, 2)}\n`, owner: 'user' };
}

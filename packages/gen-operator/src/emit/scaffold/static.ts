import type { ProjectFile } from '../../project-file.js';
import { render, type TemplateValue } from '../templates.js';

/** Files with no per-kind content: created once, the user's afterwards. Template path → project path. */
const STATIC: Record<string, string> = {
  Dockerfile: 'Dockerfile',
  dockerignore: '.dockerignore',
  gitignore: '.gitignore',
  'tsconfig.json': 'tsconfig.json',
  'vitest.config.ts': 'vitest.config.ts',
  'github/workflows/ci.yaml': '.github/workflows/ci.yaml',
  'deploy/deployment.yaml': 'deploy/deployment.yaml',
  'deploy/kustomization.yaml': 'deploy/kustomization.yaml',
  'deploy/namespace.yaml': 'deploy/namespace.yaml',
  'README.md': 'README.md',
};

export function staticFiles(values: Readonly<Record<string, TemplateValue>>): ProjectFile[] {
  return Object.entries(STATIC).map(([template, path]) => ({ path, content: render(template, values), owner: 'user' as const }));
}

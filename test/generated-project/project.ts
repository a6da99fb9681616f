/** A generated operator project in a temp folder: generate, install, build, test — as a new user would. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { genOperatorCli, runOk } from '../support/commands.js';

export interface GeneratedProject {
  root: string;
  dir: string;
  remove(): void;
}

export function generateProject(crds: string[], folder: string, extraArgs: string[] = []): GeneratedProject {
  const root = mkdtempSync(join(tmpdir(), 'gen-operator-project-'));
  const dir = join(root, folder);
  runOk(process.execPath, [genOperatorCli, ...crds, '--out', dir, '--quiet', ...extraArgs]);
  return { root, dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export function regenerate(project: GeneratedProject, crds: string[]): string {
  return runOk(process.execPath, [genOperatorCli, ...crds, '--out', project.dir]).stdout;
}

/** npm install in the project. The runtime and testing packages come from this checkout (file: references). */
export function npmInstall(project: GeneratedProject): void {
  runOk('npm', ['install', '--no-audit', '--no-fund'], { cwd: project.dir, timeoutMs: 600_000 });
}

/** The project's npm scripts, with this process's environment (the control-plane cache included). */
export function npmRun(project: GeneratedProject, script: string) {
  return runOk('npm', script === 'test' ? ['test'] : ['run', script], { cwd: project.dir, timeoutMs: 600_000 });
}

/** A generated operator project in a temp folder: generate, install, build, test — as a new user would. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ControlPlane, createIdentity, type Identity, startControlPlane, stopProcesses } from '@gen-operator/testing';
import { afterAll, beforeAll, expect } from 'vitest';
import { parse } from 'yaml';
import { genOperatorCli, kubectl, RunningProcess, runOk } from '../support/commands.js';

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

/** Applies the project's CRDs and deploy/ (after a server-side dry run) and returns a token for its ServiceAccount. */
export async function deployProject(plane: ControlPlane, project: GeneratedProject): Promise<{ identity: Identity; dryRun: string }> {
  const admin = plane.kubeconfigPath;
  const crds = kubectl(admin, ['apply', '--server-side', '-f', join(project.dir, 'crds')]);
  if (crds.status !== 0) throw new Error(`applying crds/ failed: ${crds.stderr}`);
  // Just after the apply a CRD may have no conditions yet, and kubectl wait then fails at once
  // ("status.conditions accessor error"): ask again until every CRD is Established.
  await expect
    .poll(() => kubectl(admin, ['wait', '--for=condition=Established', 'crd', '--all', '--timeout=10s']).status, {
      timeout: 60_000,
      interval: 500,
    })
    .toBe(0);
  // A dry run cannot create the namespace the other objects go into, so that one is applied first.
  const namespace = kubectl(admin, ['apply', '-f', join(project.dir, 'deploy', 'namespace.yaml')]);
  if (namespace.status !== 0) throw new Error(`applying deploy/namespace.yaml failed: ${namespace.stderr}`);
  const dryRun = kubectl(admin, ['apply', '--dry-run=server', '-k', join(project.dir, 'deploy')]);
  if (dryRun.status !== 0) throw new Error(`server-side dry run of deploy/ failed: ${dryRun.stderr}`);
  const apply = kubectl(admin, ['apply', '-k', join(project.dir, 'deploy')]);
  if (apply.status !== 0) throw new Error(`applying deploy/ failed: ${apply.stderr}`);
  const deployment = parse(readFileSync(join(project.dir, 'deploy', 'deployment.yaml'), 'utf8'));
  const kustomization = parse(readFileSync(join(project.dir, 'deploy', 'kustomization.yaml'), 'utf8'));
  // The ServiceAccount exists now, with only the rights deploy/ gave it; this mints a token for it.
  const identity = await createIdentity(plane, {
    name: deployment.spec.template.spec.serviceAccountName,
    namespace: kustomization.namespace,
  });
  return { identity, dryRun: dryRun.stdout };
}

/** `npm start` in the project, as its ServiceAccount; stopping it stops the node that npm runs too (its process group). */
export function startOperator(project: GeneratedProject, identity: Identity): RunningProcess {
  return new RunningProcess('npm', ['start'], {
    cwd: project.dir,
    env: {
      ...process.env,
      KUBECONFIG: identity.kubeconfigPath,
      GEN_OPERATOR_PORT: '0',
      GEN_OPERATOR_WEBHOOK_PORT: '0',
      GEN_OPERATOR_WEBHOOK_REGISTER: 'false',
    },
  });
}

/** What a test file walks with: the project, a control plane, and the operator once started. */
export interface ProjectContext {
  project: GeneratedProject;
  plane: ControlPlane;
  operator?: RunningProcess;
}

/** Generates and installs the project and starts a plane before the file's tests; cleans up after. */
export function useGeneratedProject(crds: string[], folder: string, extraArgs: string[] = []): ProjectContext {
  const context = {} as ProjectContext;
  beforeAll(async () => {
    context.project = generateProject(crds, folder, extraArgs);
    [context.plane] = await Promise.all([startControlPlane(), Promise.resolve(npmInstall(context.project))]);
  });
  afterAll(async () => {
    // The operator (and anything else the file started) before its control plane and folder go.
    await stopProcesses();
    await context.plane?.stop();
    context.project?.remove();
  });
  return context;
}

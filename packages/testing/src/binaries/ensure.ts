import { mkdirSync, rmdirSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Binaries, binariesFromEnvironment, binariesInCache, versionedCacheDir } from './binaries.js';
import { buildBinaries } from './build.js';

export interface EnsureBinariesOptions {
  env?: NodeJS.ProcessEnv;
  /** Where build progress goes; stderr by default. */
  log?: (line: string) => void;
  /** Build when nothing is found (default true). */
  build?: boolean;
}

const LOCK_STALE_MS = 30 * 60_000;

/** One builder at a time per cache folder: parallel test workers wait for the first one's build. */
async function withBuildLock<T>(dir: string, log: (line: string) => void, work: () => Promise<T>): Promise<T> {
  const lock = `${dir}.lock`;
  mkdirSync(dir.slice(0, dir.lastIndexOf('/')), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (statSafe(lock) ?? Date.now());
      if (age > LOCK_STALE_MS) {
        rmdirSync(lock);
        continue;
      }
      if (!announced) log(`[control-plane] another process is building into ${dir}; waiting for it`);
      announced = true;
      await sleep(2000);
    }
  }
  try {
    return await work();
  } finally {
    rmdirSync(lock);
  }
}

function statSafe(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * The binaries to run, building them once if needed. Order: TEST_ASSET_* / KUBEBUILDER_ASSETS,
 * then the per-version cache, then a build from Go modules.
 */
export async function ensureBinaries(options: EnsureBinariesOptions = {}): Promise<Binaries> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const fromEnvironment = binariesFromEnvironment(env);
  if (fromEnvironment) return fromEnvironment;
  const dir = versionedCacheDir(env);
  const cached = binariesInCache(dir);
  if (cached) return cached;
  if (options.build === false) {
    throw new Error(`The control plane binaries are not in ${dir}. Run \`npx gen-operator-testing install\` to build them.`);
  }
  return withBuildLock(dir, log, async () => {
    const builtMeanwhile = binariesInCache(dir);
    if (builtMeanwhile) return builtMeanwhile;
    await buildBinaries(dir, env, log);
    const built = binariesInCache(dir);
    if (!built) throw new Error(`The build finished but ${dir}/bin is incomplete.`);
    return { ...built, source: 'build' };
  });
}

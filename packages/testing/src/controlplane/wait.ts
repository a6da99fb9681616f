import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `probe` until it returns true; `check` runs each round and throws to stop early (a process died). */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; check?: () => void },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    options.check?.();
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${what}${reason}.`);
    }
    await sleep(options.intervalMs ?? 100);
  }
}

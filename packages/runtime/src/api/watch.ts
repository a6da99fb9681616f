/**
 * A raw WATCH request: newline-delimited JSON events handed to `onEvent` as they arrive. Resolves
 * when the server ends the stream; rejects on a non-200 answer (ApiError), a broken connection, or
 * `inactivityMs` without a byte (a silently dead stream behind a load balancer).
 */
import type { ApiClient } from './client.js';
import { ApiError } from './errors.js';
import { openRequest } from './http.js';

export interface RawWatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: Record<string, unknown>;
}

export class WatchInactiveError extends Error {
  constructor(ms: number) {
    super(`no watch traffic for ${Math.round(ms / 1000)} s`);
    this.name = 'WatchInactiveError';
  }
}

export async function watch(
  client: ApiClient,
  path: string,
  onEvent: (event: RawWatchEvent) => void,
  options: { inactivityMs: number; signal?: AbortSignal },
): Promise<void> {
  try {
    await watchOnce(client, path, onEvent, options);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      await client.relogin();
      return watchOnce(client, path, onEvent, options);
    }
    throw error;
  }
}

function watchOnce(
  client: ApiClient,
  path: string,
  onEvent: (event: RawWatchEvent) => void,
  options: { inactivityMs: number; signal?: AbortSignal },
): Promise<void> {
  client.stats.requests++;
  return new Promise((resolve, reject) => {
    const req = openRequest(client.connection, { method: 'GET', path, ...(options.signal ? { signal: options.signal } : {}) }, undefined);
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => req.destroy(new WatchInactiveError(options.inactivityMs)), options.inactivityMs);
    };
    const done = (error?: unknown) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    arm();
    req.on('error', done);
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // Plain text error.
          }
          done(new ApiError(res.statusCode ?? 0, 'GET', path, body));
        });
        return;
      }
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        arm();
        buffer += chunk;
        let newline = buffer.indexOf('\n');
        while (newline >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          if (line.trim()) {
            try {
              onEvent(JSON.parse(line) as RawWatchEvent);
            } catch (error) {
              req.destroy(error as Error);
              return;
            }
          }
          newline = buffer.indexOf('\n');
        }
      });
      res.on('error', done);
      res.on('end', () => done());
      res.on('aborted', () => done(new Error('watch stream aborted')));
    });
    req.end();
  });
}

import { createServer } from 'node:net';

function listenOn(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A free loopback port: the preferred one if it is free, otherwise any. There is a window between
 * this check and the process binding it; the control plane retries the start when it loses that race.
 */
export async function freePort(preferred?: number): Promise<number> {
  if (preferred) {
    const port = await listenOn(preferred);
    if (port) return port;
  }
  const port = await listenOn(0);
  if (!port) throw new Error('No free port on 127.0.0.1.');
  return port;
}

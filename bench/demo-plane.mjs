// What benches on the Demo resource share: N Demo objects in a fresh namespace, and a child
// process's peak RSS and CPU time from /proc.
import { readFileSync } from 'node:fs';

/** Creates the namespace and N Demo objects (32 requests at a time); returns the list's resourceVersion. */
export async function createDemoObjects(plane, namespace, n) {
  await plane.request('POST', '/api/v1/namespaces', { metadata: { name: namespace } });
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < n) {
        const i = next++;
        await plane.request('POST', `/apis/devoops.io/v1/namespaces/${namespace}/demo`, {
          apiVersion: 'devoops.io/v1',
          kind: 'Demo',
          metadata: { name: `demo-${i}` },
          spec: { name: `demo-${i}` },
        });
      }
    }),
  );
  const list = await plane.request('GET', `/apis/devoops.io/v1/namespaces/${namespace}/demo?limit=1`);
  return list.metadata.resourceVersion;
}

/** A field of /proc/<pid>/status in MiB (VmHWM: peak RSS). */
export function procStatus(pid, key) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${key}:`));
  return Number(line.split(/\s+/)[1]) / 1024;
}

/** User plus system CPU seconds of a process. */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

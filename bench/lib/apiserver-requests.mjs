// Requests the apiserver counted (apiserver_request_total), for the given resources: all, and writes.
const WRITE = /verb="(PATCH|PUT|POST|DELETE|UPDATE|CREATE|APPLY)"/;

export async function countRequests(plane, resources) {
  const text = await plane.request('GET', '/metrics');
  const wanted = resources.map((r) => `resource="${r}"`);
  let total = 0;
  let writes = 0;
  for (const line of String(text).split('\n')) {
    if (!line.startsWith('apiserver_request_total{') || !wanted.some((w) => line.includes(w))) continue;
    const value = Number(line.split(' ').pop());
    total += value;
    if (WRITE.test(line)) writes += value;
  }
  return { total, writes };
}

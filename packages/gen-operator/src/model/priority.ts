/**
 * Kubernetes version priority: GA before beta before alpha, higher major and minor first, and
 * names that do not look like versions last, alphabetically.
 */
export function compareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return pa ? -1 : pb ? 1 : a.localeCompare(b);
  return pb.stability - pa.stability || pb.major - pa.major || pb.minor - pa.minor;
}

function parse(name: string): { major: number; stability: number; minor: number } | undefined {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(name);
  if (!m) return undefined;
  return { major: Number(m[1]), stability: m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0, minor: Number(m[3] ?? 0) };
}

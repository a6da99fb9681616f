/**
 * The command lines, after controller-runtime's envtest (its flag table, kept as is) plus the
 * controllers that make deletion real: garbage collection, namespace deletion, service accounts,
 * and one flag for a prompt apiserver stop while clients watch.
 */
export interface PlaneLayout {
  dir: string;
  certDir: string;
  etcdDataDir: string;
  etcdClientPort: number;
  etcdPeerPort: number;
  apiServerPort: number;
  caFile: string;
  saPublicKeyFile: string;
  saPrivateKeyFile: string;
  adminKubeconfig: string;
}

export function etcdArgs(layout: PlaneLayout): string[] {
  const client = `http://127.0.0.1:${layout.etcdClientPort}`;
  const peer = `http://127.0.0.1:${layout.etcdPeerPort}`;
  return [
    `--data-dir=${layout.etcdDataDir}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=default=${peer}`,
    // Tests throw the data away; fsync would only slow every write.
    '--unsafe-no-fsync=true',
    '--log-level=warn',
  ];
}

export function apiServerArgs(layout: PlaneLayout, extra: Record<string, string>): string[] {
  const flags: Record<string, string> = {
    'etcd-servers': `http://127.0.0.1:${layout.etcdClientPort}`,
    'cert-dir': layout.certDir,
    'secure-port': String(layout.apiServerPort),
    'bind-address': '127.0.0.1',
    'authorization-mode': 'RBAC',
    'service-cluster-ip-range': '10.0.0.0/24',
    'allow-privileged': 'true',
    // envtest's choice: Pods can be created before a namespace's default ServiceAccount exists.
    'disable-admission-plugins': 'ServiceAccount',
    'service-account-issuer': `https://127.0.0.1:${layout.apiServerPort}/`,
    'service-account-key-file': layout.saPublicKeyFile,
    'service-account-signing-key-file': layout.saPrivateKeyFile,
    'client-ca-file': layout.caFile,
    // On SIGTERM the apiserver waits for open connections to go idle, up to --request-timeout (60 s);
    // a watch never does, so every stop with a client watching ran into our SIGKILL. With a watch
    // grace period, shutdown ends the watches first (clients see them close and re-watch).
    'shutdown-watch-termination-grace-period': '2s',
    ...extra,
  };
  return Object.keys(flags)
    .sort()
    .map((key) => `--${key}=${flags[key]}`);
}

export const CONTROLLERS = [
  'garbage-collector-controller',
  'namespace-controller',
  'serviceaccount-controller',
  'serviceaccount-token-controller',
];

export function controllerManagerArgs(layout: PlaneLayout): string[] {
  return [
    `--kubeconfig=${layout.adminKubeconfig}`,
    `--controllers=${CONTROLLERS.join(',')}`,
    `--service-account-private-key-file=${layout.saPrivateKeyFile}`,
    `--root-ca-file=${layout.caFile}`,
    '--use-service-account-credentials=false',
    '--leader-elect=false',
    '--secure-port=0',
  ];
}

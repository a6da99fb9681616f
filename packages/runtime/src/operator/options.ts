/** Options of run() / operator.start(). */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ConnectionInfo } from '../api/connection-info.js';

/** Where and how admission (and conversion) webhooks are served; see the runtime README, "Admission webhooks". */
export interface WebhookOptions {
  /** The HTTPS port. Default 9443 (0: any free port). */
  port?: number;
  /** The address it listens on. Default `0.0.0.0` with `certDir` or a registration URL, else `127.0.0.1`. */
  host?: string;
  /**
   * A directory with tls.crt and tls.key (and ca.crt), as a cert-manager Secret is mounted; re-read
   * while running. Without it: development mode, a local CA and a certificate for localhost,
   * 127.0.0.1 and ::1 made at start.
   */
  certDir?: string;
  /**
   * Create or update the operator's Validating/MutatingWebhookConfiguration (and CRDs' conversion)
   * pointing at this server: at `https://127.0.0.1:<port>` (true), or at `url` (a tunnel, a host name
   * the apiserver reaches; it is added to the development certificate). Default: true in development
   * mode, false with `certDir` (the deploy manifests register the webhooks).
   */
  register?: boolean | { url: string };
  /** The registered configurations' name. Default `<fieldManager>.<prefix>`, e.g. `gen-operator.gen-operator.dev`. */
  name?: string;
}

export interface RunOptions {
  /** Watch only these namespaces (no cluster-wide permission needed). Without them the operator watches every namespace. */
  namespaces?: string[];
  /** Watch all namespaces through the cluster-wide endpoints. */
  clusterWide?: boolean;
  /** Connect with this instead of running login handlers. */
  kubeConfig?: KubeConfig;
  credentials?: ConnectionInfo;
  /** Handlers running at once, over all objects. Default 32. */
  concurrency?: number;
  /** Prefix of the finalizer, annotations and the children's parent label (`<prefix>/parent`). Default `gen-operator.dev`. */
  prefix?: string;
  /** Who the operator's Events say reported them (a qualified name). Default `gen-operator.dev/operator`. */
  reportingController?: string;
  /** Field manager of the server-side applies that write children. Default `gen-operator`. */
  fieldManager?: string;
  /** Seconds to wait for the operator's own write to come back through the watch. Default 5. */
  consistencyTimeout?: number;
  /** Seconds without any watch traffic (bookmarks included) before a stream is restarted. Default 70. */
  inactivityTimeout?: number;
  /** Seconds one API request (not a watch) may take before it is abandoned and retried. Default 60. */
  requestTimeout?: number;
  /** Seconds the handlers in flight get to finish on shutdown before their signal is aborted. Default 10. */
  drainTimeout?: number;
  /** Install SIGTERM/SIGINT handlers and exit the process when done (run() does, start() does not). */
  handleSignals?: boolean;
  /**
   * Serve /healthz, /readyz and /metrics on this port (0: any free port, see `Operator.port`).
   * Default: not served.
   */
  port?: number;
  /** The address the endpoint listens on. Default `0.0.0.0`. */
  host?: string;
  /**
   * Run as one of several replicas: only the holder of a coordination.k8s.io/v1 Lease handles
   * objects. Default off.
   */
  leaderElection?: boolean;
  /** The Lease's name; replicas of one operator share it. Default `gen-operator-leader`. */
  leaseName?: string;
  /** The Lease's namespace. Default: POD_NAMESPACE, else the service account's namespace, else `default`. */
  leaseNamespace?: string;
  /** Seconds a standby waits on an unchanged lease before taking it. Default 15 (client-go's). */
  leaseDuration?: number;
  /** Seconds the leader keeps trying to renew before it stops handling. Default 10 (client-go's). */
  renewDeadline?: number;
  /** Seconds between lease attempts. Default 2 (client-go's). */
  retryPeriod?: number;
  /**
   * Serve webhooks (HTTPS) on every replica, leader or not. They are served when on.validate or
   * on.mutate handlers exist, or when this is given in code; these settings only say how.
   */
  webhooks?: WebhookOptions;
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** JSON lines, or readable lines for a terminal. Default: 'pretty' when standard error is a terminal, else 'json'. */
  logFormat?: 'json' | 'pretty';
  /** Where the JSON log lines go, one `write` per line. Default: standard error. */
  logDestination?: { write(line: string): unknown };
}

/** Options of run() / operator.start(). */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ConnectionInfo } from '../api/connection-info.js';

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
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** JSON lines, or readable lines for a terminal. Default: 'pretty' when standard error is a terminal, else 'json'. */
  logFormat?: 'json' | 'pretty';
  /** Where the JSON log lines go, one `write` per line. Default: standard error. */
  logDestination?: { write(line: string): unknown };
}

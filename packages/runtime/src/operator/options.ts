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
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Where the JSON log lines go, one `write` per line. Default: standard error. */
  logDestination?: { write(line: string): unknown };
}

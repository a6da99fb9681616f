/**
 * Where the apiserver is and how to log in to it (kopf's ConnectionInfo): what a login handler may
 * return instead of a KubeConfig.
 */
export interface ConnectionInfo {
  server: string;
  /** PEM CA bundle; omitted to use the system roots. */
  ca?: string;
  cert?: string;
  key?: string;
  token?: string;
  /** `user:password`, for clusters that still use basic auth. */
  basicAuth?: string;
  insecureSkipTlsVerify?: boolean;
}

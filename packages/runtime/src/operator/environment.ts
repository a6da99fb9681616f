/**
 * Run options from environment variables, so a Deployment can configure an operator without
 * touching its code. The environment wins over options given in code: code states the defaults,
 * the Deployment has the last word (as command-line flags override the defaults a kubebuilder main
 * gives them).
 * The runtime README's configuration table lists exactly `ENVIRONMENT_OPTIONS` (a test keeps
 * them in step).
 */
import type { RunOptions, WebhookOptions } from './options.js';

type Parse = (text: string) => unknown;

/** A run option, or one of `webhooks` as `webhooks.<name>`. */
export type OptionName = Exclude<keyof RunOptions, 'webhooks'> | `webhooks.${keyof WebhookOptions}`;

export interface EnvironmentOption {
  option: OptionName;
  variable: string;
  parse: Parse;
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

const list: Parse = (text) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const flag: Parse = (text) => {
  if (/^(true|1|yes)$/i.test(text)) return true;
  if (/^(false|0|no)$/i.test(text)) return false;
  throw new Error('expected true or false');
};

const number =
  (min: number, integer: boolean): Parse =>
  (text) => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
      throw new Error(`expected ${integer ? 'a whole number' : 'a number'} of at least ${min}`);
    }
    return value;
  };

const port: Parse = (text) => {
  const value = number(0, true)(text) as number;
  if (value > 65_535) throw new Error('expected a port number from 0 to 65535');
  return value;
};

const level: Parse = (text) => {
  const value = text.trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(value)) throw new Error(`expected one of ${LOG_LEVELS.join(', ')}`);
  return value;
};

const text: Parse = (value) => value;

const format: Parse = (text) => {
  const value = text.trim().toLowerCase();
  if (value !== 'json' && value !== 'pretty') throw new Error('expected json or pretty');
  return value;
};

/** The URL the apiserver reaches the webhooks at: development registration points there. */
/**
 * true or false, or the https URL to register (a tunnel, an address a cluster in containers reaches).
 * false serves without registering: an operator tested under its deployment's RBAC has no such rights.
 */
const registration: Parse = (text) => {
  if (/^(true|false|1|0|yes|no)$/i.test(text.trim())) return flag(text.trim());
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error('expected true, false or an https:// URL');
  }
  if (url.protocol !== 'https:' || url.search || url.hash || url.username)
    throw new Error('expected an https:// URL without query, fragment or user');
  return { url: url.href.replace(/\/+$/, '') };
};

export const ENVIRONMENT_OPTIONS: readonly EnvironmentOption[] = [
  { option: 'namespaces', variable: 'WATCH_NAMESPACES', parse: list },
  { option: 'clusterWide', variable: 'GEN_OPERATOR_CLUSTER_WIDE', parse: flag },
  { option: 'concurrency', variable: 'GEN_OPERATOR_CONCURRENCY', parse: number(1, true) },
  { option: 'prefix', variable: 'GEN_OPERATOR_PREFIX', parse: text },
  { option: 'fieldManager', variable: 'GEN_OPERATOR_FIELD_MANAGER', parse: text },
  { option: 'reportingController', variable: 'GEN_OPERATOR_REPORTING_CONTROLLER', parse: text },
  { option: 'port', variable: 'GEN_OPERATOR_PORT', parse: port },
  { option: 'host', variable: 'GEN_OPERATOR_HOST', parse: text },
  { option: 'logLevel', variable: 'LOG_LEVEL', parse: level },
  { option: 'logFormat', variable: 'LOG_FORMAT', parse: format },
  { option: 'leaderElection', variable: 'GEN_OPERATOR_LEADER_ELECTION', parse: flag },
  { option: 'leaseName', variable: 'GEN_OPERATOR_LEASE_NAME', parse: text },
  { option: 'leaseNamespace', variable: 'GEN_OPERATOR_LEASE_NAMESPACE', parse: text },
  { option: 'leaseDuration', variable: 'GEN_OPERATOR_LEASE_DURATION', parse: number(1, false) },
  { option: 'renewDeadline', variable: 'GEN_OPERATOR_RENEW_DEADLINE', parse: number(1, false) },
  { option: 'retryPeriod', variable: 'GEN_OPERATOR_RETRY_PERIOD', parse: number(0.1, false) },
  { option: 'consistencyTimeout', variable: 'GEN_OPERATOR_CONSISTENCY_TIMEOUT', parse: number(0, false) },
  { option: 'inactivityTimeout', variable: 'GEN_OPERATOR_INACTIVITY_TIMEOUT', parse: number(1, false) },
  { option: 'requestTimeout', variable: 'GEN_OPERATOR_REQUEST_TIMEOUT', parse: number(1, false) },
  { option: 'drainTimeout', variable: 'GEN_OPERATOR_DRAIN_TIMEOUT', parse: number(0, false) },
  { option: 'webhooks.port', variable: 'GEN_OPERATOR_WEBHOOK_PORT', parse: port },
  { option: 'webhooks.certDir', variable: 'GEN_OPERATOR_WEBHOOK_CERT_DIR', parse: text },
  { option: 'webhooks.register', variable: 'GEN_OPERATOR_WEBHOOK_REGISTER', parse: registration },
];

export class EnvironmentError extends Error {
  constructor(variable: string, value: string, problem: string) {
    super(`${variable}=${JSON.stringify(value.slice(0, 100))}: ${problem}. Fix the variable or unset it.`);
    this.name = 'EnvironmentError';
  }
}

/** The options set in `env`; a malformed value is an EnvironmentError naming the variable. */
export function optionsFromEnvironment(env: NodeJS.ProcessEnv): RunOptions {
  const options: Record<string, unknown> = {};
  for (const { option, variable, parse } of ENVIRONMENT_OPTIONS) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    let parsed: unknown;
    try {
      parsed = parse(value);
    } catch (error) {
      throw new EnvironmentError(variable, value, (error as Error).message);
    }
    const [outer, inner] = option.split('.') as [string, string | undefined];
    if (inner === undefined) options[outer] = parsed;
    else options[outer] = { ...(options[outer] as object | undefined), [inner]: parsed };
  }
  return options as RunOptions;
}

/** The environment's options over code's (and its webhook settings over code's, one by one). */
export function withEnvironment(options: RunOptions, env: NodeJS.ProcessEnv = process.env): RunOptions {
  const fromEnvironment = optionsFromEnvironment(env);
  const merged = { ...options, ...fromEnvironment };
  if (fromEnvironment.webhooks) merged.webhooks = { ...options.webhooks, ...fromEnvironment.webhooks };
  return merged;
}

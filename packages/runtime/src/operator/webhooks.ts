/**
 * The operator's webhook server: its certificate (cert-manager's files, re-read while running, or a
 * development CA made now), the routes of the registry's handlers, and in development the
 * registration that points the apiserver at it. Started on every replica after login.
 */
import type { ApiClient } from '../api/client.js';
import type { Registry } from '../registry/registry.js';
import type { Logger } from '../registry/types.js';
import { conversionRoutes } from '../webhooks/conversion.js';
import { registerAdmission, registerConversion } from '../webhooks/registration.js';
import type { AdmissionObserver } from '../webhooks/admission.js';
import { admissionRoutes, routeLookup, unhandledAdmission } from '../webhooks/routes.js';
import { serveWebhooks, type WebhookServer, type WebhookTls } from '../webhooks/server.js';
import { developmentTls, readCertDir, watchCertDir } from '../webhooks/tls.js';
import type { WebhookOptions } from './options.js';

export const DEFAULT_WEBHOOK_PORT = 9443;

export interface RunningWebhooks {
  readonly server: WebhookServer;
  /** The URL development registration pointed the apiserver at; undefined when not registered. */
  readonly url: string | undefined;
  close(): Promise<void>;
}

export interface WebhookContext {
  registry: Registry;
  options: WebhookOptions;
  api: ApiClient;
  logger: Logger;
  /** The namespaces the operator watches (undefined: all), which its registered webhooks are limited to. */
  namespaces: readonly string[] | undefined;
  /** The configurations' default name parts. */
  fieldManager: string;
  prefix: string;
  /** Metrics hooks. */
  onReview?: AdmissionObserver;
  onBadRequest?(status: number): void;
}

/** Whether this operator serves webhooks: it has admission handlers or converters, or its code asked for them. */
export function wantsWebhooks(registry: Registry, requested: boolean): boolean {
  return requested || registry.admission.size > 0 || registry.conversions.size > 0;
}

export async function startWebhooks(context: WebhookContext): Promise<RunningWebhooks> {
  const { options, logger } = context;
  const registerUrl = typeof options.register === 'object' ? options.register.url : undefined;
  const register = options.register === undefined ? options.certDir === undefined : options.register !== false;
  const tls: WebhookTls = options.certDir
    ? await readCertDir(options.certDir)
    : await developmentTls(registerUrl ? [new URL(registerUrl).hostname.replace(/^\[|\]$/g, '')] : []);
  const host = options.host ?? (options.certDir || registerUrl ? '0.0.0.0' : '127.0.0.1');
  const port = options.port ?? DEFAULT_WEBHOOK_PORT;
  const server = await serveWebhooks({
    port,
    host,
    tls,
    routes: routeLookup(
      [admissionRoutes(context.registry, logger, context.onReview), conversionRoutes(context.registry)],
      unhandledAdmission(logger),
    ),
    onError: (error) => logger.error('A webhook request failed.', { error: String(error) }),
    ...(context.onBadRequest ? { onBadRequest: context.onBadRequest } : {}),
  }).catch((error: NodeJS.ErrnoException) => {
    const taken = error.code === 'EADDRINUSE' ? ' is taken by another process' : ` cannot be served (${error.message})`;
    throw new Error(`Webhook port ${host}:${port}${taken}: set webhooks.port (GEN_OPERATOR_WEBHOOK_PORT) to a free one.`);
  });
  const watcher = options.certDir
    ? watchCertDir(
        options.certDir,
        tls,
        (renewed) => {
          server.updateTls(renewed);
          logger.info('Webhook certificate reloaded.', { certDir: options.certDir });
        },
        (error) => logger.warn('Webhook certificate not reloaded; serving the previous one.', { error: String(error) }),
      )
    : undefined;
  let closed: Promise<void> | undefined;
  const close = () => {
    watcher?.close();
    closed ??= server.close();
    return closed;
  };
  logger.info('Serving webhooks.', { port: server.port, mode: options.certDir ? 'certDir' : 'development' });
  if (!register) return { server, url: undefined, close };
  const url =
    registerUrl ?? `https://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${server.port}`;
  try {
    const applied = await registerAdmission(context.api, context.registry.admission.values(), {
      url,
      caPem: server.caBundle,
      name: options.name ?? `${context.fieldManager}.${context.prefix}`,
      fieldManager: context.fieldManager,
      ...(context.namespaces ? { namespaces: context.namespaces } : {}),
    });
    if (applied.length) logger.info('Registered the webhooks.', { url, configurations: applied });
    const converted = [...context.registry.conversions.values()];
    if (converted.length) {
      await registerConversion(context.api, converted, { url, caPem: server.caBundle });
      logger.info('Registered the conversion webhooks.', { url, crds: converted.map((c) => `${c.plural}.${c.group}`) });
    }
  } catch (error) {
    await close();
    throw new Error(
      `Registering the webhooks at ${url} failed: ${error instanceof Error ? error.message : String(error)}. Grant get, create, update and patch on validatingwebhookconfigurations and mutatingwebhookconfigurations (admissionregistration.k8s.io) and patch on customresourcedefinitions (apiextensions.k8s.io) for conversion, or set webhooks.register to false.`,
    );
  }
  return { server, url, close };
}

/**
 * The deploy/ side of webhooks: admission (`--webhooks validate,mutate`) and CRD conversion (kinds
 * whose served versions differ). One Service in front of every replica's HTTPS port, a serving
 * certificate from cert-manager, its CA injected into the webhook configurations and the CRDs by
 * cert-manager's cainjector (`cert-manager.io/inject-ca-from`), the ecosystem's usual way. The paths
 * are the runtime's: /validate|/mutate/<group>/<version>/<plural>, /convert/<group>/<plural>.
 */
import { admissionPath, conversionPath } from '@gen-operator/runtime';
import { header } from '../../header.js';
import type { ResourceModel, WebhookKind } from '../../model/index.js';
import type { ProjectFile } from '../../project-file.js';
import type { ConvertingKind } from './conversion.js';
import { markdownText, shellWord, yamlDocuments } from '../escape.js';
import { Code } from '../templates.js';

/** The container port the runtime serves webhooks on (its default), and the Service port in front of it. */
export const WEBHOOK_PORT = 9443;
const SERVICE_PORT = 443;
/** Where the Deployment mounts the certificate's Secret: tls.crt, tls.key, ca.crt, as cert-manager writes them. */
export const CERT_DIR = '/etc/gen-operator/webhook-certs';

/** The names of the objects that serve the webhooks of project `name` (its namespace is `name` too). */
export function webhookNames(name: string) {
  return {
    service: `${name}-webhook`,
    certificate: `${name}-webhook`,
    issuer: `${name}-selfsigned`,
    secret: `${name}-webhook-tls`,
    /** cert-manager.io/inject-ca-from: `<namespace>/<Certificate>`. */
    injectFrom: `${name}/${name}-webhook`,
  };
}

const ADMISSION: Record<WebhookKind, { kind: string; prefix: string }> = {
  validate: { kind: 'ValidatingWebhookConfiguration', prefix: 'validate' },
  mutate: { kind: 'MutatingWebhookConfiguration', prefix: 'mutate' },
};

/**
 * `deploy/webhooks.yaml`: the Service, a self-signed Issuer and the Certificate for the Service's
 * DNS names, and one configuration per admission webhook kind with a webhook per kind and served
 * version. Empty of admission configurations when only conversion needs the Service.
 */
export function webhooksFile(
  name: string,
  models: readonly ResourceModel[],
  webhooks: readonly WebhookKind[],
  sources: readonly string[],
): ProjectFile {
  const names = webhookNames(name);
  const dnsNames = [`${names.service}.${name}.svc`, `${names.service}.${name}.svc.cluster.local`];
  const docs: Record<string, unknown>[] = [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: names.service, labels: { 'app.kubernetes.io/name': name } },
      spec: {
        // Every replica serves webhooks, the standby too: the apiserver may call any of them.
        selector: { 'app.kubernetes.io/name': name },
        ports: [{ name: 'webhook', port: SERVICE_PORT, targetPort: 'webhook' }],
      },
    },
    { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: names.issuer }, spec: { selfSigned: {} } },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: names.certificate },
      spec: { secretName: names.secret, dnsNames, issuerRef: { kind: 'Issuer', name: names.issuer } },
    },
  ];
  for (const webhook of webhooks) {
    const { kind, prefix } = ADMISSION[webhook];
    docs.push({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind,
      metadata: { name: `${name}-${prefix}`, annotations: { 'cert-manager.io/inject-ca-from': names.injectFrom } },
      webhooks: models.flatMap((model) =>
        model.versions
          .filter((v) => v.served)
          .map((version) => ({
            // A webhook's name is a domain name of three or more labels, unique in its configuration.
            name: `${prefix}.${version.name}.${model.plural}.${model.group}`,
            admissionReviewVersions: ['v1'],
            sideEffects: 'None',
            failurePolicy: 'Fail',
            timeoutSeconds: 10,
            clientConfig: {
              service: {
                name: names.service,
                namespace: name,
                path: admissionPath(webhook, { group: model.group, version: version.name, plural: model.plural }),
                port: SERVICE_PORT,
              },
            },
            rules: [
              {
                apiGroups: [model.group],
                apiVersions: [version.name],
                resources: [model.plural],
                operations: ['CREATE', 'UPDATE'],
                scope: model.scope === 'Namespaced' ? 'Namespaced' : 'Cluster',
              },
            ],
          })),
      ),
    });
  }
  return { path: 'deploy/webhooks.yaml', content: header('#', sources) + yamlDocuments(docs), owner: 'generated' };
}

/**
 * `deploy/crd-<stem>.yaml`: the CRD as given, with the Webhook conversion strategy pointing at the
 * operator's Service and the CA injected by cert-manager. crds/ keeps the CRD as given (strategy
 * None), for tests and local runs without the webhook.
 */
export function conversionCrdFile(name: string, model: ResourceModel, stem: string, sources: readonly string[]): ProjectFile {
  const names = webhookNames(name);
  const crd = structuredClone(model.source.value) as Record<string, unknown> & {
    metadata?: Record<string, unknown>;
    spec: Record<string, unknown>;
  };
  delete crd.status;
  const metadata = { ...crd.metadata };
  metadata.annotations = { ...(metadata.annotations as object | undefined), 'cert-manager.io/inject-ca-from': names.injectFrom };
  const body = {
    ...crd,
    metadata,
    spec: {
      ...crd.spec,
      conversion: {
        strategy: 'Webhook',
        webhook: {
          conversionReviewVersions: ['v1'],
          clientConfig: { service: { name: names.service, namespace: name, path: conversionPath(model), port: SERVICE_PORT } },
        },
      },
    },
  };
  return { path: `deploy/crd-${stem}.yaml`, content: header('#', sources) + yamlDocuments([body]), owner: 'generated' };
}

/** What deploy/deployment.yaml and deploy/kustomization.yaml get when webhooks are served (empty otherwise). */
export function deploymentValues(name: string, served: boolean, extraResources: readonly string[]): Record<string, Code> {
  const resources = new Code(extraResources.map((file) => `\n  - ${file}`).join(''));
  if (!served)
    return {
      webhookEnv: new Code(''),
      webhookPort: new Code(''),
      webhookMounts: new Code(''),
      webhookVolumes: new Code(''),
      extraResources: resources,
    };
  const indent = (text: string, spaces: number) =>
    text
      .replace(/\n$/, '')
      .split('\n')
      .map((line) => `\n${' '.repeat(spaces)}${line}`)
      .join('');
  const yaml = (value: unknown) => yamlDocuments([value]);
  return {
    webhookEnv: new Code(
      indent(
        `# The serving certificate cert-manager keeps in a Secret (deploy/webhooks.yaml), mounted below.\n${yaml([{ name: 'GEN_OPERATOR_WEBHOOK_CERT_DIR', value: CERT_DIR }])}`,
        12,
      ),
    ),
    webhookPort: new Code(indent(yaml([{ name: 'webhook', containerPort: WEBHOOK_PORT }]), 12)),
    webhookMounts: new Code(indent(yaml({ volumeMounts: [{ name: 'webhook-certs', mountPath: CERT_DIR, readOnly: true }] }), 10)),
    webhookVolumes: new Code(indent(yaml({ volumes: [{ name: 'webhook-certs', secret: { secretName: webhookNames(name).secret } }] }), 6)),
    extraResources: resources,
  };
}

/** The generated README's section on webhooks and conversion; empty when the project has neither. */
export function webhooksReadme(name: string, webhooks: readonly WebhookKind[], converting: readonly ConvertingKind[]): Code {
  if (webhooks.length === 0 && converting.length === 0) return new Code('');
  const parts: string[] = ['\n## Webhooks\n'];
  if (webhooks.length > 0)
    parts.push(
      `Generated with \`--webhooks ${webhooks.join(',')}\`: \`deploy/webhooks.yaml\` registers ${webhooks
        .map((w) => (w === 'validate' ? 'a validating' : 'a mutating'))
        .join(
          ' and ',
        )} webhook for each kind and served version, served by every replica of the operator at \`/${webhooks[0]}/<group>/<version>/<plural>\` (failurePolicy Fail, timeout 10 s). Register the handlers with \`on.${webhooks[0]}()\` in \`src/handlers/\`.\n`,
    );
  if (converting.length > 0)
    parts.push(
      `${converting.map((k) => markdownText(k.model.kind)).join(', ')} ${converting.length === 1 ? 'serves versions whose schemas differ' : 'serve versions whose schemas differ'}: the apiserver stores one version (the hub) and asks the operator to convert the others to it and back. \`src/conversion/\` holds the converters (\`on.conversion()\`, yours to complete: they copy every field until you convert those that differ), \`test/*.conversion.test.ts\` checks that every example survives the trip to the hub and back, and \`deploy/crd-*.yaml\` is the CRD with the Webhook conversion strategy pointing at the operator (\`crds/\` keeps it as given).\n`,
    );
  parts.push(
    `The apiserver calls webhooks over HTTPS only. \`deploy/webhooks.yaml\` has [cert-manager](https://cert-manager.io) issue the serving certificate (a self-signed Issuer and a Certificate for the Service's DNS names, in the Secret the Deployment mounts at \`GEN_OPERATOR_WEBHOOK_CERT_DIR\`) and inject its CA into the configurations and CRDs (the \`cert-manager.io/inject-ca-from\` annotation). Install cert-manager before \`kubectl apply -k deploy/\`.

Without cert-manager, make the certificate yourself and give its CA to the apiserver by hand:

\`\`\`sh
NAME=${shellWord(name)}  # the project's namespace and the prefix of its objects
openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=$NAME-webhook-ca" -keyout ca.key -out ca.crt
openssl req -newkey rsa:2048 -nodes -subj "/CN=$NAME-webhook.$NAME.svc" -keyout tls.key -out tls.csr
printf 'subjectAltName=DNS:%s\\n' "$NAME-webhook.$NAME.svc" > san.ext
openssl x509 -req -in tls.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 365 -extfile san.ext -out tls.crt
kubectl -n "$NAME" create secret generic "$NAME-webhook-tls" --from-file=tls.crt --from-file=tls.key --from-file=ca.crt
\`\`\`

Then remove the Issuer and the Certificate from \`deploy/webhooks.yaml\`, and set \`caBundle\` (the output of \`base64 -w0 ca.crt\`) in each webhook's \`clientConfig\` and in each \`deploy/crd-*.yaml\`'s \`spec.conversion.webhook.clientConfig\`.
`,
  );
  return new Code(parts.join('\n'));
}

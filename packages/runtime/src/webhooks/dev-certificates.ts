/**
 * Development certificates, made in memory at start: a CA that exists only for this process and a
 * serving certificate it signs for the loopback names. Node's crypto makes keys but cannot issue
 * X.509 certificates, so @peculiar/x509 builds them over WebCrypto. Loaded only in development
 * mode: an operator that reads cert-manager's files never imports it.
 */
import { webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
// @peculiar/x509 finds its algorithms through tsyringe, which needs the Reflect metadata polyfill.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { WebhookTls } from './server.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNATURE = { name: 'ECDSA', hash: 'SHA-256' } as const;
/** A development run lasts hours, not weeks; the CA is not kept anywhere. */
const LIFETIME_MS = 30 * 24 * 3600_000;
/** Clocks of a local apiserver and this process may differ a little. */
const BACKDATE_MS = 5 * 60_000;

/** Names the apiserver may reach a local operator by. */
export const LOOPBACK = { dns: ['localhost'], ips: ['127.0.0.1', '::1'] };

async function privateKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** 16 random bytes, the first bit clear: a positive serial number, as RFC 5280 asks. */
function serialNumber(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return Buffer.from(bytes).toString('hex');
}

/** A fresh CA and a serving certificate for `names` (the loopback names plus `extra` DNS names or IPs). */
export async function developmentTls(extra: readonly string[] = []): Promise<Required<WebhookTls>> {
  const notBefore = new Date(Date.now() - BACKDATE_MS);
  const notAfter = new Date(Date.now() + LIFETIME_MS);
  const caKeys = (await webcrypto.subtle.generateKey(KEY, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: 'CN=gen-operator development webhook CA',
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: SIGNATURE,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const ips = [...LOOPBACK.ips, ...extra.filter(isIp)];
  const dns = [...LOOPBACK.dns, ...extra.filter((name) => !isIp(name))];
  const servingKeys = (await webcrypto.subtle.generateKey(KEY, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const serving = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: 'CN=localhost',
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: servingKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: SIGNATURE,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...dns.map((value) => ({ type: 'dns' as const, value })),
        ...ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  return { cert: serving.toString('pem'), key: await privateKeyPem(servingKeys.privateKey), ca: ca.toString('pem') };
}

const isIp = (name: string) => isIP(name) !== 0;

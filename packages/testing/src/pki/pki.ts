/**
 * Certificates and keys for one control plane. Node 20's crypto cannot issue X.509 certificates,
 * so @peculiar/x509 does it over WebCrypto.
 */
import { generateKeyPairSync, webcrypto } from 'node:crypto';
// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata polyfill.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const VALIDITY_MS = 7 * 24 * 3600_000;

export interface PemPair {
  cert: string;
  key: string;
}

export interface CertificateAuthority extends PemPair {
  issue(options: { commonName: string; organizations?: string[]; server?: { dns: string[]; ips: string[] } }): Promise<PemPair>;
}

async function exportKey(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key as webcrypto.CryptoKey);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
    .toString('hex')
    .replace(/^[89a-f]/, '1');
}

function distinguishedName(commonName: string, organizations: string[] = []): string {
  return [`CN=${commonName}`, ...organizations.map((o) => `O=${o}`)].join(', ');
}

export async function createCertificateAuthority(commonName: string): Promise<CertificateAuthority> {
  const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${commonName}`,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + VALIDITY_MS),
    keys,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const issuer = caCert.subject;
  return {
    cert: caCert.toString('pem'),
    key: await exportKey(keys.privateKey),
    async issue({ commonName: cn, organizations, server }) {
      const leaf = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
      const extensions: x509.Extension[] = [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([server ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
        await x509.AuthorityKeyIdentifierExtension.create(caCert),
      ];
      if (server) {
        extensions.push(
          new x509.SubjectAlternativeNameExtension([
            ...server.dns.map((value) => ({ type: 'dns' as const, value })),
            ...server.ips.map((value) => ({ type: 'ip' as const, value })),
          ]),
        );
      }
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: serial(),
        subject: distinguishedName(cn, organizations),
        issuer,
        notBefore: new Date(now - 60_000),
        notAfter: new Date(now + VALIDITY_MS),
        publicKey: leaf.publicKey,
        signingKey: keys.privateKey,
        signingAlgorithm: SIGNING,
        extensions,
      });
      return { cert: cert.toString('pem'), key: await exportKey(leaf.privateKey) };
    },
  };
}

/** The RSA pair that signs service-account tokens (RS256, which every Kubernetes client accepts). */
export function createServiceAccountSigningKey(): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The PEM file behind GRAPH_CERTIFICATE_PATH: the private key MSAL signs its client assertion with,
 * and, when the file also holds the certificate (the usual bundle), the thumbprints Entra ID knows
 * it by. Per MSAL Node's docs/certificate-credentials.md: MSAL wants the key and the thumbprint, not
 * the certificate itself.
 */
export interface CertificateFile {
  privateKeyPem: string;
  /** Upper-case hex, no separators; absent when the file holds the key alone. */
  thumbprints?: { sha1: string; sha256: string };
}

export class CertificateFileError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`GRAPH_CERTIFICATE_PATH ${path} ${problem}`);
    this.name = 'CertificateFileError';
  }
}

export function readCertificateFile(path: string): CertificateFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new CertificateFileError(path, `cannot be read (${code})`);
  }
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text)) {
    throw new CertificateFileError(path, 'holds an encrypted private key; export it unencrypted (and protect the file instead)');
  }
  const keyBlock = /-----BEGIN (RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END \1?PRIVATE KEY-----/.exec(text)?.[0];
  if (!keyBlock) {
    throw new CertificateFileError(path, 'has no PEM private key (a .cer alone is the public half; the app needs the key)');
  }
  try {
    createPrivateKey(keyBlock);
  } catch {
    throw new CertificateFileError(path, 'has a private key block that cannot be parsed');
  }

  const certBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text)?.[0];
  if (!certBlock) return { privateKeyPem: keyBlock };
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certBlock);
  } catch {
    throw new CertificateFileError(path, 'has a certificate block that cannot be parsed');
  }
  if (!certificate.checkPrivateKey(createPrivateKey(keyBlock))) {
    throw new CertificateFileError(path, 'holds a certificate and a private key that do not belong together');
  }
  const hex = (fingerprint: string) => fingerprint.replace(/:/g, '').toUpperCase();
  return { privateKeyPem: keyBlock, thumbprints: { sha1: hex(certificate.fingerprint), sha256: hex(certificate.fingerprint256) } };
}

import { ConfidentialClientApplication, LogLevel, type Configuration, type INetworkModule } from '@azure/msal-node';
import type { AuthConfig, ClientCredential } from './auth-config.js';
import { CertificateFileError, readCertificateFile } from './certificate-file.js';
import { AppTokenError } from './entra-errors.js';

export interface MsalClientOptions {
  /** Replaces MSAL's HTTP client (system.networkClient); tests answer locally through it. */
  networkClient?: INetworkModule;
  /** Defaults to the public cloud. */
  authorityHost?: string;
}

export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';

export interface MsalClient {
  app: ConfidentialClientApplication;
  /** Without a trailing slash: the tenant goes after it. */
  authorityHost: string;
}

/**
 * One confidential client per flow, configured per MSAL Node's
 * docs/initialize-confidential-client-application.md: secret, or certificate (thumbprint + PEM key,
 * docs/certificate-credentials.md). MSAL keeps its token cache in memory on the instance.
 */
export function createMsalClient(config: AuthConfig, options: MsalClientOptions = {}): MsalClient {
  const authorityHost = (options.authorityHost ?? DEFAULT_AUTHORITY_HOST).replace(/\/+$/, '');
  // MSAL 7 ships the public cloud's instance metadata; any other host (a sovereign cloud, or a
  // test double) is trusted as given instead of being looked up through instance discovery.
  const knownAuthorities = authorityHost === DEFAULT_AUTHORITY_HOST ? [] : [new URL(authorityHost).host];
  const msalConfig: Configuration = {
    auth: {
      clientId: config.clientId,
      authority: `${authorityHost}/${config.tenantId}`,
      ...(knownAuthorities.length > 0 ? { knownAuthorities } : {}),
      ...credentialFor(config.credential),
    },
    system: {
      // MSAL logs at Info by default; tokens and PII stay out of our logs.
      loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
      ...(options.networkClient ? { networkClient: options.networkClient } : {}),
    },
  };
  return { app: new ConfidentialClientApplication(msalConfig), authorityHost };
}

function credentialFor(credential: ClientCredential): Pick<Configuration['auth'], 'clientSecret' | 'clientCertificate'> {
  if (credential.kind === 'secret') return { clientSecret: credential.secret };
  let file;
  try {
    file = readCertificateFile(credential.certificatePath);
  } catch (error) {
    if (error instanceof CertificateFileError) throw new AppTokenError('certificate_file', error.message);
    throw error;
  }
  // A thumbprint that does not match the certificate beside the key would only fail later, at
  // Entra ID, as AADSTS700027; say which setting is wrong now.
  const actual = file.thumbprints?.[credential.thumbprintAlgorithm];
  if (actual !== undefined && actual !== credential.thumbprint) {
    throw new AppTokenError(
      'certificate_file',
      `GRAPH_CERTIFICATE_THUMBPRINT ${credential.thumbprint.slice(0, 8)}… is not the thumbprint of the certificate in ${credential.certificatePath} (${actual.slice(0, 8)}…)`,
    );
  }
  const privateKey = file.privateKeyPem;
  return {
    clientCertificate:
      credential.thumbprintAlgorithm === 'sha256' ? { thumbprintSha256: credential.thumbprint, privateKey } : { thumbprint: credential.thumbprint, privateKey },
  };
}

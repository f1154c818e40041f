import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AuthError, ConfidentialClientApplication, LogLevel, type Configuration, type INetworkModule } from '@azure/msal-node';
import type { AuthConfig } from './auth-config.js';

/** Graph, or one SharePoint tenant's REST API (views are not in Graph; see DESIGN.md). */
export type TokenAudience = 'graph' | { siteOrigin: string };

export interface AppTokenProvider {
  /** An app-only access token; served from MSAL's in-memory cache until it nears expiry. */
  getToken(audience: TokenAudience): Promise<string>;
}

export type AppTokenErrorReason =
  | 'bad_secret'
  | 'secret_expired'
  | 'bad_certificate'
  | 'app_not_in_tenant'
  | 'tenant_not_found'
  | 'network'
  | 'certificate_file'
  | 'audience'
  | 'unknown';

export class AppTokenError extends Error {
  constructor(
    readonly reason: AppTokenErrorReason,
    message: string,
    readonly aadstsCode?: string,
  ) {
    super(message);
    this.name = 'AppTokenError';
  }
}

export interface AppTokenProviderOptions {
  /** Replaces MSAL's HTTP client; tests use it to answer locally. */
  networkClient?: INetworkModule;
  /** Defaults to the public cloud. */
  authorityHost?: string;
}

const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/**
 * Client credentials flow for scheduled work (reminder sweeps, migration): no user is present.
 * Secret or certificate (thumbprint + PEM private key), per MSAL Node's
 * lib/msal-node/docs/initialize-confidential-client-application.md and certificate-credentials.md.
 */
export function createAppTokenProvider(config: AuthConfig, options: AppTokenProviderOptions = {}): AppTokenProvider {
  const authorityHost = (options.authorityHost ?? DEFAULT_AUTHORITY_HOST).replace(/\/+$/, '');
  // MSAL 7 ships the public cloud's metadata; any other host is trusted as given rather than
  // checked through instance discovery (which would ask login.microsoftonline.com about it).
  const knownAuthorities = authorityHost === DEFAULT_AUTHORITY_HOST ? [] : [new URL(authorityHost).host];
  const msalConfig: Configuration = {
    auth: {
      clientId: config.clientId,
      authority: `${authorityHost}/${config.tenantId}`,
      ...(knownAuthorities.length > 0 ? { knownAuthorities } : {}),
      ...credentialFor(config),
    },
    system: {
      // MSAL logs at Info by default; tokens and PII stay out of our logs.
      loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
      ...(options.networkClient ? { networkClient: options.networkClient } : {}),
    },
  };
  const app = new ConfidentialClientApplication(msalConfig);

  return {
    async getToken(audience) {
      const scope = scopeFor(audience);
      try {
        // acquireTokenByClientCredential looks in MSAL's cache first (skipCache defaults to false).
        const result = await app.acquireTokenByClientCredential({ scopes: [scope] });
        if (!result?.accessToken) throw new AppTokenError('unknown', `Entra ID returned no access token for ${scope}`);
        return result.accessToken;
      } catch (error) {
        throw explainTokenFailure(error, config, scope);
      }
    },
  };
}

function credentialFor(config: AuthConfig): Pick<Configuration['auth'], 'clientSecret' | 'clientCertificate'> {
  const credential = config.credential;
  if (credential.kind === 'secret') return { clientSecret: credential.secret };
  const privateKey = readPrivateKey(credential.certificatePath);
  return {
    clientCertificate:
      credential.thumbprintAlgorithm === 'sha256'
        ? { thumbprintSha256: credential.thumbprint, privateKey }
        : { thumbprint: credential.thumbprint, privateKey },
  };
}

/** The file may hold the certificate and its key together (a common PEM bundle); MSAL signs with the key alone. */
function readPrivateKey(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new AppTokenError('certificate_file', `GRAPH_CERTIFICATE_PATH ${path} cannot be read (${code})`);
  }
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text)) {
    throw new AppTokenError('certificate_file', `GRAPH_CERTIFICATE_PATH ${path} holds an encrypted private key; export it unencrypted (and protect the file instead)`);
  }
  const block = /-----BEGIN (RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END \1?PRIVATE KEY-----/.exec(text)?.[0];
  if (!block) {
    throw new AppTokenError('certificate_file', `GRAPH_CERTIFICATE_PATH ${path} has no PEM private key (a .cer alone is the public half; the app needs the key)`);
  }
  try {
    createPrivateKey(block);
  } catch {
    throw new AppTokenError('certificate_file', `GRAPH_CERTIFICATE_PATH ${path} has a private key block that cannot be parsed`);
  }
  return block;
}

function scopeFor(audience: TokenAudience): string {
  if (audience === 'graph') return GRAPH_SCOPE;
  let url: URL;
  try {
    url = new URL(audience.siteOrigin);
  } catch {
    throw new AppTokenError('audience', `SharePoint site origin "${audience.siteOrigin}" is not a URL`);
  }
  if (url.protocol !== 'https:') {
    throw new AppTokenError('audience', `SharePoint site origin "${audience.siteOrigin}" must be https`);
  }
  // The resource is the tenant's SharePoint host, whatever site path was given.
  return `${url.origin}/.default`;
}

/**
 * AADSTS codes: https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 * The message names the admin action, because the person reading it is usually not the one who can fix it.
 */
function explainTokenFailure(error: unknown, config: AuthConfig, scope: string): Error {
  if (error instanceof AppTokenError) return error;
  const text = error instanceof AuthError ? `${error.errorCode} ${error.errorMessage} ${error.message}` : String(error);
  const code = /AADSTS(\d+)/.exec(text)?.[1];
  const app = `app ${config.clientId}`;
  const tenant = `tenant ${config.tenantId}`;
  switch (code) {
    case '7000215':
      return new AppTokenError('bad_secret', `Entra ID rejected the client secret of ${app} (AADSTS7000215): check GRAPH_CLIENT_SECRET holds the secret's value, not its id`, code);
    case '7000222':
      return new AppTokenError('secret_expired', `The client secret of ${app} has expired (AADSTS7000222): an admin adds a new secret under App registrations > Certificates & secrets and updates GRAPH_CLIENT_SECRET`, code);
    case '700027':
      return new AppTokenError('bad_certificate', `Entra ID rejected the certificate of ${app} (AADSTS700027): upload its public certificate under App registrations > Certificates & secrets and check GRAPH_CERTIFICATE_THUMBPRINT`, code);
    case '700016':
      return new AppTokenError(
        'app_not_in_tenant',
        `${app} is not known in ${tenant} (AADSTS700016): an admin of that tenant must register it or grant admin consent to it (Enterprise applications), or GRAPH_CLIENT_ID / GRAPH_TENANT_ID is wrong`,
        code,
      );
    case '90002':
      return new AppTokenError('tenant_not_found', `${tenant} was not found (AADSTS90002): check GRAPH_TENANT_ID (the Directory (tenant) ID or a verified domain)`, code);
    case undefined:
      break;
    default:
      return new AppTokenError('unknown', `Entra ID refused a token for ${scope} (AADSTS${code}); see the AADSTS reference`, code);
  }
  if (isNetworkFailure(error)) {
    return new AppTokenError('network', `Could not reach Entra ID for ${tenant}: check outbound HTTPS to the login endpoint (proxy, firewall, DNS)`);
  }
  return new AppTokenError('unknown', `Could not get an app token for ${scope}: ${error instanceof AuthError ? error.errorCode : 'unexpected error'}`);
}

function isNetworkFailure(error: unknown): boolean {
  if (error instanceof AuthError) {
    return /network|endpoints_resolution|openid_config/i.test(error.errorCode);
  }
  return error instanceof TypeError || (error instanceof Error && 'code' in error && /^E[A-Z]+/.test(String(error.code)));
}

import { z } from 'zod';

/**
 * Entra ID settings for SharePoint mode, read once from the environment. None set means local mode
 * (SQLite, no sign-in); some set means the operator meant SharePoint mode, so anything missing is an
 * error rather than a silent fall back to local mode.
 */
export const AUTH_ENV_VARIABLES = [
  'GRAPH_TENANT_ID',
  'GRAPH_CLIENT_ID',
  'GRAPH_CLIENT_SECRET',
  'GRAPH_CERTIFICATE_PATH',
  'GRAPH_CERTIFICATE_THUMBPRINT',
  'TAB_APP_ID_URI',
] as const;

export type AuthEnvVariable = (typeof AUTH_ENV_VARIABLES)[number];

export type ClientCredential =
  | { kind: 'secret'; secret: string }
  /** MSAL wants the SHA-1 thumbprint (x5t) or, newer, the SHA-256 one (x5t#S256); we keep which it is. */
  | { kind: 'certificate'; certificatePath: string; thumbprint: string; thumbprintAlgorithm: 'sha1' | 'sha256' };

export interface AuthConfig {
  /** A GUID or a verified domain such as contoso.onmicrosoft.com. */
  tenantId: string;
  clientId: string;
  credential: ClientCredential;
  /** The tab's SSO App ID URI (api://<fqdn>/<client id>); v1 tokens may carry it as their audience. */
  tabAppIdUri?: string;
}

export class AuthConfigError extends Error {
  constructor(
    readonly variable: AuthEnvVariable,
    problem: string,
  ) {
    super(`configuration: ${variable} ${problem}`);
    this.name = 'AuthConfigError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A DNS name with at least one dot: tenants can be named by any verified domain.
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

const tenantId = z
  .string()
  .trim()
  .refine((v) => GUID.test(v) || DOMAIN.test(v), 'must be a tenant GUID or a domain such as contoso.onmicrosoft.com');
const guid = z.string().trim().regex(GUID, 'must be a GUID (the Application (client) ID)');
const nonEmpty = z.string().min(1, 'is set but empty');
const thumbprint = z
  .string()
  .transform((v) => v.replace(/[\s:]/g, ''))
  .refine((v) => /^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(v), 'must be the certificate thumbprint: 40 (SHA-1) or 64 (SHA-256) hex digits');
const appIdUri = z
  .string()
  .trim()
  .refine((v) => /^api:\/\/[^/\s]+\/\S+$/.test(v), 'must look like api://<fully qualified domain>/<client id>');

const schema = z.object({
  GRAPH_TENANT_ID: tenantId,
  GRAPH_CLIENT_ID: guid,
  GRAPH_CLIENT_SECRET: nonEmpty.optional(),
  GRAPH_CERTIFICATE_PATH: nonEmpty.optional(),
  GRAPH_CERTIFICATE_THUMBPRINT: thumbprint.optional(),
  TAB_APP_ID_URI: appIdUri.optional(),
});

function isAuthVariable(name: unknown): name is AuthEnvVariable {
  return (AUTH_ENV_VARIABLES as readonly unknown[]).includes(name);
}

export function readAuthConfig(env: NodeJS.ProcessEnv): AuthConfig | null {
  const present = AUTH_ENV_VARIABLES.filter((name) => env[name] !== undefined);
  if (present.length === 0) return null;

  for (const required of ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID'] as const) {
    if (env[required] === undefined) {
      throw new AuthConfigError(required, `is not set, but ${present.join(', ')} is: SharePoint mode needs the tenant, the client id and a secret or certificate`);
    }
  }
  const picked = Object.fromEntries(present.map((name) => [name, env[name]]));
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = issue?.path[0];
    throw new AuthConfigError(isAuthVariable(variable) ? variable : 'GRAPH_TENANT_ID', issue?.message ?? 'is invalid');
  }
  const e = parsed.data;

  if (e.GRAPH_CLIENT_SECRET !== undefined && e.GRAPH_CERTIFICATE_PATH !== undefined) {
    throw new AuthConfigError('GRAPH_CLIENT_SECRET', 'and GRAPH_CERTIFICATE_PATH are both set: choose one credential');
  }
  let credential: ClientCredential;
  if (e.GRAPH_CERTIFICATE_PATH !== undefined) {
    if (e.GRAPH_CERTIFICATE_THUMBPRINT === undefined) {
      throw new AuthConfigError('GRAPH_CERTIFICATE_THUMBPRINT', 'is not set: it is needed with GRAPH_CERTIFICATE_PATH');
    }
    credential = {
      kind: 'certificate',
      certificatePath: e.GRAPH_CERTIFICATE_PATH,
      thumbprint: e.GRAPH_CERTIFICATE_THUMBPRINT.toUpperCase(),
      thumbprintAlgorithm: e.GRAPH_CERTIFICATE_THUMBPRINT.length === 40 ? 'sha1' : 'sha256',
    };
  } else if (e.GRAPH_CLIENT_SECRET !== undefined) {
    if (e.GRAPH_CERTIFICATE_THUMBPRINT !== undefined) {
      throw new AuthConfigError('GRAPH_CERTIFICATE_THUMBPRINT', 'is set without GRAPH_CERTIFICATE_PATH');
    }
    credential = { kind: 'secret', secret: e.GRAPH_CLIENT_SECRET };
  } else {
    throw new AuthConfigError('GRAPH_CLIENT_SECRET', 'is not set: set GRAPH_CLIENT_SECRET, or GRAPH_CERTIFICATE_PATH with GRAPH_CERTIFICATE_THUMBPRINT');
  }

  return {
    tenantId: e.GRAPH_TENANT_ID,
    clientId: e.GRAPH_CLIENT_ID,
    credential,
    ...(e.TAB_APP_ID_URI !== undefined ? { tabAppIdUri: e.TAB_APP_ID_URI } : {}),
  };
}

/** What is safe to log: never the secret, nor anything derived from it. */
export function describeAuthConfig(config: AuthConfig): string {
  const credential =
    config.credential.kind === 'secret'
      ? 'client secret (redacted)'
      : `certificate ${config.credential.certificatePath} (${config.credential.thumbprintAlgorithm} thumbprint ${config.credential.thumbprint.slice(0, 8)}…)`;
  const sso = config.tabAppIdUri ? `; tab SSO ${config.tabAppIdUri}` : '; tab SSO not configured';
  return `Entra ID tenant ${config.tenantId}, app ${config.clientId}, ${credential}${sso}`;
}

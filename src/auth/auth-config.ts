import { GUID } from '../plan/guid.js';
import { z } from 'zod';
import { SettingsError, settingsErrorFrom } from '../config/settings-error.js';
import { CertificateFileError, readCertificateFile } from './certificate-file.js';

/**
 * Entra ID and Bot Framework settings, read once from the environment. None set means local mode
 * (SQLite, no sign-in, the Agents Playground for the bot); some set means the operator meant a
 * tenant, so anything missing or malformed is an error naming the variable rather than a silent fall
 * back to local mode. A variable set to "" is not the same as unset: it is refused, because an empty
 * secret is almost always a deployment mistake (DESIGN.md, "Configuration parsed once").
 */
export const AUTH_ENV_VARIABLES = [
  'GRAPH_TENANT_ID',
  'GRAPH_CLIENT_ID',
  'GRAPH_CLIENT_SECRET',
  'GRAPH_CERTIFICATE_PATH',
  'GRAPH_CERTIFICATE_THUMBPRINT',
  'TAB_APP_ID_URI',
  'BOT_ID',
  'BOT_PASSWORD',
] as const;

export type AuthEnvVariable = (typeof AUTH_ENV_VARIABLES)[number];

export type ClientCredential =
  | { kind: 'secret'; secret: string }
  /** MSAL takes the SHA-1 thumbprint (x5t) or the SHA-256 one (x5t#S256); we keep which it is. */
  | { kind: 'certificate'; certificatePath: string; thumbprint: string; thumbprintAlgorithm: 'sha1' | 'sha256' };

export interface BotCredentials {
  /** The bot's Microsoft App ID: the audience of the Bot Connector's tokens. */
  appId: string;
  /** BOT_PASSWORD, or the Graph credential when bot and Graph share one app registration. */
  credential: ClientCredential;
}

export interface AuthConfig {
  /** A GUID or a verified domain such as contoso.onmicrosoft.com. */
  tenantId: string;
  clientId: string;
  credential: ClientCredential;
  /** The tab's SSO App ID URI (api://<fqdn>/<client id>); v1 tokens may carry it as their audience. */
  tabAppIdUri?: string;
  /** Absent: no bot registration, the caller runs the bot without channel authentication. */
  bot?: BotCredentials;
}


// A DNS name with at least one dot: tenants can be named by any verified domain.
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

const tenantId = z
  .string()
  .trim()
  .refine((v) => GUID.test(v) || DOMAIN.test(v), 'must be a tenant GUID or a domain such as contoso.onmicrosoft.com');
const clientId = z.string().trim().regex(GUID, 'must be a GUID (the Application (client) ID)');
const botId = z.string().trim().regex(GUID, "must be a GUID (the bot's Microsoft App ID)");
const text = z.string();
const thumbprint = z
  .string()
  .transform((v) => v.replace(/[\s:]/g, ''))
  .refine((v) => /^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(v), 'must be the certificate thumbprint: 40 (SHA-1) or 64 (SHA-256) hex digits');
// tab-sso-register-aad: api://<fully qualified domain>/<client id>, or .../botid-<bot id> with a bot.
const appIdUri = z
  .string()
  .trim()
  .refine((v) => /^api:\/\/[a-z0-9.-]+\.[a-z]{2,63}(:\d+)?\/\S+$/i.test(v), 'must look like api://<fully qualified domain>/<client id>');

const schema = z.object({
  GRAPH_TENANT_ID: tenantId,
  GRAPH_CLIENT_ID: clientId,
  GRAPH_CLIENT_SECRET: text.optional(),
  GRAPH_CERTIFICATE_PATH: text.optional(),
  GRAPH_CERTIFICATE_THUMBPRINT: thumbprint.optional(),
  TAB_APP_ID_URI: appIdUri.optional(),
  BOT_ID: botId.optional(),
  BOT_PASSWORD: text.optional(),
});

export function readAuthConfig(env: NodeJS.ProcessEnv): AuthConfig | null {
  const present = AUTH_ENV_VARIABLES.filter((name) => env[name] !== undefined);
  if (present.length === 0) return null;

  for (const name of present) {
    if (env[name]?.trim() === '') {
      throw new SettingsError(name, 'is set but empty: give it a value, or unset it');
    }
  }
  for (const required of ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID'] as const) {
    if (env[required] === undefined) {
      throw new SettingsError(required, `is not set, but ${present.join(', ')} is: a tenant needs the tenant id, the client id and a secret or certificate`);
    }
  }
  const parsed = schema.safeParse(Object.fromEntries(present.map((name) => [name, env[name]])));
  if (!parsed.success) {
    throw settingsErrorFrom(parsed.error, 'GRAPH_TENANT_ID');
  }
  const e = parsed.data;
  const credential = readCredential(e);
  const bot = readBot(e.BOT_ID, e.BOT_PASSWORD, e.GRAPH_CLIENT_ID, credential);

  if (e.TAB_APP_ID_URI !== undefined) {
    checkAppIdUri(e.TAB_APP_ID_URI, e.GRAPH_CLIENT_ID);
    if (!GUID.test(e.GRAPH_TENANT_ID)) {
      throw new SettingsError('GRAPH_TENANT_ID', 'must be the tenant GUID (Directory (tenant) ID) when TAB_APP_ID_URI is set: SSO tokens name their tenant by GUID');
    }
  }

  return {
    tenantId: e.GRAPH_TENANT_ID,
    clientId: e.GRAPH_CLIENT_ID,
    credential,
    ...(e.TAB_APP_ID_URI !== undefined ? { tabAppIdUri: e.TAB_APP_ID_URI } : {}),
    ...(bot ? { bot } : {}),
  };
}

function readCredential(e: z.infer<typeof schema>): ClientCredential {
  if (e.GRAPH_CLIENT_SECRET !== undefined && e.GRAPH_CERTIFICATE_PATH !== undefined) {
    throw new SettingsError('GRAPH_CLIENT_SECRET', 'and GRAPH_CERTIFICATE_PATH are both set: choose one credential');
  }
  if (e.GRAPH_CERTIFICATE_PATH !== undefined) {
    const path = e.GRAPH_CERTIFICATE_PATH;
    const configured = e.GRAPH_CERTIFICATE_THUMBPRINT ?? deriveThumbprint(path);
    return {
      kind: 'certificate',
      certificatePath: path,
      thumbprint: configured.toUpperCase(),
      thumbprintAlgorithm: configured.length === 40 ? 'sha1' : 'sha256',
    };
  }
  if (e.GRAPH_CERTIFICATE_THUMBPRINT !== undefined) {
    throw new SettingsError('GRAPH_CERTIFICATE_THUMBPRINT', 'is set without GRAPH_CERTIFICATE_PATH');
  }
  if (e.GRAPH_CLIENT_SECRET !== undefined) return { kind: 'secret', secret: e.GRAPH_CLIENT_SECRET };
  throw new SettingsError('GRAPH_CLIENT_SECRET', 'is not set: set GRAPH_CLIENT_SECRET, or GRAPH_CERTIFICATE_PATH (with GRAPH_CERTIFICATE_THUMBPRINT unless the file holds the certificate)');
}

/** SHA-256, the thumbprint MSAL now prefers, taken from the certificate in the PEM bundle. */
function deriveThumbprint(path: string): string {
  let file;
  try {
    file = readCertificateFile(path);
  } catch (error) {
    if (error instanceof CertificateFileError) throw new SettingsError('GRAPH_CERTIFICATE_PATH', error.message.replace(/^GRAPH_CERTIFICATE_PATH /, ''));
    throw error;
  }
  if (!file.thumbprints) {
    throw new SettingsError('GRAPH_CERTIFICATE_THUMBPRINT', `is not set, and ${path} holds only the private key: set the thumbprint, or add the certificate to the file`);
  }
  return file.thumbprints.sha256;
}

function readBot(id: string | undefined, password: string | undefined, graphClientId: string, graphCredential: ClientCredential): BotCredentials | undefined {
  if (id === undefined) {
    if (password !== undefined) throw new SettingsError('BOT_ID', 'is not set, but BOT_PASSWORD is');
    return undefined;
  }
  if (password !== undefined) return { appId: id, credential: { kind: 'secret', secret: password } };
  if (id.toLowerCase() === graphClientId.toLowerCase()) return { appId: id, credential: graphCredential };
  throw new SettingsError('BOT_PASSWORD', `is not set: the bot ${id} is another app registration than GRAPH_CLIENT_ID, so it needs its own secret`);
}

function checkAppIdUri(uri: string, graphClientId: string): void {
  const last = (uri.split('/').pop() ?? '').toLowerCase();
  const id = graphClientId.toLowerCase();
  if (last !== id && last !== `botid-${id}`) {
    throw new SettingsError(
      'TAB_APP_ID_URI',
      `must end with the client id (api://<fqdn>/${graphClientId}, or api://<fqdn>/botid-${graphClientId} when the bot shares the registration): the server can only exchange tokens issued to its own app`,
    );
  }
}

/** What is safe to log: never a secret, nor anything derived from one. */
export function describeAuthConfig(config: AuthConfig): string {
  const sso = config.tabAppIdUri ? `; tab SSO ${config.tabAppIdUri}` : '; tab SSO not configured';
  const bot = !config.bot
    ? '; bot not registered (channel authentication off)'
    : config.bot.credential === config.credential
      ? `; bot ${config.bot.appId} (same registration and credential)`
      : `; bot ${config.bot.appId} (${describeCredential(config.bot.credential)})`;
  return `Entra ID tenant ${config.tenantId}, app ${config.clientId}, ${describeCredential(config.credential)}${sso}${bot}`;
}

function describeCredential(credential: ClientCredential): string {
  return credential.kind === 'secret'
    ? 'client secret (redacted)'
    : `certificate ${credential.certificatePath} (${credential.thumbprintAlgorithm} thumbprint ${credential.thumbprint.slice(0, 8)}…)`;
}

/**
 * What the manifest template is filled with, read once from the environment. The Entra variables
 * are the server's own (src/auth/auth-config.ts): the package must name the registration the
 * server validates tokens for, so it reads GRAPH_CLIENT_ID, BOT_ID and TAB_APP_ID_URI, and never a
 * secret.
 */
import { teamsAppIdFor } from '../../src/config/teams-app-id.js';
import { z } from 'zod';

export interface PackageSettings {
  /** https://plans.example.org: where the server (tab, API, bot endpoint) is reachable from Teams. */
  publicUrl: string;
  /** plans.example.org (with :port when not 443). */
  publicHost: string;
  /** The Teams app id (manifest "id"). */
  teamsAppId: string;
  appVersion: string;
  /** The Entra app registration: SSO audience, webApplicationInfo.id. */
  clientId: string;
  /** The bot's Microsoft App ID. */
  botId: string;
  /** webApplicationInfo.resource: api://<public host>/<client id>, unless TAB_APP_ID_URI says otherwise. */
  appIdUri: string;
  developerName: string;
  privacyUrl: string;
  termsUrl: string;
}

export const PACKAGE_ENV_VARIABLES = [
  'PLAN_PUBLIC_URL',
  'GRAPH_CLIENT_ID',
  'BOT_ID',
  'TAB_APP_ID_URI',
  'PLAN_TEAMS_APP_ID',
  'PLAN_APP_VERSION',
  'PLAN_DEVELOPER_NAME',
  'PLAN_PRIVACY_URL',
  'PLAN_TERMS_URL',
] as const;
type PackageEnvVariable = (typeof PACKAGE_ENV_VARIABLES)[number];

export class PackageSettingsError extends Error {
  constructor(
    readonly variable: PackageEnvVariable,
    problem: string,
  ) {
    super(`configuration: ${variable} ${problem}`);
    this.name = 'PackageSettingsError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const guid = (what: string) => z.string().trim().regex(GUID, `must be a GUID (${what})`);
const httpsUrl = z
  .string()
  .trim()
  .refine((v) => URL.canParse(v) && new URL(v).protocol === 'https:', 'must be an https:// URL: Teams loads tabs and calls bots over HTTPS only');
// The tab is built for /tab/ at the root of its origin (tab/README.md), so no path prefix.
const publicOrigin = httpsUrl.refine((v) => !URL.canParse(v) || (new URL(v).pathname === '/' && !new URL(v).search), 'must be the origin only, such as https://plans.example.org: the tab is served from /tab/ at its root');

const schema = z.object({
  PLAN_PUBLIC_URL: publicOrigin,
  GRAPH_CLIENT_ID: guid('the Application (client) ID of the app registration'),
  BOT_ID: guid("the bot's Microsoft App ID").optional(),
  TAB_APP_ID_URI: z.string().trim().regex(/^api:\/\/[^/\s]+\/\S+$/, 'must look like api://<public host>/<client id>').optional(),
  PLAN_TEAMS_APP_ID: guid('the Teams app id').optional(),
  PLAN_APP_VERSION: z.string().trim().regex(/^\d+\.\d+\.\d+$/, 'must be a version such as 1.2.3').optional(),
  PLAN_DEVELOPER_NAME: z.string().trim().min(1).max(32, 'must be at most 32 characters (the manifest limit)').optional(),
  PLAN_PRIVACY_URL: httpsUrl.optional(),
  PLAN_TERMS_URL: httpsUrl.optional(),
});

const REQUIRED_HINT: Partial<Record<PackageEnvVariable, string>> = {
  PLAN_PUBLIC_URL: 'the https:// address Teams reaches this server at, e.g. https://plans.example.org',
  GRAPH_CLIENT_ID: 'the Application (client) ID of the Entra app registration (see docs/permissions.md)',
};

export function readPackageSettings(env: NodeJS.ProcessEnv, defaults: { appVersion: string }): PackageSettings {
  const present = Object.fromEntries(PACKAGE_ENV_VARIABLES.filter((n) => env[n] !== undefined).map((n) => [n, env[n]]));
  for (const [name, value] of Object.entries(present)) {
    if (value?.trim() === '') throw new PackageSettingsError(name as PackageEnvVariable, 'is set but empty: give it a value, or unset it');
  }
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = (issue?.path[0] ?? 'PLAN_PUBLIC_URL') as PackageEnvVariable;
    const missing = present[variable] === undefined;
    throw new PackageSettingsError(variable, missing ? `is not set: ${REQUIRED_HINT[variable] ?? 'it is required'}` : (issue?.message ?? 'is invalid'));
  }
  const e = parsed.data;
  const url = new URL(e.PLAN_PUBLIC_URL);
  const publicUrl = url.origin;
  const clientId = e.GRAPH_CLIENT_ID.toLowerCase();
  const appIdUri = e.TAB_APP_ID_URI ?? `api://${url.host}/${clientId}`;
  return {
    publicUrl,
    publicHost: url.host,
    teamsAppId: (e.PLAN_TEAMS_APP_ID ?? teamsAppIdFor(clientId)).toLowerCase(),
    appVersion: e.PLAN_APP_VERSION ?? defaults.appVersion,
    clientId,
    // One registration for the tab and the bot is the common case (auth-config reads it the same way).
    botId: (e.BOT_ID ?? clientId).toLowerCase(),
    appIdUri,
    developerName: e.PLAN_DEVELOPER_NAME ?? 'Action plans in Teams',
    privacyUrl: e.PLAN_PRIVACY_URL ?? publicUrl,
    termsUrl: e.PLAN_TERMS_URL ?? publicUrl,
  };
}

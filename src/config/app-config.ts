import { SettingsError, settingsErrorFrom } from './settings-error.js';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Settings read once from options and the environment (options win). Unset stays distinct from
 * empty: PLAN_HOST="" is an error, not "use the default".
 */
const envSchema = z.object({
  PLAN_DB: z.string().min(1, 'must name a SQLite file').optional(),
  PLAN_HOST: z.string().min(1).optional(),
  PLAN_PORT: z.coerce.number({ message: 'must be a port number (0-65535)' }).int('must be a port number (0-65535)').min(0, 'must be a port number (0-65535)').max(65535, 'must be a port number (0-65535)').optional(),
  PLAN_LOCAL_USER: z.string().min(1).max(100).optional(),
  PLAN_ALLOW_REMOTE: z.enum(['true', 'false']).optional(),
  /** More host names the local server may be addressed by, comma-separated (a name in /etc/hosts for 127.0.0.1). */
  PLAN_ALLOWED_HOSTS: z
    .string()
    .regex(/^\s*[a-z0-9.:[\]-]+(\s*,\s*[a-z0-9.:[\]-]+)*\s*$/i, 'must be host names separated by commas, such as plans.local,my-laptop')
    .optional(),
});

export interface AppConfig {
  dbPath: string;
  host: string;
  port: number;
  /** Shown as the author of updates made in local mode, where nobody signs in. */
  localUserName: string;
  /** Local mode has no sign-in, so it serves loopback only unless this is set deliberately. */
  allowRemote: boolean;
  /** Host names requests may be addressed to in local mode: loopback, the bound address, PLAN_ALLOWED_HOSTS. */
  allowedHosts: string[];
}

export const DEFAULT_DB_PATH = './data/plans.db';
export const DEFAULT_PORT = 3978;

export interface ConfigOverrides {
  dbPath?: string;
  host?: string;
  port?: number;
  /** Tenant mode signs every API request in (request-identity.ts), so any address may be served. */
  signInRequired?: boolean;
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** The local server's variables, each checked, before the command line's options are applied. */
export interface LocalSettings {
  dbPath: string | null;
  host: string | null;
  port: number | null;
  localUserName: string;
  allowRemote: boolean;
  extraAllowedHosts: string[];
}

export function readLocalSettings(env: NodeJS.ProcessEnv): LocalSettings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw settingsErrorFrom(parsed.error, 'PLAN_HOST');
  const e = parsed.data;
  return {
    dbPath: e.PLAN_DB ?? null,
    host: e.PLAN_HOST ?? null,
    port: e.PLAN_PORT ?? null,
    localUserName: e.PLAN_LOCAL_USER ?? 'Local demo user',
    allowRemote: e.PLAN_ALLOW_REMOTE === 'true',
    extraAllowedHosts: e.PLAN_ALLOWED_HOSTS?.split(',').map((h) => h.trim().toLowerCase()) ?? [],
  };
}

/** Where the server listens and which file it keeps: options over variables over defaults. */
export function resolveAppConfig(local: LocalSettings, overrides: ConfigOverrides = {}): AppConfig {
  const host = overrides.host ?? local.host ?? '127.0.0.1';
  const allowRemote = local.allowRemote || overrides.signInRequired === true;
  if (!isLoopback(host) && !allowRemote) {
    throw new SettingsError(
      overrides.host !== undefined ? '--host' : 'PLAN_HOST',
      `${host} is not a loopback address; local mode has no sign-in, so it serves 127.0.0.1 only (set PLAN_ALLOW_REMOTE=true behind your own authentication to override)`,
    );
  }
  return {
    dbPath: resolve(overrides.dbPath ?? local.dbPath ?? DEFAULT_DB_PATH),
    host,
    port: overrides.port ?? local.port ?? DEFAULT_PORT,
    localUserName: local.localUserName,
    allowRemote,
    allowedHosts: [...new Set(['127.0.0.1', 'localhost', '::1', host, ...local.extraAllowedHosts])],
  };
}

/** The two steps at once, for tests of the rules. */
export function readAppConfig(env: NodeJS.ProcessEnv, overrides: ConfigOverrides = {}): AppConfig {
  return resolveAppConfig(readLocalSettings(env), overrides);
}

/** What is safe to log: no secrets, no plan content. */
export function describeConfig(config: AppConfig): string {
  return `store sqlite at ${config.dbPath}; listening on ${config.host}:${config.port}`;
}

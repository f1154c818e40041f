import { z } from 'zod';
import type { AuthConfig } from '../../src/auth/auth-config.js';
import { settingsErrorFrom } from '../../src/config/settings-error.js';
import { GUID } from '../../src/plan/guid.js';
import { teamsAppIdFor } from '../../src/config/teams-app-id.js';
import { readTeamsRateLimits, type TeamsRateLimits } from '../delivery/teams-rate-limits.js';

/*
 * Its own module, apart from the sending (reminder-setup.ts), because every command reads the
 * settings (src/app/settings.ts) and most never send: reading this must not load MSAL, the Graph
 * pipeline or botbuilder (test/cli/lazy-loading.test.ts holds it to that).
 */

/**
 * How reminders are sent, read once from the environment:
 *
 * - the bot's registration (BOT_ID, BOT_PASSWORD or the shared Graph credential: src/auth/auth-config.ts);
 * - PLAN_TEAMS_CATALOG_APP_ID: the app's id in the organisation's Teams catalogue, for installing it
 *   for leads who never opened the bot (unset: they are reached only if a chat can be created);
 * - PLAN_BOT_SERVICE_URL: the Bot Connector for people with no stored conversation (default: the
 *   newest stored conversation's, else https://smba.trafficmanager.net/teams/);
 * - PLAN_TEAMS_APP_RPS: Teams' per-app-per-tenant rate, 50 unless Microsoft changes it (teams-rate-limits.ts);
 * - for plans that tell leads through Teams' activity feed: the app's manifest id (PLAN_TEAMS_APP_ID,
 *   by default the id `npm run package:app` gives the registration) and PLAN_PUBLIC_URL, which the
 *   notice's link to the action is made of. Without a tenant or a public address, no feed: leads
 *   get the card.
 */
export interface ReminderSendingConfig {
  botId: string;
  tenantId: string | null;
  catalogAppId: string | null;
  serviceUrl: string | null;
  graphBaseUrl: string;
  limits: TeamsRateLimits;
  /** What the activity feed's links are made of; null when the feed cannot be used here. */
  feed: { manifestAppId: string; publicUrl: string } | null;
}

const envSchema = z.object({
  PLAN_TEAMS_CATALOG_APP_ID: z.string().trim().regex(GUID, 'must be a GUID: the app id in the Teams catalogue (appCatalogs/teamsApps, not the manifest id)').optional(),
  PLAN_TEAMS_APP_ID: z.string().trim().regex(GUID, "must be a GUID: the Teams app's id in its manifest").optional(),
  PLAN_BOT_SERVICE_URL: z
    .string()
    .trim()
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), 'must be the Bot Connector service URL, such as https://smba.trafficmanager.net/teams/')
    .optional(),
});

export function readReminderSendingConfig(env: NodeJS.ProcessEnv, auth: AuthConfig | null, graphBaseUrl: string, publicUrl: string | null): ReminderSendingConfig {
  const parsed = envSchema.safeParse({ PLAN_TEAMS_CATALOG_APP_ID: env.PLAN_TEAMS_CATALOG_APP_ID, PLAN_TEAMS_APP_ID: env.PLAN_TEAMS_APP_ID, PLAN_BOT_SERVICE_URL: env.PLAN_BOT_SERVICE_URL });
  if (!parsed.success) {
    throw settingsErrorFrom(parsed.error, 'PLAN_TEAMS_CATALOG_APP_ID');
  }
  return {
    botId: auth?.bot?.appId ?? '',
    tenantId: auth?.tenantId ?? null,
    catalogAppId: parsed.data.PLAN_TEAMS_CATALOG_APP_ID ?? null,
    serviceUrl: parsed.data.PLAN_BOT_SERVICE_URL ?? null,
    graphBaseUrl,
    limits: readTeamsRateLimits(env),
    feed: auth && publicUrl !== null ? { manifestAppId: (parsed.data.PLAN_TEAMS_APP_ID ?? teamsAppIdFor(auth.clientId)).toLowerCase(), publicUrl } : null,
  };
}

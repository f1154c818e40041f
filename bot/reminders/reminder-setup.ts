import { settingsErrorFrom } from '../../src/config/settings-error.js';
import { GUID } from '../../src/plan/guid.js';
import { z } from 'zod';
import { createAppTokenProvider } from '../../src/auth/app-token-provider.js';
import type { AuthConfig } from '../../src/auth/auth-config.js';
import { createMsalClient, type MsalClientOptions } from '../../src/auth/msal-client.js';
import type { Clock } from '../../src/config/today.js';
import { createGraphHttp, type GraphHttp } from '../../src/graph/graph-http.js';
import type { PacingClock } from '../../src/graph/pacing-clock.js';
import type { RetryOptions } from '../../src/graph/retry-policy.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { graphAppInstaller, type AppInstaller } from '../delivery/app-installer.js';
import { createBotConnector, type BotConnector } from '../delivery/connector-client.js';
import { LeadReach } from '../delivery/lead-reach.js';
import { ProactiveSender } from '../delivery/proactive-sender.js';
import { teamChannelDelivery } from '../delivery/team-channel.js';
import type { PlanChannels } from '../../src/service/channel-digest.js';
import { TeamsRateLimiter, TokenBucket } from '../delivery/teams-rate-limiter.js';
import { GRAPH_INSTALLS_PER_SECOND, readTeamsRateLimits, type TeamsRateLimits } from '../delivery/teams-rate-limits.js';

/**
 * How reminders are sent, read once from the environment:
 *
 * - the bot's registration (BOT_ID, BOT_PASSWORD or the shared Graph credential: src/auth/auth-config.ts);
 * - PLAN_TEAMS_CATALOG_APP_ID: the app's id in the organisation's Teams catalogue, for installing it
 *   for leads who never opened the bot (unset: they are reached only if a chat can be created);
 * - PLAN_BOT_SERVICE_URL: the Bot Connector for people with no stored conversation (default: the
 *   newest stored conversation's, else https://smba.trafficmanager.net/teams/);
 * - PLAN_TEAMS_APP_RPS: Teams' per-app-per-tenant rate, 50 unless Microsoft changes it (teams-rate-limits.ts).
 */
export interface ReminderSendingConfig {
  botId: string;
  tenantId: string | null;
  catalogAppId: string | null;
  serviceUrl: string | null;
  graphBaseUrl: string;
  limits: TeamsRateLimits;
}


const envSchema = z.object({
  PLAN_TEAMS_CATALOG_APP_ID: z.string().trim().regex(GUID, 'must be a GUID: the app id in the Teams catalogue (appCatalogs/teamsApps, not the manifest id)').optional(),
  PLAN_BOT_SERVICE_URL: z
    .string()
    .trim()
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), 'must be the Bot Connector service URL, such as https://smba.trafficmanager.net/teams/')
    .optional(),
});

export function readReminderSendingConfig(env: NodeJS.ProcessEnv, auth: AuthConfig | null, graphBaseUrl: string): ReminderSendingConfig {
  const parsed = envSchema.safeParse({ PLAN_TEAMS_CATALOG_APP_ID: env.PLAN_TEAMS_CATALOG_APP_ID, PLAN_BOT_SERVICE_URL: env.PLAN_BOT_SERVICE_URL });
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
  };
}

/**
 * The bot's token for the Bot Connector: client credentials for https://api.botframework.com/.default
 * from the bot's own tenant, as single-tenant bots are now registered ("Authenticate requests from
 * your bot to the Bot Connector service", learn.microsoft.com/azure/bot-service/rest-api/
 * bot-framework-rest-connector-authentication). MSAL keeps it cached until it nears expiry.
 */
export function botConnectorToken(auth: AuthConfig | null, msal: MsalClientOptions = {}): () => Promise<string | null> {
  const bot = auth?.bot;
  if (!auth || !bot) return async () => null;
  const { app } = createMsalClient({ tenantId: auth.tenantId, clientId: bot.appId, credential: bot.credential }, msal);
  return async () => {
    const result = await app.acquireTokenByClientCredential({ scopes: ['https://api.botframework.com/.default'] });
    if (!result?.accessToken) throw new Error('Entra ID returned no token for the Bot Connector');
    return result.accessToken;
  };
}

export interface ReminderSending {
  sender: ProactiveSender;
  reach: LeadReach;
  limiter: TeamsRateLimiter;
  /** Whether leads without a chat get the app installed through Graph. */
  canInstall: boolean;
  /** The teams the bot is in, for the plans' scheduled digests, through the same sender. */
  channels: PlanChannels;
}

export interface ReminderSendingDeps {
  store: PlanStore;
  clock: Clock;
  config: ReminderSendingConfig;
  auth: AuthConfig | null;
  /** Tests: a connector over a local server, a Graph pipeline to the local Graph, a fake pacing clock. */
  connector?: BotConnector;
  graph?: GraphHttp;
  pacing?: PacingClock;
  msal?: MsalClientOptions;
  /** Backoff for 412/5xx (429s wait for Retry-After whatever this says). */
  retry?: Partial<RetryOptions>;
}

/** One sender, one limiter and one installer for the process: every sweep shares the app's rate. */
export function createReminderSending(deps: ReminderSendingDeps): ReminderSending {
  const { config, auth } = deps;
  const limiter = new TeamsRateLimiter(config.limits, deps.pacing ? { clock: deps.pacing } : {});
  const connector = deps.connector ?? createBotConnector({ getToken: botConnectorToken(auth, deps.msal) });
  const sender = new ProactiveSender({ connector, limiter, ...(deps.retry && { retry: deps.retry }) });
  let installer: AppInstaller | null = null;
  if (config.catalogAppId && (deps.graph || auth)) {
    let graph = deps.graph;
    if (!graph) {
      const tokens = createAppTokenProvider(auth!, deps.msal);
      graph = createGraphHttp({ getToken: (audience) => tokens.getToken(audience), graphBaseUrl: config.graphBaseUrl });
    }
    installer = graphAppInstaller(graph, config.catalogAppId, new TokenBucket(GRAPH_INSTALLS_PER_SECOND, 1, limiter.clock));
  }
  const reach = new LeadReach({
    store: deps.store,
    sender,
    installer,
    botId: config.botId,
    tenantId: config.tenantId,
    ...(config.serviceUrl && { serviceUrl: config.serviceUrl }),
    clock: deps.clock,
  });
  return { sender, reach, limiter, canInstall: installer !== null, channels: teamChannelDelivery({ store: deps.store, connector, sender }) };
}

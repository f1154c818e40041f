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
import { GRAPH_INSTALLS_PER_SECOND } from '../delivery/teams-rate-limits.js';
import type { ReminderSendingConfig } from './reminder-sending-config.js';
import { ACTIVITY_FEED_PER_SECOND, actionDeepLink, graphActivityFeed } from '../delivery/activity-feed.js';
import type { LeadFeed } from './feed-delivery.js';

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
  /** Teams' activity feed, for plans that tell their leads through it; null without a tenant or a public address. */
  feed: LeadFeed | null;
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
  /** Tests: the activity feed's pipeline to the local Graph, making one attempt a call (graphActivityFeed retries itself). */
  feedGraph?: GraphHttp;
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
  const tokens = auth ? createAppTokenProvider(auth, deps.msal) : null;
  let installer: AppInstaller | null = null;
  if (config.catalogAppId && (deps.graph || tokens)) {
    const graph = deps.graph ?? createGraphHttp({ getToken: (audience) => tokens!.getToken(audience), graphBaseUrl: config.graphBaseUrl });
    installer = graphAppInstaller(graph, config.catalogAppId, new TokenBucket(GRAPH_INSTALLS_PER_SECOND, 1, limiter.clock));
  }
  let feed: LeadFeed | null = null;
  const links = config.feed;
  const feedGraph = deps.feedGraph ?? (tokens ? createGraphHttp({ getToken: (audience) => tokens.getToken(audience), graphBaseUrl: config.graphBaseUrl, retry: { maxAttempts: 1 } }) : null);
  if (links && feedGraph) {
    feed = {
      feed: graphActivityFeed(feedGraph, { teamsAppId: config.catalogAppId, pace: new TokenBucket(ACTIVITY_FEED_PER_SECOND, 1, limiter.clock) }),
      linkTo: (planId, ref) => actionDeepLink({ teamsAppId: links.manifestAppId, publicUrl: links.publicUrl, planId, ref }),
    };
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
  return { sender, reach, limiter, canInstall: installer !== null, channels: teamChannelDelivery({ store: deps.store, connector, sender }), feed };
}

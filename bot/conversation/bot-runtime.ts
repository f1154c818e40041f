import type { AuthConfig } from '../../src/auth/auth-config.js';
import { SettingsError } from '../../src/config/settings-error.js';
import { createBotRequestValidator, type BotRequestValidator } from '../../src/auth/bot-request-validator.js';
import type { Clock } from '../../src/config/today.js';
import { isGuid } from '../../src/plan/guid.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { PlanBot } from './plan-bot.js';
import type { BotAdapter } from './bot-turn.js';
import { createBotbuilderAdapter } from './botbuilder-adapter.js';
import type { MeetingChat } from '../../src/service/meeting-summary.js';
import { createBotConnector, type BotConnector } from '../delivery/connector-client.js';
import { meetingChatDelivery } from '../delivery/meeting-chat.js';
import { teamChannelDelivery } from '../delivery/team-channel.js';
import type { PlanChannels } from '../../src/service/channel-digest.js';
import { ProactiveSender } from '../delivery/proactive-sender.js';
import { TeamsRateLimiter } from '../delivery/teams-rate-limiter.js';
import { DEFAULT_TEAMS_RATE_LIMITS } from '../delivery/teams-rate-limits.js';
import { botConnectorToken } from '../reminders/reminder-setup.js';
import { localServiceUrls, registeredServiceUrls, type ServiceUrlAllowList } from './service-urls.js';

export interface BotRuntimeOptions {
  store: PlanStore;
  clock: Clock;
  log: (line: string) => void;
  /** Entra ID and bot settings (src/auth/auth-config.ts); null or without `bot` is local mode. */
  auth: AuthConfig | null;
  /** Checks the Bot Connector's token; by default against the Bot Framework's published keys. */
  validator?: BotRequestValidator;
  /** PLAN_BOT_SERVICE_URLS (bot/bot-settings.ts): null for the mode's default. */
  serviceUrls?: readonly string[] | null;
  /** False (PLAN_BOT=off): no bot is served, whatever else is configured. */
  enabled?: boolean;
  /** Tests: the Bot Connector the meeting summary and digests are posted through (default: the real one, with the bot's token). */
  connector?: BotConnector;
}

export type BotMode =
  | { kind: 'off' }
  | { kind: 'local'; serviceUrls: ServiceUrlAllowList }
  | { kind: 'registered'; appId: string; tenantId: string; validator: BotRequestValidator; serviceUrls: ServiceUrlAllowList };

/**
 * One bot and one adapter for the process: /api/messages runs turns through the adapter (the bot
 * SDK, behind our BotAdapter), which can also continue a stored conversation. Reminders, summaries
 * and digests are posted through the Bot Connector client (bot/delivery), not the SDK.
 */
export interface BotRuntime {
  adapter: BotAdapter;
  bot: PlanBot;
  mode: BotMode;
  log: (line: string) => void;
  /** The meeting chats the bot was added to: who is in them, and posting a meeting's summary. */
  meetingChat: MeetingChat;
  /** The teams the bot was added to: who is in them, and posting a plan's digest to a channel. */
  planChannels: PlanChannels;
}

export function createBotRuntime(options: BotRuntimeOptions): BotRuntime {
  // With a tenant configured the server may face a network (behind a proxy on the same host, every
  // request comes from 127.0.0.1): a bot without the Bot Connector's token check would take anyone's activities.
  if (options.enabled !== false && options.auth && !options.auth.bot) {
    throw new SettingsError(
      'BOT_ID',
      'is not set, but a tenant is (GRAPH_TENANT_ID): the bot takes only activities signed for its registration, so give it BOT_ID (and BOT_PASSWORD unless it is GRAPH_CLIENT_ID), or set PLAN_BOT=off to serve no bot',
    );
  }
  const appId = options.auth?.bot?.appId ?? '';
  // Every Teams activity names its tenant by GUID (channelData.tenant.id); a domain would match none.
  if (options.enabled !== false && appId && options.auth && !isGuid(options.auth.tenantId)) {
    throw new SettingsError('GRAPH_TENANT_ID', 'must be the tenant GUID (Directory (tenant) ID) when BOT_ID is set: the bot takes activities from its own tenant only, and Teams names it by GUID');
  }
  const adapter = createBotbuilderAdapter({ auth: options.auth, appId, log: options.log });
  // One summary a meeting and a digest a plan, a few a day: their own limiter at Teams' rates is enough.
  const connector = options.connector ?? createBotConnector({ getToken: botConnectorToken(options.auth) });
  const sender = new ProactiveSender({ connector, limiter: new TeamsRateLimiter(DEFAULT_TEAMS_RATE_LIMITS) });
  const meetingChat = meetingChatDelivery({ store: options.store, connector, sender });
  const planChannels = teamChannelDelivery({ store: options.store, connector, sender });
  const bot = new PlanBot({ store: options.store, clock: options.clock, log: options.log, meetingChat });

  const configured = options.serviceUrls ?? null;
  let mode: BotMode;
  if (options.enabled === false) mode = { kind: 'off' };
  else if (appId && options.auth) mode = { kind: 'registered', appId, tenantId: options.auth.tenantId, validator: options.validator ?? createBotRequestValidator({ botId: appId }), serviceUrls: registeredServiceUrls(configured) };
  else mode = { kind: 'local', serviceUrls: localServiceUrls(configured) };

  return {
    adapter,
    bot,
    mode,
    log: options.log,
    meetingChat,
    planChannels,
  };
}

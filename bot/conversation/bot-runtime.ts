import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConversationReference,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { AuthConfig } from '../../src/auth/auth-config.js';
import { SettingsError } from '../../src/config/settings-error.js';
import { readCertificateFile } from '../../src/auth/certificate-file.js';
import { createBotRequestValidator, type BotRequestValidator } from '../../src/auth/bot-request-validator.js';
import type { Clock } from '../../src/config/today.js';
import { PlanError } from '../../src/plan/errors.js';
import { isGuid } from '../../src/plan/guid.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { TURN_FAILED } from './chat-replies.js';
import { PlanBot } from './plan-bot.js';
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

/** What processActivity takes when the request was authenticated before the adapter saw it. */
type AuthenticatedRequest = Exclude<Parameters<CloudAdapter['processActivityDirect']>[0], string>;

/** The audience of the Bot Connector in the public cloud (botbuilder's AuthenticationConstants.ToChannelFromBotOAuthScope). */
const TO_CHANNEL_FROM_BOT_SCOPE = 'https://api.botframework.com';

/**
 * The CloudAdapter, opened up for a request whose token src/auth/bot-request-validator.ts has already
 * checked: the turn then runs with the claims botbuilder builds for a Bot Connector request to this
 * bot (audience and app id claims set to the bot's id), and replies use the adapter's own outbound
 * credentials. Local mode uses botbuilder's own path with authentication disabled.
 */
export class PlanBotAdapter extends CloudAdapter {
  constructor(
    auth: ConfigurationBotFrameworkAuthentication,
    readonly appId: string,
  ) {
    super(auth);
  }

  /** A request from the Bot Connector whose token was validated for this bot. */
  processAuthenticated(activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    const claimsIdentity = this.createClaimsIdentity(this.appId);
    const request: AuthenticatedRequest = {
      audience: TO_CHANNEL_FROM_BOT_SCOPE,
      callerId: CallerIdConstants.PublicAzureChannel,
      claimsIdentity,
      connectorFactory: this.botFrameworkAuthentication.createConnectorFactory(claimsIdentity),
    };
    return this.processActivity(request, activity, logic);
  }

  /** Local mode: no bot registration, so botbuilder runs the turn unauthenticated and replies without a token. */
  processLocal(activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity('', activity, logic);
  }
}

/**
 * Outbound credentials for replies and proactive messages: the bot's secret, or the certificate it
 * shares with Graph. Single-tenant, as Azure Bot registrations are now created
 * (learn.microsoft.com/azure/bot-service/bot-builder-authentication; botbuilder's
 * ConfigurationServiceClientCredentialFactory). Without a bot registration nothing is configured,
 * which botbuilder reads as authentication disabled.
 */
export function botFrameworkAuthentication(auth: AuthConfig | null): ConfigurationBotFrameworkAuthentication {
  const bot = auth?.bot;
  if (!auth || !bot) return new ConfigurationBotFrameworkAuthentication({});
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: bot.appId,
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: auth.tenantId,
  };
  if (bot.credential.kind === 'secret') {
    options.MicrosoftAppPassword = bot.credential.secret;
  } else {
    const file = readCertificateFile(bot.credential.certificatePath);
    // botbuilder's certificate credentials take the SHA-1 thumbprint (x5t).
    const sha1 = file.thumbprints?.sha1 ?? (bot.credential.thumbprintAlgorithm === 'sha1' ? bot.credential.thumbprint : undefined);
    if (!sha1) {
      throw new PlanError('invalid_input', `the bot needs the SHA-1 thumbprint of its certificate: add the certificate to ${bot.credential.certificatePath} beside the key`);
    }
    options.CertificateThumbprint = sha1;
    options.CertificatePrivateKey = file.privateKeyPem;
  }
  return new ConfigurationBotFrameworkAuthentication(options);
}

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
 * One bot and one adapter for the process: /api/messages runs turns through it, and the reminder
 * sender (bot/reminder-sweep*.ts) sends proactively through the same adapter and credentials.
 */
export interface BotRuntime {
  adapter: PlanBotAdapter;
  bot: PlanBot;
  mode: BotMode;
  log: (line: string) => void;
  /**
   * Runs `logic` in the conversation a stored reference names (CloudAdapter.continueConversationAsync;
   * learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages).
   */
  continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
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
  const adapter = new PlanBotAdapter(botFrameworkAuthentication(options.auth), appId);
  // One summary a meeting and a digest a plan, a few a day: their own limiter at Teams' rates is enough.
  const connector = options.connector ?? createBotConnector({ getToken: botConnectorToken(options.auth) });
  const sender = new ProactiveSender({ connector, limiter: new TeamsRateLimiter(DEFAULT_TEAMS_RATE_LIMITS) });
  const meetingChat = meetingChatDelivery({ store: options.store, connector, sender });
  const planChannels = teamChannelDelivery({ store: options.store, connector, sender });
  const bot = new PlanBot({ store: options.store, clock: options.clock, log: options.log, meetingChat });

  adapter.onTurnError = async (context, error) => {
    // The error's name and code only: a message may quote what someone wrote.
    const code = error instanceof PlanError ? ` code=${error.code}` : '';
    options.log(`bot turn failed: ${context.activity.type ?? 'activity'} ${error instanceof Error ? error.name : 'error'}${code}`);
    if (context.activity.type === 'message') {
      try {
        await context.sendActivity(TURN_FAILED);
      } catch {
        options.log('bot could not tell the sender that the turn failed');
      }
    }
  };

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
    continueConversation: (reference, logic) => adapter.continueConversationAsync(appId, reference, logic),
  };
}

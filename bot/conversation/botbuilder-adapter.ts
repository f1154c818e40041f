import {
  CallerIdConstants,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  TurnContext,
  type Activity,
  type ActivityTimestamps,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConversationReference as BotbuilderReference,
  type InvokeResponse,
} from 'botbuilder';
import type { AuthConfig } from '../../src/auth/auth-config.js';
import { readCertificateFile } from '../../src/auth/certificate-file.js';
import { PlanError } from '../../src/plan/errors.js';
import { incomingActivitySchema, type BotAdapter, type ConversationReference, type InvokeReply, type ReceivedActivity, type Turn, type TurnHandler } from './bot-turn.js';
import { TURN_FAILED } from './chat-replies.js';

/*
 * The one module that knows botbuilder (archived upstream since the end of 2025). It turns
 * botbuilder's TurnContext into our Turn, runs CloudAdapter with the Bot Framework's authentication
 * and our turn error handler, and continues stored conversations. Moving to the Teams SDK or the
 * Agents SDK replaces this file with one implementing the same BotAdapter (bot-turn.ts);
 * test/architecture.test.ts keeps every other file of src and bot off botbuilder.
 */

/** What processActivity takes when the request was authenticated before the adapter saw it. */
type AuthenticatedRequest = Exclude<Parameters<CloudAdapter['processActivityDirect']>[0], string>;

type Logic = (context: TurnContext) => Promise<void>;

/** The audience of the Bot Connector in the public cloud (botbuilder's AuthenticationConstants.ToChannelFromBotOAuthScope). */
const TO_CHANNEL_FROM_BOT_SCOPE = 'https://api.botframework.com';

/**
 * The CloudAdapter, opened up for a request whose token src/auth/bot-request-validator.ts has already
 * checked: the turn then runs with the claims botbuilder builds for a Bot Connector request to this
 * bot (audience and app id claims set to the bot's id), and replies use the adapter's own outbound
 * credentials. Local mode uses botbuilder's own path with authentication disabled.
 */
class PlanCloudAdapter extends CloudAdapter {
  constructor(
    auth: ConfigurationBotFrameworkAuthentication,
    readonly appId: string,
  ) {
    super(auth);
  }

  processAuthenticated(activity: Activity, logic: Logic): Promise<InvokeResponse | undefined> {
    const claimsIdentity = this.createClaimsIdentity(this.appId);
    const request: AuthenticatedRequest = {
      audience: TO_CHANNEL_FROM_BOT_SCOPE,
      callerId: CallerIdConstants.PublicAzureChannel,
      claimsIdentity,
      connectorFactory: this.botFrameworkAuthentication.createConnectorFactory(claimsIdentity),
    };
    return this.processActivity(request, activity, logic);
  }

  processLocal(activity: Activity, logic: Logic): Promise<InvokeResponse | undefined> {
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
function botFrameworkAuthentication(auth: AuthConfig | null): ConfigurationBotFrameworkAuthentication {
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

/**
 * The channel's JSON as botbuilder's Activity. CloudAdapter.process does the same
 * (activityValidator.ts): instants arrive as text and the SDK works with Dates, keeping the text as
 * raw* fields.
 */
function toActivity(received: ReceivedActivity): Activity {
  const fixed: Record<string, unknown> = { ...received };
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['localTimestamp', 'rawLocalTimestamp'], ['expiration', 'rawExpiration']] as const) {
    const value = fixed[field];
    if (typeof value === 'string') {
      fixed[raw] = value;
      fixed[field] = new Date(value);
    }
  }
  // The endpoint checked the fields the turn starts from; botbuilder reads the rest as its Activity.
  return fixed as unknown as Activity;
}

/** The activity's time as sent: the raw text where botbuilder kept it, else its Date written out. */
function timestampOf(activity: ActivityTimestamps): string | undefined {
  if (activity.rawTimestamp) return activity.rawTimestamp;
  return activity.timestamp instanceof Date && !Number.isNaN(activity.timestamp.getTime()) ? activity.timestamp.toISOString() : undefined;
}

/** botbuilder's turn as ours: the activity parsed once, here, and replies sent through the context. */
export function turnOf(context: TurnContext): Turn {
  const activity = incomingActivitySchema.parse({ ...context.activity, timestamp: timestampOf(context.activity) });
  return {
    activity,
    reply: async (text) => {
      const message = MessageFactory.text(text);
      message.textFormat = 'plain';
      await context.sendActivity(message);
    },
    replyCard: async (card, summary) => {
      const message = MessageFactory.attachment(CardFactory.adaptiveCard(card));
      if (summary !== undefined) message.summary = summary;
      await context.sendActivity(message);
    },
    // A copy: the stored reference must not change with the context.
    conversationReference: () => ({ ...TurnContext.getConversationReference(context.activity) }),
  };
}

/**
 * The logic botbuilder runs for each turn: the handler's answer to an invoke goes back as botbuilder
 * expects it, an invokeResponse activity, which CloudAdapter returns as the HTTP response.
 */
export function turnLogic(handler: TurnHandler): Logic {
  return async (context) => {
    const reply = await handler.run(turnOf(context));
    if (reply) await context.sendActivity({ type: 'invokeResponse', value: reply });
  };
}

function invokeReplyOf(response: InvokeResponse | undefined): InvokeReply | undefined {
  if (!response) return undefined;
  return response.body === undefined ? { status: response.status } : { status: response.status, body: response.body };
}

export interface BotbuilderAdapterOptions {
  /** Entra ID and bot settings (src/auth/auth-config.ts); null or without `bot` is local mode. */
  auth: AuthConfig | null;
  /** The bot's app id (BOT_ID); empty in local mode. */
  appId: string;
  log: (line: string) => void;
}

export function createBotbuilderAdapter(options: BotbuilderAdapterOptions): BotAdapter {
  const adapter = new PlanCloudAdapter(botFrameworkAuthentication(options.auth), options.appId);
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
  return {
    processAuthenticated: async (activity, handler) => invokeReplyOf(await adapter.processAuthenticated(toActivity(activity), turnLogic(handler))),
    processLocal: async (activity, handler) => invokeReplyOf(await adapter.processLocal(toActivity(activity), turnLogic(handler))),
    continueConversation: (reference: ConversationReference, logic) =>
      // A reference this module made (Turn.conversationReference), kept as JSON by the store.
      adapter.continueConversationAsync(options.appId, reference as Partial<BotbuilderReference>, (context) => logic(turnOf(context))),
  };
}

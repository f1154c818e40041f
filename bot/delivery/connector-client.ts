import { parseRetryAfter } from '../../src/graph/retry-policy.js';
import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import type { AdaptiveCard } from '../cards/adaptive-card.js';

/*
 * The Bot Connector operations the bot needs, over plain HTTP ("API reference - Bot
 * Connector service", learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference):
 *
 *   POST {serviceUrl}/v3/conversations                          Create Conversation → ConversationResourceResponse
 *   POST {serviceUrl}/v3/conversations/{conversationId}/activities   Send to Conversation → ResourceResponse
 *   GET  {serviceUrl}/v3/conversations/{conversationId}/members/{userId}   Get Conversation Member → ChannelAccount
 *        (Teams takes the Entra object id as userId: "Get single member", learn.microsoft.com/
 *        microsoftteams/platform/bots/how-to/get-teams-context; 404 when the person is not in it)
 *
 * Errors come back as an ErrorResponse { error: { code, message } }, or in Teams' own shape
 * (connectorErrorCode). botbuilder's ConnectorClient
 * would do the same calls, but its pipeline retries 429s and 5xx on its own; the sender needs every
 * attempt in its hands to keep to Teams' rate limits and to count attempts.
 */

export interface ChannelAccount {
  id: string;
  name?: string;
  aadObjectId?: string;
}

/** A message with one Adaptive Card ("Send proactive messages", learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages). */
export interface CardMessage {
  type: 'message';
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive'; content: AdaptiveCard }];
  /** Shown in notifications and the chat list where the card cannot be. */
  summary?: string;
}

export function cardMessage(card: AdaptiveCard, summary: string): CardMessage {
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }], summary };
}

/** ConversationParameters for a one-to-one chat in Teams: the bot, the person, the tenant. */
export interface ConversationParameters {
  isGroup: false;
  bot: ChannelAccount;
  members: ChannelAccount[];
  tenantId: string;
  channelData: { tenant: { id: string } };
}

/**
 * ConversationParameters for a new conversation (a post) in a team's channel: no members, the
 * channel named in channelData, the first message given with it ("Send proactive messages", Create
 * the conversation: a new conversation thread in a channel; the API reference's Create Conversation).
 */
export interface ChannelConversationParameters {
  isGroup: true;
  channelData: { channel: { id: string }; tenant?: { id: string } };
  tenantId?: string;
  activity: CardMessage;
}

/** ErrorResponse (API reference); subCode where Teams gives a finer reason than code. */
const errorResponseSchema = z.looseObject({ error: z.looseObject({ code: z.string().optional(), subCode: z.string().nullish(), message: z.string().optional() }) });
/**
 * Teams answers a bot that was blocked or uninstalled with another shape: 403 and
 * {"errorCode":209,"message":"<JSON>"}, the message itself JSON holding the subCode
 * (MessageWritesBlocked), at its top level or inside an ErrorResponse ("Send proactive messages",
 * "Understand who blocked, muted, or uninstalled a bot", learn.microsoft.com/microsoftteams/platform/
 * bots/how-to/conversations/send-proactive-messages).
 */
const teamsErrorSchema = z.looseObject({ errorCode: z.number(), message: z.string() });
const teamsErrorMessageSchema = z.looseObject({
  subCode: z.string().nullish(),
  error: z.looseObject({ code: z.string().optional(), subCode: z.string().nullish() }).optional(),
});

function parseJson(text: string): unknown {
  try {
    return text === '' ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

/** The most specific code the Bot Connector gave, in either of its shapes; null when it gave none. */
export function connectorErrorCode(body: unknown): string | null {
  const plain = errorResponseSchema.safeParse(body);
  if (plain.success) return plain.data.error.subCode || plain.data.error.code || null;
  const teams = teamsErrorSchema.safeParse(body);
  if (!teams.success) return null;
  const inner = teamsErrorMessageSchema.safeParse(parseJson(teams.data.message));
  const code = inner.success ? inner.data.error?.subCode || inner.data.subCode || inner.data.error?.code : undefined;
  return code || `errorCode${teams.data.errorCode}`;
}
const resourceResponseSchema = z.object({ id: z.string().optional() }).loose();
const channelAccountSchema = z.object({ id: z.string().min(1), name: z.string().optional(), aadObjectId: z.string().optional() });
const conversationResourceSchema = z.object({ id: z.string().min(1), activityId: z.string().optional(), serviceUrl: z.string().optional() }).loose();

/** A refusal from the Bot Connector, or no answer at all (status 0). The message never holds plan content. */
export class ConnectorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** Retry-After in seconds, when the service gave one. */
    readonly retryAfterSeconds: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

export interface BotConnector {
  sendToConversation(serviceUrl: string, conversationId: string, activity: CardMessage, signal?: AbortSignal): Promise<{ id: string | null }>;
  createConversation(serviceUrl: string, parameters: ConversationParameters | ChannelConversationParameters, signal?: AbortSignal): Promise<{ id: string }>;
  /** The member of a conversation, by Entra object id; a ConnectorError (404) when they are not in it. */
  getMember(serviceUrl: string, conversationId: string, userId: string, signal?: AbortSignal): Promise<ChannelAccount>;
}

export interface BotConnectorOptions {
  /** The bot's token for the Bot Connector; null in local mode, where nothing checks one. */
  getToken: () => Promise<string | null>;
  /** A request that takes longer than this is abandoned (status 0). */
  timeoutMs?: number;
}

function endpoint(serviceUrl: string, path: string): string {
  return `${serviceUrl.replace(/\/+$/, '')}${path}`;
}

export function createBotConnector(options: BotConnectorOptions): BotConnector {
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function post(url: string, body: unknown, what: string, signal?: AbortSignal): Promise<unknown> {
    return call('POST', url, body, what, signal);
  }

  async function call(method: 'GET' | 'POST', url: string, body: unknown, what: string, signal?: AbortSignal): Promise<unknown> {
    let token: string | null;
    try {
      token = await options.getToken();
    } catch (error) {
      // No token, no send: answered as the Bot Connector answers a bad one, so the sweep stops with a summary.
      throw new ConnectorError(401, 'botTokenUnavailable', null, `${what}: no token for the Bot Connector (${error instanceof Error ? error.message : 'unknown error'})`);
    }
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { ...(method === 'POST' && { 'content-type': 'application/json' }), ...(token !== null && { authorization: `Bearer ${token}` }) },
        ...(method === 'POST' && { body: JSON.stringify(body) }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      const reason = timeout.aborted ? `no answer within ${timeoutMs} ms` : error instanceof Error ? error.message : 'network error';
      throw new ConnectorError(0, 'networkError', null, `${what}: ${reason}`);
    }
    const json = parseJson(await response.text());
    if (!response.ok) {
      // The service's 401 carries only {"message"}: its reason phrase ("Unauthorized") says more in a summary than a bare number.
      const code = connectorErrorCode(json) ?? (STATUS_CODES[response.status]?.replace(/\W+/g, '') || `http${response.status}`);
      throw new ConnectorError(response.status, code, parseRetryAfter(response.headers.get('retry-after'), Date.now()), `${what}: HTTP ${response.status} ${code}`);
    }
    return json;
  }

  return {
    async sendToConversation(serviceUrl, conversationId, activity, signal) {
      const body = await post(endpoint(serviceUrl, `/v3/conversations/${encodeURIComponent(conversationId)}/activities`), activity, 'send to conversation', signal);
      const parsed = resourceResponseSchema.safeParse(body ?? {});
      return { id: parsed.success ? (parsed.data.id ?? null) : null };
    },
    async createConversation(serviceUrl, parameters, signal) {
      const body = await post(endpoint(serviceUrl, '/v3/conversations'), parameters, 'create conversation', signal);
      const parsed = conversationResourceSchema.safeParse(body);
      if (!parsed.success) throw new ConnectorError(502, 'invalidResponse', null, 'create conversation: the Bot Connector answered without a conversation id');
      return { id: parsed.data.id };
    },
    async getMember(serviceUrl, conversationId, userId, signal) {
      const body = await call('GET', endpoint(serviceUrl, `/v3/conversations/${encodeURIComponent(conversationId)}/members/${encodeURIComponent(userId)}`), null, 'get conversation member', signal);
      const parsed = channelAccountSchema.safeParse(body);
      if (!parsed.success) throw new ConnectorError(502, 'invalidResponse', null, 'get conversation member: the Bot Connector answered without a member id');
      return parsed.data;
    },
  };
}

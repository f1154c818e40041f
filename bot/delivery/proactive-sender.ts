import { retryDelayMs, type RetryOptions } from '../../src/graph/retry-policy.js';
import { ConnectorError, type BotConnector, type CardMessage, type ChannelConversationParameters, type ConversationParameters } from './connector-client.js';
import type { TeamsRateLimiter } from './teams-rate-limiter.js';

/** Where a proactive message goes: a conversation at the Bot Connector that serves it. */
export interface ConversationTarget {
  serviceUrl: string;
  conversationId: string;
}

/**
 * What became of a send:
 * - sent;
 * - gone: the conversation no longer reaches the person (chat deleted, app uninstalled, bot not in
 *   the roster): a re-install may bring it back;
 * - blocked: the person blocked the bot or an admin disabled it: only the person can undo that, so
 *   nothing is re-installed or retried;
 * - refused: the bot's own credentials or registration were refused (401): no send will work;
 * - failed: anything else, after the retries allowed (retried next sweep).
 */
export type SendResult =
  | { kind: 'sent'; activityId: string | null; attempts: number }
  | { kind: 'gone' | 'blocked' | 'refused' | 'failed'; status: number; code: string; attempts: number };

export type CreateResult = { kind: 'created'; conversationId: string; attempts: number } | Exclude<SendResult, { kind: 'sent' }>;

/*
 * "Status codes from bot conversational APIs" (learn.microsoft.com/microsoftteams/platform/bots/
 * build-conversational-capability): 412, 429, 502, 503 and 504 are retried (429 after Retry-After,
 * the others with exponential backoff), nothing else. 403 BotNotInConversationRoster and
 * ForbiddenOperationException ("Bot isn't installed in user's personal scope") want a re-install,
 * 404 ConversationNotFound a new conversation; 403 BotDisabledByAdmin and ConversationBlockedByUser
 * mean stop posting until the person writes to the bot again, as does 403 MessageWritesBlocked, the
 * subCode Teams gives a blocked bot in its errorCode 209 shape (send-proactive-messages; read by
 * connector-client.ts): re-installing cannot undo a block, so it is never tried.
 */
const RETRIED = new Set([412, 429, 502, 503, 504]);
const BLOCKED = new Set(['BotDisabledByAdmin', 'ConversationBlockedByUser', 'MessageWritesBlocked']);

function classify(error: ConnectorError): Exclude<SendResult['kind'], 'sent'> {
  if (error.status === 401) return 'refused';
  if (error.status === 403 && BLOCKED.has(error.code)) return 'blocked';
  if (error.status === 404) return 'gone';
  if (error.status === 403 && error.code !== 'InvalidBotApiHost' && error.code !== 'NotEnoughPermissions') return 'gone';
  return 'failed';
}

export const DEFAULT_SEND_RETRY: RetryOptions = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000 };

export interface ProactiveSenderOptions {
  connector: BotConnector;
  limiter: TeamsRateLimiter;
  retry?: Partial<RetryOptions>;
  random?: () => number;
}

/**
 * Sends through the Bot Connector within Teams' rate limits: every attempt waits for the limiter,
 * a 429 pauses its conversation for Retry-After (several pause everyone), and the transient
 * statuses are retried a bounded number of times. The longest a send can take is bounded by
 * maxAttempts × maxDelayMs, which the sweep's claim timeout must stay above.
 */
export class ProactiveSender {
  readonly retry: RetryOptions;
  private readonly random: () => number;

  constructor(private readonly options: ProactiveSenderOptions) {
    this.retry = { ...DEFAULT_SEND_RETRY, ...options.retry };
    this.random = options.random ?? Math.random;
  }

  get limiter(): TeamsRateLimiter {
    return this.options.limiter;
  }

  async send(target: ConversationTarget, activity: CardMessage, signal?: AbortSignal): Promise<SendResult> {
    return this.attempt(target.conversationId, async () => {
      const { id } = await this.options.connector.sendToConversation(target.serviceUrl, target.conversationId, activity, signal);
      return { kind: 'sent' as const, activityId: id };
    }, signal);
  }

  /**
   * A new one-to-one conversation, or a new post in a channel; the per-conversation limits of
   * "create conversation" apply per person, or per channel.
   */
  async createConversation(serviceUrl: string, parameters: ConversationParameters | ChannelConversationParameters, signal?: AbortSignal): Promise<CreateResult> {
    const where = parameters.isGroup ? parameters.channelData.channel.id : (parameters.members[0]?.id ?? 'unknown');
    return this.attempt(`create:${where}`, async () => {
      const { id } = await this.options.connector.createConversation(serviceUrl, parameters, signal);
      return { kind: 'created' as const, conversationId: id };
    }, signal);
  }

  private async attempt<T extends { kind: 'sent' | 'created' }>(
    conversation: string,
    call: () => Promise<T>,
    signal?: AbortSignal,
  ): Promise<(T & { attempts: number }) | Exclude<SendResult, { kind: 'sent' }>> {
    const { limiter } = this.options;
    for (let attempt = 1; ; attempt += 1) {
      await limiter.acquire(conversation, signal);
      try {
        return { ...(await call()), attempts: attempt };
      } catch (error) {
        if (!(error instanceof ConnectorError)) throw error;
        const retried = RETRIED.has(error.status);
        if (!retried || attempt >= this.retry.maxAttempts) {
          return { kind: retried ? 'failed' : classify(error), status: error.status, code: error.code, attempts: attempt };
        }
        const delay = retryDelayMs(attempt, error.status === 429 ? error.retryAfterSeconds : null, this.retry, this.random);
        if (error.status === 429) {
          // The limiter holds this conversation (and everyone, if 429s cluster) for the wait.
          limiter.throttle(conversation, delay);
        } else {
          await limiter.clock.sleep(delay, signal);
        }
      }
    }
  }
}

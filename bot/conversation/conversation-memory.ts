import type { z } from 'zod';
import type { Clock } from '../../src/config/today.js';
import type { ChatStateStore } from '../../src/store/chat-state.js';

/**
 * What the bot remembers between the turns of one conversation (the "which action?" question
 * waiting for its answer), by conversation, in the store: with two servers behind one address the
 * answer often reaches the other one, which must find the question. Each read is a copy parsed
 * afresh, and nothing a turn changes is kept unless it writes it back (a turn that fails part-way
 * keeps the state it started from). A state the schema no longer reads (written by an older
 * release) is forgotten, and the person is asked again.
 */
export class ConversationMemory<T> {
  constructor(
    private readonly store: ChatStateStore,
    private readonly schema: z.ZodType<T>,
    private readonly clock: Clock,
  ) {}

  async read(conversationKey: string): Promise<T | undefined> {
    const json = await this.store.readChatState(conversationKey);
    if (json === null) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      return undefined;
    }
    const parsed = this.schema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  }

  async write(conversationKey: string, value: T): Promise<void> {
    await this.store.writeChatState(conversationKey, JSON.stringify(value), this.clock().toISOString());
  }
}

/** One entry per conversation of a channel, as botbuilder keyed ConversationState. */
export function conversationKey(channelId: string | undefined, conversationId: string | undefined): string {
  return `${channelId ?? ''}/conversations/${conversationId ?? ''}`;
}

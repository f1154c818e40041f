/**
 * What the bot remembers between the turns of one conversation (the "which action?" question
 * waiting for its answer), by conversation. In this process's memory, as botbuilder's
 * ConversationState over MemoryStorage kept it: a restart forgets a question, and the person is
 * asked again. Entries are kept as JSON, so what a turn reads is its own copy and nothing it changes
 * is kept unless it writes it back (a turn that fails part-way keeps the state it started from).
 */
export class ConversationMemory<T> {
  private readonly entries = new Map<string, string>();

  read(conversationKey: string): T | undefined {
    const json = this.entries.get(conversationKey);
    // Only this class writes entries, and only from a T.
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  write(conversationKey: string, value: T): void {
    this.entries.set(conversationKey, JSON.stringify(value));
  }
}

/** One entry per conversation of a channel, as botbuilder keyed ConversationState. */
export function conversationKey(channelId: string | undefined, conversationId: string | undefined): string {
  return `${channelId ?? ''}/conversations/${conversationId ?? ''}`;
}

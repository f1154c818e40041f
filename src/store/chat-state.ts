/**
 * What the bot remembers between the turns of one conversation (the "which action?" question
 * waiting for its answer), kept in the store so that any server answers the next turn: with two
 * instances behind one address, a person's answer often reaches the other one. The store keeps
 * the bot's JSON as it is; the bot parses it when it reads it back.
 */
export interface ChatStateStore {
  /** The conversation's state as the bot last wrote it, or null when it has none. */
  readChatState(conversationKey: string): Promise<string | null>;
  /** Replaces the conversation's state. */
  writeChatState(conversationKey: string, state: string, updatedAt: string): Promise<void>;
}

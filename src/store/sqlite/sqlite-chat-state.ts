import type { ChatStateStore } from '../chat-state.js';
import type { StatementCache } from './statement-cache.js';

/** Each conversation's state, one row per conversation in chat_state. */
export class SqliteChatState implements ChatStateStore {
  constructor(private readonly sql: StatementCache) {}

  async readChatState(conversationKey: string): Promise<string | null> {
    const row = this.sql.get('SELECT state FROM chat_state WHERE conversation_key = ?').get(conversationKey) as { state: string } | undefined;
    return row?.state ?? null;
  }

  async writeChatState(conversationKey: string, state: string, updatedAt: string): Promise<void> {
    this.sql
      .get('INSERT INTO chat_state (conversation_key, state, updated_at) VALUES (?, ?, ?) ON CONFLICT(conversation_key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at')
      .run(conversationKey, state, updatedAt);
  }
}

import { z } from 'zod';
import { PlanError } from '../../plan/errors.js';
import type { ChatStateStore } from '../chat-state.js';
import { MULTI_LINE_LIMIT, storedKey } from './item-codec.js';
import { CHAT_STATE_LIST, selectFor } from './list-schema.js';
import { odataString, type ListItem, type SiteLists } from './site-lists.js';
import { parseStoredJson } from './stored-json.js';

const CHAT_STATE_SELECT = selectFor(CHAT_STATE_LIST);

/** StateJson: the exact key (a long key's column holds a prefix and a hash) and the bot's state. */
const storedStateSchema = z.object({ conversationKey: z.string(), state: z.string(), updatedAt: z.string() });
type StoredState = z.infer<typeof storedStateSchema>;

/** Each conversation's state in the hidden "Plan bot chat state" list, one item per conversation (unique ConversationKey). */
export class ListChatState implements ChatStateStore {
  constructor(private readonly lists: SiteLists) {}

  private async stateItem(conversationKey: string): Promise<{ item: ListItem; stored: StoredState } | null> {
    const items = await this.lists.query('chatState', { select: CHAT_STATE_SELECT, filter: `fields/ConversationKey eq ${odataString(storedKey(conversationKey))}`, limit: 5 });
    for (const item of items) {
      const stored = parseStoredJson(storedStateSchema, item.fields.StateJson, `SharePoint list ${CHAT_STATE_LIST.displayName}, item ${item.id}, column StateJson`);
      if (stored.conversationKey === conversationKey) return { item, stored };
    }
    return null;
  }

  async readChatState(conversationKey: string): Promise<string | null> {
    return (await this.stateItem(conversationKey))?.stored.state ?? null;
  }

  async writeChatState(conversationKey: string, state: string, updatedAt: string): Promise<void> {
    const json = JSON.stringify({ conversationKey, state, updatedAt } satisfies StoredState);
    if (json.length > MULTI_LINE_LIMIT) throw new PlanError('invalid_input', `the bot's state for a conversation is ${json.length} characters, over a list column's ${MULTI_LINE_LIMIT}`);
    const fields = { Title: 'chat', ConversationKey: storedKey(conversationKey), StateJson: json };
    await this.lists.upsert('chatState', async () => (await this.stateItem(conversationKey))?.item ?? null, fields);
  }
}

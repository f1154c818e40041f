import type { ConversationReferenceStore, StoredConversationReference } from '../conversation-reference.js';
import { conversationFields, readConversation, storedKey } from './item-codec.js';
import { CONVERSATIONS_LIST, selectFor } from './list-schema.js';
import { odataString, type ListItem, type SiteLists } from './site-lists.js';

const CONVERSATION_SELECT = selectFor(CONVERSATIONS_LIST);

/** How to reach each person, in the hidden "Plan bot conversations" list, one item per person (unique UserId). */
export class ListConversationReferences implements ConversationReferenceStore {
  constructor(private readonly lists: SiteLists) {}

  private async conversationItem(userId: string): Promise<{ item: ListItem; reference: StoredConversationReference } | null> {
    const items = await this.lists.query('conversations', { select: CONVERSATION_SELECT, filter: `fields/UserId eq ${odataString(storedKey(userId))}`, limit: 5 });
    for (const item of items) {
      const reference = readConversation(item);
      if (reference.userId === userId) return { item, reference };
    }
    return null;
  }

  async saveConversationReference(reference: StoredConversationReference): Promise<void> {
    // Two servers saving the same person at once: the second's is as new, so it replaces the first's.
    await this.lists.upsert('conversations', async () => (await this.conversationItem(reference.userId))?.item ?? null, conversationFields(reference));
  }

  async getConversationReference(userId: string): Promise<StoredConversationReference | null> {
    return (await this.conversationItem(userId))?.reference ?? null;
  }

  async listConversationReferences(): Promise<StoredConversationReference[]> {
    const items = await this.lists.query('conversations', { select: CONVERSATION_SELECT });
    return items.map(readConversation);
  }
}

import { HttpError, isUniqueValueConflict } from '../../graph/http-error.js';
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
    const existing = await this.conversationItem(reference.userId);
    if (existing) {
      await this.lists.patch('conversations', existing.item.id, conversationFields(reference));
      return;
    }
    try {
      await this.lists.create('conversations', conversationFields(reference));
    } catch (error) {
      if (!(error instanceof HttpError && isUniqueValueConflict(error.status, error.body))) throw error;
      // Saved by another server a moment ago: ours is as new, so it replaces it.
      const now = await this.conversationItem(reference.userId);
      if (!now) throw error;
      await this.lists.patch('conversations', now.item.id, conversationFields(reference));
    }
  }

  async getConversationReference(userId: string): Promise<StoredConversationReference | null> {
    return (await this.conversationItem(userId))?.reference ?? null;
  }

  async listConversationReferences(): Promise<StoredConversationReference[]> {
    const items = await this.lists.query('conversations', { select: CONVERSATION_SELECT });
    return items.map(readConversation);
  }
}

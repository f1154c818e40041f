import type { ChatStateStore } from './chat-state.js';
import type { ConversationReferenceStore, StoredConversationReference } from './conversation-reference.js';
import type { LeadMappingStore } from './lead-mapping-store.js';
import type { LeadMapping } from '../plan/lead-mapping.js';
import type { NewReminder, Reminder, ReminderLog, ReminderOutcome } from './reminder-log.js';

/**
 * The concerns a store keeps in parts of their own (the reminder log, lead mappings, conversation
 * references, the bot's chat state), answered by those parts: both stores extend this, so each only
 * says which parts.
 */
export abstract class DelegatedConcerns implements ReminderLog, LeadMappingStore, ConversationReferenceStore, ChatStateStore {
  protected abstract readonly reminderLog: ReminderLog;
  protected abstract readonly leadMappings: LeadMappingStore;
  protected abstract readonly conversations: ConversationReferenceStore;
  protected abstract readonly chatState: ChatStateStore;

  claimReminder(reminder: NewReminder): Promise<{ claimed: boolean; reminder: Reminder }> {
    return this.reminderLog.claimReminder(reminder);
  }

  recordReminderOutcome(key: string, outcome: ReminderOutcome): Promise<Reminder> {
    return this.reminderLog.recordReminderOutcome(key, outcome);
  }

  retakeReminder(key: string, seen: Pick<Reminder, 'status' | 'claimedAt' | 'attempts'>, claimedAt: string): Promise<{ claimed: boolean; reminder: Reminder }> {
    return this.reminderLog.retakeReminder(key, seen, claimedAt);
  }

  listReminders(filter?: { planId?: string; actionId?: string; status?: Reminder['status'] }): Promise<Reminder[]> {
    return this.reminderLog.listReminders(filter);
  }

  listLeadMappings(planId: string): Promise<LeadMapping[]> {
    return this.leadMappings.listLeadMappings(planId);
  }

  saveLeadMappings(planId: string, mappings: readonly LeadMapping[]): Promise<void> {
    return this.leadMappings.saveLeadMappings(planId, mappings);
  }

  saveConversationReference(reference: StoredConversationReference): Promise<void> {
    return this.conversations.saveConversationReference(reference);
  }

  getConversationReference(userId: string): Promise<StoredConversationReference | null> {
    return this.conversations.getConversationReference(userId);
  }

  listConversationReferences(): Promise<StoredConversationReference[]> {
    return this.conversations.listConversationReferences();
  }

  readChatState(conversationKey: string): Promise<string | null> {
    return this.chatState.readChatState(conversationKey);
  }

  writeChatState(conversationKey: string, state: string, updatedAt: string): Promise<void> {
    return this.chatState.writeChatState(conversationKey, state, updatedAt);
  }
}

import type { ChatStateStore } from './chat-state.js';
import type { ConversationReferenceStore } from './conversation-reference.js';
import type { LeadMappingStore } from './lead-mapping-store.js';
import type { PlansAndActions } from './plans-and-actions.js';
import type { ReminderLog } from './reminder-log.js';
import type { UpdateLog } from './update-log.js';

export type { ImportOptions } from './plans-and-actions.js';
export type { ChangeAtVersion } from './update-log.js';

/**
 * Where plans live: every concern of a store in one object, for the wiring (src/app/compose.ts) and
 * what needs several. Callers that need one concern take its interface (PlansAndActions,
 * UpdateLog, ReminderLog, LeadMappingStore, ConversationReferenceStore, ChatStateStore). Two implementations
 * (SQLite, SharePoint lists through Graph) pass one contract suite, a part per concern
 * (test/contract/). Every write is all or nothing.
 */
export interface PlanStore extends PlansAndActions, UpdateLog, ReminderLog, LeadMappingStore, ConversationReferenceStore, ChatStateStore {
  close(): Promise<void>;
}

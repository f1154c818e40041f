import type { ConversationReferenceStore, StoredConversationReference } from '../conversation-reference.js';
import type { StatementCache } from './statement-cache.js';

interface ConversationRow {
  user_id: string;
  user_name: string | null;
  tenant_id: string | null;
  conversation_id: string;
  service_url: string;
  reference: string;
  updated_at: string;
  /** From conversation_uninstalls, joined. */
  uninstalled_at: string | null;
}

const CONVERSATION_SELECT = 'SELECT c.*, u.uninstalled_at FROM conversation_references c LEFT JOIN conversation_uninstalls u ON u.user_id = c.user_id';

/** How to reach each person, in conversation_references, with an uninstall marked beside it. */
export class SqliteConversationReferences implements ConversationReferenceStore {
  constructor(private readonly sql: StatementCache) {}

  async saveConversationReference(reference: StoredConversationReference): Promise<void> {
    this.sql.db.transaction(() => {
      this.upsertConversation(reference);
      // The mark lives beside the reference: saving one without it (a new install, a message) clears it.
      if (reference.uninstalledAt !== undefined) {
        this.sql.get('INSERT INTO conversation_uninstalls (user_id, uninstalled_at) VALUES (?, ?) ON CONFLICT(user_id) DO UPDATE SET uninstalled_at = excluded.uninstalled_at').run(
          reference.userId,
          reference.uninstalledAt,
        );
      } else {
        this.sql.get('DELETE FROM conversation_uninstalls WHERE user_id = ?').run(reference.userId);
      }
    }).immediate();
  }

  private upsertConversation(reference: StoredConversationReference): void {
    this.sql.get(
      `INSERT INTO conversation_references (user_id, user_name, tenant_id, conversation_id, service_url, reference, updated_at)
       VALUES (@user_id, @user_name, @tenant_id, @conversation_id, @service_url, @reference, @updated_at)
       ON CONFLICT(user_id) DO UPDATE SET user_name = excluded.user_name, tenant_id = excluded.tenant_id, conversation_id = excluded.conversation_id,
         service_url = excluded.service_url, reference = excluded.reference, updated_at = excluded.updated_at`,
    ).run({
      user_id: reference.userId,
      user_name: reference.userName,
      tenant_id: reference.tenantId,
      conversation_id: reference.conversationId,
      service_url: reference.serviceUrl,
      reference: JSON.stringify(reference.reference),
      updated_at: reference.updatedAt,
    });
  }

  private toConversation(row: ConversationRow): StoredConversationReference {
    return {
      userId: row.user_id,
      userName: row.user_name,
      tenantId: row.tenant_id,
      conversationId: row.conversation_id,
      serviceUrl: row.service_url,
      reference: JSON.parse(row.reference) as unknown,
      updatedAt: row.updated_at,
      ...(row.uninstalled_at !== null ? { uninstalledAt: row.uninstalled_at } : {}),
    };
  }

  async getConversationReference(userId: string): Promise<StoredConversationReference | null> {
    const row = this.sql.get(`${CONVERSATION_SELECT} WHERE c.user_id = ?`).get(userId) as ConversationRow | undefined;
    return row ? this.toConversation(row) : null;
  }

  async listConversationReferences(): Promise<StoredConversationReference[]> {
    return (this.sql.get(`${CONVERSATION_SELECT} ORDER BY c.user_id`).all() as ConversationRow[]).map((r) => this.toConversation(r));
  }
}

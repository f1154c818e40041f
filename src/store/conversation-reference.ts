/**
 * What the bot needs to message a person proactively, saved when they install or message it.
 * `reference` is Bot Framework's ConversationReference, kept as JSON and validated where it is used.
 */
export interface StoredConversationReference {
  /** Entra ID object id (aadObjectId) of the person. */
  userId: string;
  userName: string | null;
  tenantId: string | null;
  conversationId: string;
  serviceUrl: string;
  reference: unknown;
  updatedAt: string;
}

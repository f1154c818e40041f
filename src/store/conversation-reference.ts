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
  /**
   * Set (ISO instant) when the person uninstalled the app from this chat (installationUpdate
   * "remove"): the reference no longer reaches them, so a sender re-installs or lists them as
   * unreachable instead of retrying. Absent while the chat is usable; saving a reference without it clears it.
   */
  uninstalledAt?: string;
}

/** Where the bot keeps how to reach each person it may message first. */
export interface ConversationReferenceStore {
  saveConversationReference(reference: StoredConversationReference): Promise<void>;
  getConversationReference(userId: string): Promise<StoredConversationReference | null>;
  listConversationReferences(): Promise<StoredConversationReference[]>;
}

/**
 * A meeting's group chat is kept beside the people, under this key: the bot posts the meeting's
 * summary there. No Entra object id (a GUID) starts so, so a chat and a person never share an entry.
 */
export function chatReferenceKey(chatId: string): string {
  return `chat:${chatId}`;
}

/**
 * A team the app was added to is kept under this key, with the service URL Teams gave for it: the
 * bot starts a new conversation in any of its channels there to post a plan's digest.
 */
export function teamReferenceKey(teamId: string): string {
  return `team:${teamId}`;
}

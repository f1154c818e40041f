/**
 * Teams announces a personal install twice: an installationUpdate (action "add") and a
 * conversationUpdate whose membersAdded includes the bot, in either order and possibly at once
 * (learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/subscribe-to-conversation-events,
 * "Installation update event"). The person should get one welcome. The ledger is claimed
 * synchronously, so two turns racing in this process cannot both win; a second server could still
 * welcome once more, which is harmless.
 */
export class WelcomeLedger {
  private readonly welcomed = new Map<string, number>();

  constructor(private readonly windowMs = 10 * 60 * 1000) {}

  /** True for the first claim of a conversation within the window. */
  claim(conversationId: string, nowMs: number): boolean {
    for (const [id, at] of this.welcomed) if (nowMs - at >= this.windowMs) this.welcomed.delete(id);
    if (this.welcomed.has(conversationId)) return false;
    this.welcomed.set(conversationId, nowMs);
    return true;
  }

  /** After an uninstall, the next install is welcomed again. */
  forget(conversationId: string): void {
    this.welcomed.delete(conversationId);
  }
}

import { TurnContext, type Activity } from 'botbuilder';
import { z } from 'zod';
import type { StoredConversationReference } from '../../src/store/conversation-reference.js';

const teamsChannelData = z.object({ tenant: z.object({ id: z.string() }).optional() });

/**
 * Reminders go to a lead's one-to-one chat with the bot. A group chat or channel is not where a
 * person's reminders belong, so only a personal conversation (Teams sends conversationType
 * "personal"; other channels may leave it out) is stored as that person's reference.
 */
export function isPersonalConversation(activity: Pick<Activity, 'conversation'>): boolean {
  const type = activity.conversation?.conversationType;
  return type === undefined || type === 'personal';
}

/**
 * The conversation reference to keep for the person who sent this activity, keyed by their Entra ID
 * object id (from.aadObjectId), or null when the activity cannot be one (no aadObjectId, not a
 * personal chat). TurnContext.getConversationReference keeps what continueConversation needs:
 * serviceUrl, channelId, conversation, bot and user (learn.microsoft.com/microsoftteams/platform/bots/
 * how-to/conversations/send-proactive-messages; the Bot Framework Activity schema's conversationReference).
 */
export function storedReference(activity: Activity, now: Date): StoredConversationReference | null {
  const userId = activity.from?.aadObjectId;
  if (!userId || !activity.conversation?.id || !activity.serviceUrl || !isPersonalConversation(activity)) return null;
  const channelData = teamsChannelData.safeParse(activity.channelData ?? {});
  return {
    userId,
    userName: activity.from.name ?? null,
    tenantId: activity.conversation.tenantId ?? (channelData.success ? (channelData.data.tenant?.id ?? null) : null),
    conversationId: activity.conversation.id,
    serviceUrl: activity.serviceUrl,
    reference: TurnContext.getConversationReference(activity),
    updatedAt: now.toISOString(),
  };
}

import { chatReferenceKey, teamReferenceKey, type StoredConversationReference } from '../../src/store/conversation-reference.js';
import type { ConversationReference, IncomingActivity } from './bot-turn.js';

type Activity = Pick<IncomingActivity, 'conversation' | 'channelData' | 'from' | 'serviceUrl'>;

/** The team and channel a channel's activity names (Teams' channelData), or null outside a team. */
export function teamChannelOf(activity: Pick<IncomingActivity, 'conversation' | 'channelData'>): { teamId: string; teamName: string | null; channelId: string | null } | null {
  if (activity.conversation?.conversationType !== 'channel') return null;
  const team = activity.channelData?.team;
  if (!team) return null;
  return { teamId: team.id, teamName: team.name ?? null, channelId: activity.channelData?.channel?.id ?? null };
}

/**
 * Reminders go to a lead's one-to-one chat with the bot. A group chat or channel is not where a
 * person's reminders belong, so only a personal conversation (Teams sends conversationType
 * "personal"; other channels may leave it out) is stored as that person's reference.
 */
export function isPersonalConversation(activity: Pick<IncomingActivity, 'conversation'>): boolean {
  const type = activity.conversation?.conversationType;
  return type === undefined || type === 'personal';
}

/** Teams names the tenant on the conversation and in channelData; either will do. */
function tenantOf(activity: Activity): string | null {
  return activity.conversation?.tenantId ?? activity.channelData?.tenant?.id ?? null;
}

/**
 * The conversation reference to keep for the person who sent this activity, keyed by their Entra ID
 * object id (from.aadObjectId), or null when the activity cannot be one (no aadObjectId, not a
 * personal chat). The turn's reference keeps what continuing the conversation needs: serviceUrl,
 * channelId, conversation, bot and user (learn.microsoft.com/microsoftteams/platform/bots/
 * how-to/conversations/send-proactive-messages; the Bot Framework Activity schema's conversationReference).
 */
export function storedReference(activity: Activity, reference: ConversationReference, now: Date): StoredConversationReference | null {
  const userId = activity.from?.aadObjectId;
  if (!userId || !activity.conversation?.id || !activity.serviceUrl || !isPersonalConversation(activity)) return null;
  return {
    userId,
    userName: activity.from?.name ?? null,
    tenantId: tenantOf(activity),
    conversationId: activity.conversation.id,
    serviceUrl: activity.serviceUrl,
    reference,
    updatedAt: now.toISOString(),
  };
}

/** A group chat: a meeting's chat is one (Teams sends conversationType "groupChat"). */
export function isGroupChat(activity: Pick<IncomingActivity, 'conversation'>): boolean {
  return activity.conversation?.conversationType === 'groupChat';
}

/**
 * The reference to keep for a group chat the bot is in, under chatReferenceKey: the meeting summary
 * is posted to it proactively. Null for any other conversation.
 */
export function storedChatReference(activity: Activity, reference: ConversationReference, now: Date): StoredConversationReference | null {
  if (!isGroupChat(activity) || !activity.conversation?.id || !activity.serviceUrl) return null;
  return {
    userId: chatReferenceKey(activity.conversation.id),
    userName: activity.conversation.name ?? null,
    tenantId: tenantOf(activity),
    conversationId: activity.conversation.id,
    serviceUrl: activity.serviceUrl,
    reference,
    updatedAt: now.toISOString(),
  };
}

/**
 * The reference to keep for a team the bot is in, under teamReferenceKey, from any activity in one
 * of its channels (the app being added to the team, a message to the bot): its service URL and
 * tenant are what starting a conversation in the plan's channel needs. Null outside a team.
 */
export function storedTeamReference(activity: Activity, reference: ConversationReference, now: Date): StoredConversationReference | null {
  const team = teamChannelOf(activity);
  if (!team || !activity.serviceUrl) return null;
  return {
    userId: teamReferenceKey(team.teamId),
    userName: team.teamName,
    tenantId: tenantOf(activity),
    conversationId: team.teamId,
    serviceUrl: activity.serviceUrl,
    reference,
    updatedAt: now.toISOString(),
  };
}

import { TurnContext, type Activity } from 'botbuilder';
import { z } from 'zod';
import { chatReferenceKey, teamReferenceKey, type StoredConversationReference } from '../../src/store/conversation-reference.js';

const teamsChannelData = z.object({
  tenant: z.object({ id: z.string() }).optional(),
  team: z.object({ id: z.string().min(1), name: z.string().optional() }).optional(),
  channel: z.object({ id: z.string().min(1), name: z.string().optional() }).optional(),
});

/** The team and channel a channel's activity names (Teams' channelData), or null outside a team. */
export function teamChannelOf(activity: Pick<Activity, 'conversation' | 'channelData'>): { teamId: string; teamName: string | null; channelId: string | null } | null {
  if (activity.conversation?.conversationType !== 'channel') return null;
  const parsed = teamsChannelData.safeParse(activity.channelData ?? {});
  if (!parsed.success || !parsed.data.team) return null;
  const { team, channel } = parsed.data;
  return { teamId: team.id, teamName: team.name ?? null, channelId: channel?.id ?? null };
}

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

/** A group chat: a meeting's chat is one (Teams sends conversationType "groupChat"). */
export function isGroupChat(activity: Pick<Activity, 'conversation'>): boolean {
  return activity.conversation?.conversationType === 'groupChat';
}

/**
 * The reference to keep for a group chat the bot is in, under chatReferenceKey: the meeting summary
 * is posted to it proactively. Null for any other conversation.
 */
export function storedChatReference(activity: Activity, now: Date): StoredConversationReference | null {
  if (!isGroupChat(activity) || !activity.conversation?.id || !activity.serviceUrl) return null;
  const channelData = teamsChannelData.safeParse(activity.channelData ?? {});
  return {
    userId: chatReferenceKey(activity.conversation.id),
    userName: activity.conversation.name ?? null,
    tenantId: activity.conversation.tenantId ?? (channelData.success ? (channelData.data.tenant?.id ?? null) : null),
    conversationId: activity.conversation.id,
    serviceUrl: activity.serviceUrl,
    reference: TurnContext.getConversationReference(activity),
    updatedAt: now.toISOString(),
  };
}

/**
 * The reference to keep for a team the bot is in, under teamReferenceKey, from any activity in one
 * of its channels (the app being added to the team, a message to the bot): its service URL and
 * tenant are what starting a conversation in the plan's channel needs. Null outside a team.
 */
export function storedTeamReference(activity: Activity, now: Date): StoredConversationReference | null {
  const team = teamChannelOf(activity);
  if (!team || !activity.serviceUrl) return null;
  const channelData = teamsChannelData.safeParse(activity.channelData ?? {});
  return {
    userId: teamReferenceKey(team.teamId),
    userName: team.teamName,
    tenantId: activity.conversation.tenantId ?? (channelData.success ? (channelData.data.tenant?.id ?? null) : null),
    conversationId: team.teamId,
    serviceUrl: activity.serviceUrl,
    reference: TurnContext.getConversationReference(activity),
    updatedAt: now.toISOString(),
  };
}

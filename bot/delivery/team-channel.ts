import type { PlanChannels } from '../../src/service/channel-digest.js';
import { teamReferenceKey, type ConversationReferenceStore } from '../../src/store/conversation-reference.js';
import { channelDigestCard, channelDigestText } from '../cards/channel-digest-card.js';
import { cardMessage, ConnectorError, type BotConnector } from './connector-client.js';
import type { ProactiveSender } from './proactive-sender.js';

export interface TeamChannelDeps {
  store: ConversationReferenceStore;
  connector: BotConnector;
  sender: ProactiveSender;
}

/**
 * The teams the bot was added to, through the references it stored then (stored-reference.ts):
 * who is in one of their channels (Get Conversation Member on the channel's conversation, which
 * answers for a private or shared channel's own people: build-apps-for-shared-private-channels),
 * and a digest posted as a new conversation in one of its channels ("Send proactive messages":
 * create a new conversation thread in a channel, learn.microsoft.com/microsoftteams/platform/bots/
 * how-to/conversations/send-proactive-messages). Teams lets a bot post only in a team it is in:
 * 403 BotNotInConversationRoster otherwise (build-conversational-capability, status codes).
 */
export function teamChannelDelivery(deps: TeamChannelDeps): PlanChannels {
  async function teamOf(teamId: string) {
    const stored = await deps.store.getConversationReference(teamReferenceKey(teamId));
    return stored && stored.uninstalledAt === undefined ? stored : null;
  }

  return {
    async membership(channel, userId) {
      const team = await teamOf(channel.teamId);
      if (!team) return 'bot-not-in-team';
      if (userId === null) return 'member';
      try {
        // Asked of the channel's conversation, not the team's: a private or shared channel's people are its own.
        await deps.connector.getMember(team.serviceUrl, channel.channelId, userId);
        return 'member';
      } catch (error) {
        if (!(error instanceof ConnectorError)) throw error;
        if (error.status === 404 && error.code !== 'ConversationNotFound') return 'not-member';
        if (error.status === 404 || error.status === 403) return 'bot-not-in-team';
        throw error;
      }
    },
    async post(channel, digest) {
      const team = await teamOf(channel.teamId);
      if (!team) return false;
      const activity = cardMessage(channelDigestCard(digest), channelDigestText(digest));
      const tenant = team.tenantId;
      const result = await deps.sender.createConversation(team.serviceUrl, {
        isGroup: true,
        channelData: { channel: { id: channel.channelId }, ...(tenant !== null && { tenant: { id: tenant } }) },
        ...(tenant !== null && { tenantId: tenant }),
        activity,
      });
      if (result.kind === 'created') return true;
      if (result.kind === 'gone') return false;
      throw new ConnectorError(result.status, result.code, null, `post the channel digest: HTTP ${result.status} ${result.code}`);
    },
  };
}

import type { MeetingSummary } from '../../src/plan/meeting-summary.js';
import type { MeetingChat } from '../../src/service/meeting-summary.js';
import { chatReferenceKey, type ConversationReferenceStore } from '../../src/store/conversation-reference.js';
import { meetingSummaryCard, meetingSummaryText } from '../cards/meeting-summary-card.js';
import { cardMessage, ConnectorError, type BotConnector } from './connector-client.js';
import type { ProactiveSender } from './proactive-sender.js';

export interface MeetingChatDeps {
  store: ConversationReferenceStore;
  connector: BotConnector;
  sender: ProactiveSender;
}

/**
 * The meeting chats the bot was added to, through the references it stored then: who is in one
 * (the Bot Connector's Get Conversation Member) and posting its summary proactively ("Send
 * proactive messages", learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages).
 */
export function meetingChatDelivery(deps: MeetingChatDeps): MeetingChat {
  async function chatOf(chatId: string) {
    const stored = await deps.store.getConversationReference(chatReferenceKey(chatId));
    return stored && stored.uninstalledAt === undefined ? stored : null;
  }

  return {
    async membership(chatId, userId) {
      const chat = await chatOf(chatId);
      if (!chat) return 'bot-not-in-chat';
      if (userId === null) return 'member';
      try {
        await deps.connector.getMember(chat.serviceUrl, chat.conversationId, userId);
        return 'member';
      } catch (error) {
        if (!(error instanceof ConnectorError)) throw error;
        // 404 names the person (not in the chat), unless it is the chat itself that is gone.
        if (error.status === 404 && error.code !== 'ConversationNotFound') return 'not-member';
        if (error.status === 404 || error.status === 403) return 'bot-not-in-chat';
        throw error;
      }
    },
    async post(chatId: string, summary: MeetingSummary) {
      const chat = await chatOf(chatId);
      if (!chat) return false;
      const result = await deps.sender.send({ serviceUrl: chat.serviceUrl, conversationId: chat.conversationId }, cardMessage(meetingSummaryCard(summary), meetingSummaryText(summary)));
      if (result.kind === 'sent') return true;
      if (result.kind === 'gone') return false;
      throw new ConnectorError(result.status, result.code, null, `post the meeting summary: HTTP ${result.status} ${result.code}`);
    },
  };
}

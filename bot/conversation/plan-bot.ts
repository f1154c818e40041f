import {
  CardFactory,
  ConversationState,
  MemoryStorage,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type StatePropertyAccessor,
} from 'botbuilder';
import { dateIn, type Clock } from '../../src/config/today.js';
import { DEFAULT_PLAN_SETTINGS } from '../../src/plan/plan.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { handleCardAction } from '../cards/card-actions.js';
import { myActionsCard } from '../cards/my-actions-card.js';
import { welcomeCard } from '../cards/welcome-card.js';
import { readChatMessage } from './chat-message.js';
import { EMPTY_MESSAGE } from './chat-replies.js';
import { cancelPending, chatUpdateKey, handleChatUpdate, type ChatState } from './chat-updates.js';
import { handleChatCompletion } from './chat-completion.js';
import { openActionsLedBy } from './lead-actions.js';
import type { Person } from './lead-check.js';
import { isGroupChat, isPersonalConversation, storedChatReference, storedReference, storedTeamReference, teamChannelOf } from './stored-reference.js';
import { meetingSummaryCard, meetingSummaryText } from '../cards/meeting-summary-card.js';
import { plansMeetingIn, postMeetingSummaryOnce, type MeetingChat } from '../../src/service/meeting-summary.js';
import { chatReferenceKey, teamReferenceKey } from '../../src/store/conversation-reference.js';
import { channelDigestCard, channelDigestText } from '../cards/channel-digest-card.js';
import { plansPostingTo, postChannelDigest } from '../../src/service/channel-digest.js';
import { PlanError } from '../../src/plan/errors.js';
import { WelcomeLedger } from './welcome-ledger.js';

export interface PlanBotDeps {
  store: PlanStore;
  clock: Clock;
  /** One line per event, ids and counts only: never what anyone wrote, nor a plan's words. */
  log: (line: string) => void;
  /** Where the "which action?" question waits for its answer; in memory by default. */
  conversationState?: ConversationState;
  /** Posts a meeting's summary to its chat (the same path as "Finish"); by default as a reply in the turn. */
  meetingChat?: Pick<MeetingChat, 'post'>;
}

const CHANNEL_MESSAGE =
  'In a channel I post what changed on a plan since its last meeting: ask with "@Action plans since last meeting". A plan owner links a plan to this channel from the plan\'s tab here (Channel digest). For your own actions and updates, chat with me one to one.';

const NO_PLAN_IN_CHANNEL =
  'No plan posts its digest to this channel yet. A plan owner links one from the plan\'s tab in this channel: Channel digest, then "Post the digest here".';

const DIGEST_IN_CHANNEL = 'What changed since the last meeting is posted in the plan\'s channel: ask there with "@Action plans since last meeting".';

const GROUP_CHAT_MESSAGE =
  "In a meeting chat I post the meeting's summary when it ends or when the chair presses Finish. For your own actions and updates, chat with me one to one.";

function personOf(context: TurnContext): Person {
  const from = context.activity.from;
  return { id: from?.aadObjectId ?? '', name: from?.name ?? '' };
}

/**
 * The reminder bot's side of the chat (issue 5: items 4, 5 and 6). Handlers follow Teams'
 * conversation events (learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/
 * subscribe-to-conversation-events) and the Bot Framework Activity schema's installationUpdate
 * (github.com/microsoft/botframework-sdk, specs/botframework-activity: action "add" / "remove").
 * - Install (installationUpdate "add", or a conversationUpdate adding the bot): the person's
 *   conversation reference is stored for proactive reminders, and one welcome card is sent.
 * - Every message refreshes the reference: Teams may move a conversation to another serviceUrl.
 * - Uninstall (installationUpdate "remove"): the stored reference is marked, so the sender lists the
 *   person as unreachable or re-installs, rather than retrying a chat that is gone.
 * - Messages: "help", "my actions", "cancel", or an update recorded against the action it names.
 * - Universal Actions (adaptiveCard/action) go to handleCardAction.
 * - A meeting's group chat (the app added to a meeting): its reference is stored under the chat's
 *   key when the bot is added, and marked when it is removed; at the meeting's end (Teams' meeting
 *   end event, application/vnd.microsoft.meetingEnd, which needs the RSC permission
 *   OnlineMeeting.ReadBasic.Chat: learn.microsoft.com/microsoftteams/platform/apps-in-teams-meetings/
 *   meeting-apps-apis, "Get meeting events") the summary of the plan held in it is posted, unless
 *   "Finish" already posted it.
 */
export class PlanBot extends TeamsActivityHandler {
  private readonly conversationState: ConversationState;
  private readonly chatState: StatePropertyAccessor<ChatState>;
  private readonly welcomes = new WelcomeLedger();
  /** What was last stored per person, so a chat's every message does not rewrite the same reference. */
  private readonly storedSignatures = new Map<string, string>();

  constructor(private readonly deps: PlanBotDeps) {
    super();
    this.conversationState = deps.conversationState ?? new ConversationState(new MemoryStorage());
    this.chatState = this.conversationState.createProperty<ChatState>('planBotChat');

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.remember(context);
      // "add-upgrade" is the app being updated, not installed: no second welcome.
      if (context.activity.action !== 'add-upgrade') await this.welcome(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      // "remove-upgrade" belongs to an app update; only "remove" means the person uninstalled the app.
      if (context.activity.action === 'remove') {
        if (teamChannelOf(context.activity)) await this.markTeamLeft(context);
        else await this.markUninstalled(context);
      }
      await next();
    });
    this.onConversationUpdate(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const botRemoved = context.activity.membersRemoved?.some((m) => m.id === botId) ?? false;
      if (isGroupChat(context.activity) && botRemoved) {
        await this.markChatLeft(context);
      } else if (teamChannelOf(context.activity) && botRemoved) {
        await this.markTeamLeft(context);
      } else {
        await this.remember(context);
        if (context.activity.membersAdded?.some((m) => m.id === botId)) await this.welcome(context);
      }
      await next();
    });
    this.onTeamsMeetingEndEvent(async (_meeting, context, next) => {
      await this.remember(context);
      await this.postMeetingSummaries(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.remember(context);
      await this.answer(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
  }

  private logEvent(event: string, fields: Record<string, string | number | boolean> = {}): void {
    const detail = Object.entries(fields).map(([k, v]) => ` ${k}=${String(v)}`).join('');
    this.deps.log(`bot ${event}${detail}`);
  }

  private async remember(context: TurnContext): Promise<void> {
    const now = this.deps.clock();
    const reference = storedReference(context.activity, now) ?? storedChatReference(context.activity, now) ?? storedTeamReference(context.activity, now);
    if (!reference) return;
    const signature = JSON.stringify([reference.conversationId, reference.serviceUrl, reference.userName, reference.tenantId]);
    if (this.storedSignatures.get(reference.userId) === signature) return;
    await this.deps.store.saveConversationReference(reference);
    this.storedSignatures.set(reference.userId, signature);
    this.logEvent('reference.saved', { activity: context.activity.type });
  }

  private async welcome(context: TurnContext): Promise<void> {
    // The card speaks to one lead about their own actions: a team or group chat gets none.
    if (!isPersonalConversation(context.activity)) return;
    const conversationId = context.activity.conversation?.id ?? '';
    if (!this.welcomes.claim(conversationId, this.deps.clock().getTime())) return;
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(welcomeCard())));
    this.logEvent('welcomed');
  }

  private async markUninstalled(context: TurnContext): Promise<void> {
    const conversationId = context.activity.conversation?.id ?? '';
    this.welcomes.forget(conversationId);
    const userId = context.activity.from?.aadObjectId;
    if (!userId) return;
    this.storedSignatures.delete(userId);
    const stored = await this.deps.store.getConversationReference(userId);
    // Only the chat that was uninstalled: a reference already replaced by a newer chat stays usable.
    if (!stored || stored.conversationId !== conversationId) return;
    const now = this.deps.clock().toISOString();
    await this.deps.store.saveConversationReference({ ...stored, uninstalledAt: now, updatedAt: now });
    this.logEvent('reference.uninstalled');
  }

  /** The bot was taken out of a meeting chat: its summary can no longer go there. */
  private async markChatLeft(context: TurnContext): Promise<void> {
    const key = chatReferenceKey(context.activity.conversation?.id ?? '');
    this.storedSignatures.delete(key);
    const stored = await this.deps.store.getConversationReference(key);
    if (!stored) return;
    const now = this.deps.clock().toISOString();
    await this.deps.store.saveConversationReference({ ...stored, uninstalledAt: now, updatedAt: now });
    this.logEvent('chat.left');
  }

  /** The app was removed from a team: no plan's digest can go to its channels. */
  private async markTeamLeft(context: TurnContext): Promise<void> {
    const team = teamChannelOf(context.activity);
    if (!team) return;
    const key = teamReferenceKey(team.teamId);
    this.storedSignatures.delete(key);
    const stored = await this.deps.store.getConversationReference(key);
    if (!stored) return;
    const now = this.deps.clock().toISOString();
    await this.deps.store.saveConversationReference({ ...stored, uninstalledAt: now, updatedAt: now });
    this.logEvent('team.left');
  }

  /**
   * "since last meeting" in a channel: the digest of each plan that posts to it, as a reply in the
   * thread asked from; the day is recorded, so a schedule due today does not post it again.
   */
  private async answerDigest(context: TurnContext, channelId: string | null): Promise<void> {
    const plans = channelId === null ? [] : await plansPostingTo(this.deps.store, channelId);
    if (plans.length === 0) {
      await this.reply(context, NO_PLAN_IN_CHANNEL);
      this.logEvent('digest.asked', { plans: 0 });
      return;
    }
    for (const plan of plans) {
      try {
        await postChannelDigest(this.deps.store, plan.id, dateIn(plan.timeZone, this.deps.clock()), {
          post: async (_channel, digest) => {
            const message = MessageFactory.attachment(CardFactory.adaptiveCard(channelDigestCard(digest)));
            message.summary = channelDigestText(digest);
            await context.sendActivity(message);
            return true;
          },
        });
        this.logEvent('digest.posted', { asked: true });
      } catch (error) {
        // A plan with no meeting yet: the reason is for the channel; the log keeps only the code.
        if (!(error instanceof PlanError) || error.code !== 'invalid_input') throw error;
        await this.reply(context, error.message);
        this.logEvent('digest.refused', { code: error.code });
      }
    }
  }

  /** Each plan whose meeting was held in this chat gets its summary posted here, once. */
  private async postMeetingSummaries(context: TurnContext): Promise<void> {
    const chatId = context.activity.conversation?.id;
    if (!chatId) return;
    const now = this.deps.clock();
    const held = await plansMeetingIn(this.deps.store, chatId, (timeZone) => dateIn(timeZone, now));
    for (const { plan, date, today } of held) {
      const answer = await postMeetingSummaryOnce(this.deps.store, plan.id, { date, chatId, today }, 'changed', async (summary) => {
        if (this.deps.meetingChat) return this.deps.meetingChat.post(chatId, summary);
        const message = MessageFactory.attachment(CardFactory.adaptiveCard(meetingSummaryCard(summary)));
        message.summary = meetingSummaryText(summary);
        await context.sendActivity(message);
        return true;
      });
      this.logEvent('meeting.summary', { sent: answer.sent, discussed: answer.summary.discussed, changes: answer.summary.changes, due: answer.summary.dueBeforeNext });
    }
    if (held.length === 0) this.logEvent('meeting.ended', { plans: 0 });
  }

  private async reply(context: TurnContext, text: string): Promise<void> {
    const message = MessageFactory.text(text);
    message.textFormat = 'plain';
    await context.sendActivity(message);
  }

  private async answer(context: TurnContext): Promise<void> {
    const typed = context.activity.text ? TurnContext.removeRecipientMention(context.activity) : '';
    const message = readChatMessage(typed ?? '');
    const person = personOf(context);
    const state = await this.chatState.get(context, {});

    // A channel is the plan's group: there the bot posts the digest, and nobody's own actions.
    const team = teamChannelOf(context.activity);
    if (team) {
      if (message.kind === 'digest') await this.answerDigest(context, team.channelId);
      else await this.reply(context, CHANNEL_MESSAGE);
      return;
    }
    // A meeting chat is shared: one person's actions and updates belong in their own chat with the bot.
    if (isGroupChat(context.activity) && message.kind !== 'help') {
      await this.reply(context, GROUP_CHAT_MESSAGE);
      return;
    }
    switch (message.kind) {
      case 'help':
        await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(welcomeCard())));
        return;
      case 'my-actions': {
        const open = await openActionsLedBy(this.deps.store, person);
        const timeZone = open[0]?.plan.timeZone ?? DEFAULT_PLAN_SETTINGS.timeZone;
        const card = myActionsCard({
          name: person.name,
          today: dateIn(timeZone, this.deps.clock()),
          plans: open.map(({ plan, actions }) => ({ plan: { id: plan.id, title: plan.title }, actions })),
        });
        await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
        this.logEvent('my_actions', { plans: open.length, actions: open.reduce((n, p) => n + p.actions.length, 0) });
        return;
      }
      case 'digest':
        await this.reply(context, DIGEST_IN_CHANNEL);
        return;
      case 'cancel': {
        const result = cancelPending(state);
        await this.chatState.set(context, result.state);
        await this.reply(context, result.reply);
        return;
      }
      case 'empty':
        await this.reply(context, EMPTY_MESSAGE);
        return;
      case 'complete': {
        const activityId = context.activity.id ?? `${context.activity.timestamp?.toString() ?? ''}|${typed}`;
        const reply = await handleChatCompletion(
          { store: this.deps.store, clock: this.deps.clock, log: (event, fields) => this.logEvent(event, fields) },
          person,
          message,
          `${context.activity.conversation?.id ?? ''}\n${activityId}`,
        );
        await this.reply(context, reply);
        return;
      }
      case 'update': {
        const activityId = context.activity.id ?? `${context.activity.timestamp?.toString() ?? ''}|${typed}`;
        const result = await handleChatUpdate(
          { store: this.deps.store, clock: this.deps.clock, log: (event, fields) => this.logEvent(event, fields) },
          { person, message, activityId, key: chatUpdateKey(context.activity.conversation?.id ?? '', activityId) },
          state,
        );
        await this.chatState.set(context, result.state);
        await this.reply(context, result.reply);
        return;
      }
    }
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const from = context.activity.from;
    const response = await handleCardAction(
      { store: this.deps.store, clock: this.deps.clock, log: (event, fields) => this.logEvent(event, fields) },
      { verb: invokeValue.action.verb, data: invokeValue.action.data, user: { id: from?.aadObjectId ?? from?.id ?? '', name: from?.name ?? '' } },
    );
    // botbuilder types value as an object; a message response's value is text (universal-action-model,
    // "Response format"). It is serialised as given either way.
    return { statusCode: response.statusCode, type: response.type, value: response.value as Record<string, unknown> };
  }
}

import { dateIn, type Clock } from '../../src/config/today.js';
import { DEFAULT_PLAN_SETTINGS } from '../../src/plan/plan.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { handleCardAction } from '../cards/card-actions.js';
import { myActionsCard } from '../cards/my-actions-card.js';
import { welcomeCard } from '../cards/welcome-card.js';
import { readChatMessage } from './chat-message.js';
import { EMPTY_MESSAGE } from './chat-replies.js';
import { cancelPending, chatStateSchema, chatUpdateKey, handleChatUpdate, type ChatState } from './chat-updates.js';
import { ConversationMemory, conversationKey } from './conversation-memory.js';
import { eventOf, textWithoutMention, type IncomingActivity, type InvokeReply, type Turn, type TurnHandler } from './bot-turn.js';
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

function personOf(activity: IncomingActivity): Person {
  const from = activity.from;
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
 * It knows no bot SDK: the adapter (botbuilder-adapter.ts) hands it each turn as a Turn.
 */
export class PlanBot implements TurnHandler {
  private readonly chatMemory: ConversationMemory<ChatState>;
  private readonly welcomes = new WelcomeLedger();
  /** What was last stored per person, so a chat's every message does not rewrite the same reference. */
  private readonly storedSignatures = new Map<string, string>();

  constructor(private readonly deps: PlanBotDeps) {
    this.chatMemory = new ConversationMemory<ChatState>(deps.store, chatStateSchema, deps.clock);
  }

  async run(turn: Turn): Promise<InvokeReply | undefined> {
    const { activity } = turn;
    const event = eventOf(activity);
    switch (event.kind) {
      case 'installed':
        await this.remember(turn);
        // "add-upgrade" is the app being updated, not installed: no second welcome.
        if (!event.upgrade) await this.welcome(turn);
        return undefined;
      case 'uninstalled':
        // "remove-upgrade" belongs to an app update; only "remove" means the person uninstalled the app.
        if (!event.upgrade) {
          if (teamChannelOf(activity)) await this.markTeamLeft(activity);
          else await this.markUninstalled(activity);
        }
        return undefined;
      case 'members-changed':
        if (isGroupChat(activity) && event.botRemoved) {
          await this.markChatLeft(activity);
        } else if (teamChannelOf(activity) && event.botRemoved) {
          await this.markTeamLeft(activity);
        } else {
          await this.remember(turn);
          if (event.botAdded) await this.welcome(turn);
        }
        return undefined;
      case 'meeting-ended':
        await this.remember(turn);
        await this.postMeetingSummaries(turn);
        return undefined;
      case 'message':
        await this.remember(turn);
        await this.answer(turn);
        return undefined;
      case 'card-action':
        return this.answerCardAction(activity, event.verb, event.data);
      case 'invoke-refused':
        return event.reply;
      case 'ignored':
        return undefined;
    }
  }

  private logEvent(event: string, fields: Record<string, string | number | boolean> = {}): void {
    const detail = Object.entries(fields).map(([k, v]) => ` ${k}=${String(v)}`).join('');
    this.deps.log(`bot ${event}${detail}`);
  }

  private async remember(turn: Turn): Promise<void> {
    const { activity } = turn;
    const now = this.deps.clock();
    const reference = turn.conversationReference();
    const stored = storedReference(activity, reference, now) ?? storedChatReference(activity, reference, now) ?? storedTeamReference(activity, reference, now);
    if (!stored) return;
    const signature = JSON.stringify([stored.conversationId, stored.serviceUrl, stored.userName, stored.tenantId]);
    if (this.storedSignatures.get(stored.userId) === signature) return;
    await this.deps.store.saveConversationReference(stored);
    this.storedSignatures.set(stored.userId, signature);
    this.logEvent('reference.saved', { activity: activity.type });
  }

  private async welcome(turn: Turn): Promise<void> {
    // The card speaks to one lead about their own actions: a team or group chat gets none.
    if (!isPersonalConversation(turn.activity)) return;
    const conversationId = turn.activity.conversation?.id ?? '';
    if (!this.welcomes.claim(conversationId, this.deps.clock().getTime())) return;
    await turn.replyCard(welcomeCard());
    this.logEvent('welcomed');
  }

  private async markUninstalled(activity: IncomingActivity): Promise<void> {
    const conversationId = activity.conversation?.id ?? '';
    this.welcomes.forget(conversationId);
    const userId = activity.from?.aadObjectId;
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
  private async markChatLeft(activity: IncomingActivity): Promise<void> {
    const key = chatReferenceKey(activity.conversation?.id ?? '');
    this.storedSignatures.delete(key);
    const stored = await this.deps.store.getConversationReference(key);
    if (!stored) return;
    const now = this.deps.clock().toISOString();
    await this.deps.store.saveConversationReference({ ...stored, uninstalledAt: now, updatedAt: now });
    this.logEvent('chat.left');
  }

  /** The app was removed from a team: no plan's digest can go to its channels. */
  private async markTeamLeft(activity: IncomingActivity): Promise<void> {
    const team = teamChannelOf(activity);
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
  private async answerDigest(turn: Turn, channelId: string | null): Promise<void> {
    const plans = channelId === null ? [] : await plansPostingTo(this.deps.store, channelId);
    if (plans.length === 0) {
      await turn.reply(NO_PLAN_IN_CHANNEL);
      this.logEvent('digest.asked', { plans: 0 });
      return;
    }
    for (const plan of plans) {
      try {
        await postChannelDigest(this.deps.store, plan.id, dateIn(plan.timeZone, this.deps.clock()), {
          post: async (_channel, digest) => {
            await turn.replyCard(channelDigestCard(digest), channelDigestText(digest));
            return true;
          },
        });
        this.logEvent('digest.posted', { asked: true });
      } catch (error) {
        // A plan with no meeting yet: the reason is for the channel; the log keeps only the code.
        if (!(error instanceof PlanError) || error.code !== 'invalid_input') throw error;
        await turn.reply(error.message);
        this.logEvent('digest.refused', { code: error.code });
      }
    }
  }

  /** Each plan whose meeting was held in this chat gets its summary posted here, once. */
  private async postMeetingSummaries(turn: Turn): Promise<void> {
    const chatId = turn.activity.conversation?.id;
    if (!chatId) return;
    const now = this.deps.clock();
    const held = await plansMeetingIn(this.deps.store, chatId, (timeZone) => dateIn(timeZone, now));
    for (const { plan, date, today } of held) {
      const answer = await postMeetingSummaryOnce(this.deps.store, plan.id, { date, chatId, today }, 'changed', async (summary) => {
        if (this.deps.meetingChat) return this.deps.meetingChat.post(chatId, summary);
        await turn.replyCard(meetingSummaryCard(summary), meetingSummaryText(summary));
        return true;
      });
      this.logEvent('meeting.summary', { sent: answer.sent, discussed: answer.summary.discussed, changes: answer.summary.changes, due: answer.summary.dueBeforeNext });
    }
    if (held.length === 0) this.logEvent('meeting.ended', { plans: 0 });
  }

  private async answer(turn: Turn): Promise<void> {
    const { activity } = turn;
    const typed = textWithoutMention(activity);
    const message = readChatMessage(typed);
    const person = personOf(activity);
    const memoryKey = conversationKey(activity.channelId, activity.conversation?.id);

    // A channel is the plan's group: there the bot posts the digest, and nobody's own actions.
    const team = teamChannelOf(activity);
    if (team) {
      if (message.kind === 'digest') await this.answerDigest(turn, team.channelId);
      else await turn.reply(CHANNEL_MESSAGE);
      return;
    }
    // A meeting chat is shared: one person's actions and updates belong in their own chat with the bot.
    if (isGroupChat(activity) && message.kind !== 'help') {
      await turn.reply(GROUP_CHAT_MESSAGE);
      return;
    }
    switch (message.kind) {
      case 'help':
        await turn.replyCard(welcomeCard());
        return;
      case 'my-actions': {
        const open = await openActionsLedBy(this.deps.store, person);
        const timeZone = open[0]?.plan.timeZone ?? DEFAULT_PLAN_SETTINGS.timeZone;
        const card = myActionsCard({
          name: person.name,
          today: dateIn(timeZone, this.deps.clock()),
          plans: open.map(({ plan, actions }) => ({ plan: { id: plan.id, title: plan.title }, actions })),
        });
        await turn.replyCard(card);
        this.logEvent('my_actions', { plans: open.length, actions: open.reduce((n, p) => n + p.actions.length, 0) });
        return;
      }
      case 'digest':
        await turn.reply(DIGEST_IN_CHANNEL);
        return;
      case 'cancel': {
        const result = cancelPending((await this.chatMemory.read(memoryKey)) ?? {});
        await turn.reply(result.reply);
        // Kept only once the turn has answered, as botbuilder saved ConversationState after the turn.
        await this.chatMemory.write(memoryKey, result.state);
        return;
      }
      case 'empty':
        await turn.reply(EMPTY_MESSAGE);
        return;
      case 'complete': {
        const reply = await handleChatCompletion(
          { store: this.deps.store, clock: this.deps.clock, log: (event, fields) => this.logEvent(event, fields) },
          person,
          message,
          `${activity.conversation?.id ?? ''}\n${activityIdOf(activity, typed)}`,
        );
        await turn.reply(reply);
        return;
      }
      case 'update': {
        const activityId = activityIdOf(activity, typed);
        const result = await handleChatUpdate(
          { store: this.deps.store, clock: this.deps.clock, log: (event, fields) => this.logEvent(event, fields) },
          { person, message, activityId, key: chatUpdateKey(activity.conversation?.id ?? '', activityId) },
          (await this.chatMemory.read(memoryKey)) ?? {},
        );
        await turn.reply(result.reply);
        await this.chatMemory.write(memoryKey, result.state);
        return;
      }
    }
  }

  private async answerCardAction(activity: IncomingActivity, verb: string, data: unknown): Promise<InvokeReply> {
    const from = activity.from;
    const response = await handleCardAction(
      { store: this.deps.store, clock: this.deps.clock, log: (event, fields) => this.logEvent(event, fields) },
      { verb, data, user: { id: from?.aadObjectId ?? from?.id ?? '', name: from?.name ?? '' } },
    );
    // The invoke itself was handled: how the action went is the body's statusCode (universal-action-model, "Response format").
    return { status: response.statusCode, body: response };
  }
}

/** The activity's id, or, from a channel that gives none, its time and text: the same message gives the same id. */
function activityIdOf(activity: IncomingActivity, typed: string): string {
  return activity.id ?? `${activity.timestamp ?? ''}|${typed}`;
}

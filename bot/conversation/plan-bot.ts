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
import { isPersonalConversation, storedReference } from './stored-reference.js';
import { WelcomeLedger } from './welcome-ledger.js';

export interface PlanBotDeps {
  store: PlanStore;
  clock: Clock;
  /** One line per event, ids and counts only: never what anyone wrote, nor a plan's words. */
  log: (line: string) => void;
  /** Where the "which action?" question waits for its answer; in memory by default. */
  conversationState?: ConversationState;
}

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
      if (context.activity.action === 'remove') await this.markUninstalled(context);
      await next();
    });
    this.onConversationUpdate(async (context, next) => {
      await this.remember(context);
      const botId = context.activity.recipient?.id;
      if (context.activity.membersAdded?.some((m) => m.id === botId)) await this.welcome(context);
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
    const reference = storedReference(context.activity, this.deps.clock());
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

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { dateIn, type Clock } from '../../src/config/today.js';
import { PlanError } from '../../src/plan/errors.js';
import { matchForm } from '../../src/plan/lead.js';
import { checkUpdateText } from '../../src/plan/update-rules.js';
import { recordUpdate } from '../../src/service/record-update.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import type { ChatMessage } from './chat-message.js';
import * as say from './chat-replies.js';
import { actionsWithRef, openActionsLedBy, type RefMatch } from './lead-actions.js';
import type { Person } from './lead-check.js';

/**
 * Plain text replies recorded as dated updates (issue 5, "Replies as dated updates"): against the
 * action whose ref the message starts with, if the sender leads it; otherwise the bot asks which
 * action, keeps the text, and a reply naming the action records it.
 */

const pendingUpdateSchema = z.object({
  text: z.string(),
  /** The idempotency key of the message that carried the text. */
  key: z.string(),
  askedAt: z.string(),
});
export type PendingUpdate = z.infer<typeof pendingUpdateSchema>;

/**
 * What the bot remembers between turns of one conversation (kept in the store by
 * conversation-memory.ts, so whichever server takes the next turn reads it).
 */
export const chatStateSchema = z.object({
  /** An update waiting for the person to say which action it is for. */
  pending: pendingUpdateSchema.optional(),
  /** The last question answered, so a retried answer is recognised rather than read afresh. */
  answered: z.object({ activityId: z.string(), actionId: z.string(), key: z.string(), text: z.string() }).optional(),
});
export type ChatState = z.infer<typeof chatStateSchema>;

/** A question left unanswered for a day is forgotten: "1.4" next week is not an answer to it. */
export const PENDING_TTL_MS = 24 * 60 * 60 * 1000;

export interface ChatUpdateDeps {
  store: PlanStore;
  clock: Clock;
  /** Counts, ids and codes only: never what anyone wrote. */
  log?: (event: string, fields: Record<string, string | number | boolean>) => void;
}

export interface ChatUpdateTurn {
  person: Person;
  message: Extract<ChatMessage, { kind: 'update' }>;
  /** The activity's id: Teams redelivers a message with the same one. */
  activityId: string;
  /** Idempotency key for an update carried by this activity (chatUpdateKey). */
  key: string;
}

/** Short and fixed in length, for SharePoint's unique Key column; the same message always gives the same key. */
export function chatUpdateKey(conversationId: string, activityId: string): string {
  return `chat|${createHash('sha256').update(`${conversationId}\n${activityId}`).digest('base64url').slice(0, 22)}`;
}

/** Words of a reply that name a plan ("1.4 cheshire"): the led actions whose plan title has each word at a word start. */
function narrowByPlan(led: readonly RefMatch[], hint: string): RefMatch[] {
  const words = matchForm(hint)
    .split(' ')
    .filter((w) => w !== '' && !['in', 'the', 'plan', 'of', 'for', 'action'].includes(w));
  if (words.length === 0) return [...led];
  return led.filter((m) => {
    const title = ` ${matchForm(m.plan.title)}`;
    return words.every((w) => title.includes(` ${w}`));
  });
}

function isFresh(pending: PendingUpdate | undefined, now: Date): pending is PendingUpdate {
  return pending !== undefined && now.getTime() - Date.parse(pending.askedAt) < PENDING_TTL_MS;
}

export async function handleChatUpdate(deps: ChatUpdateDeps, turn: ChatUpdateTurn, state: ChatState): Promise<{ reply: string; state: ChatState }> {
  const now = deps.clock();
  const { message } = turn;
  const log = deps.log ?? (() => undefined);

  async function record(match: RefMatch, text: string, key: string): Promise<string> {
    const today = dateIn(match.plan.timeZone, now);
    const result = await recordUpdate(deps.store, {
      actionId: match.action.id,
      text,
      author: turn.person.name,
      authorId: turn.person.id === '' ? null : turn.person.id,
      origin: 'chat',
      // A chat message is text only: it changes no field, so closes nothing.
      mayClose: false,
      key,
      now,
      today,
    });
    log('chat.recorded', { actionId: match.action.id, created: result.created });
    return say.recorded({ action: result.action, plan: match.plan, date: result.update.date ?? today, created: result.created });
  }

  async function attempt(run: () => Promise<{ reply: string; state: ChatState }>): Promise<{ reply: string; state: ChatState }> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof PlanError && (error.code === 'invalid_input' || error.code === 'action_not_found' || error.code === 'version_conflict')) {
        log('chat.not_recorded', { code: error.code });
        return { reply: say.notRecorded(error.message.replace(/^column "text": /, '')), state };
      }
      throw error;
    }
  }

  // Teams redelivered the message that answered a question: the same key records nothing new.
  const answered = state.answered;
  if (answered && answered.activityId === turn.activityId) {
    return attempt(async () => {
      const action = await deps.store.getAction(answered.actionId);
      const plan = action ? await deps.store.getPlan(action.planId) : null;
      if (!action || !plan) throw new PlanError('action_not_found', 'the action was deleted');
      return { reply: await record({ plan, action, isLead: true }, answered.text, answered.key), state };
    });
  }

  const pending = isFresh(state.pending, now) ? state.pending : undefined;
  const rest: ChatState = { ...(state.answered ? { answered: state.answered } : {}) };

  if (message.ref !== null) {
    const matches = await actionsWithRef(deps.store, turn.person, message.ref);
    const led = matches.filter((m) => m.isLead);

    // An answer to the bot's question: the number alone, or the number and a word of the plan's title.
    const chosen = pending && (message.text === '' ? led : led.length > 1 ? narrowByPlan(led, message.text) : []);
    if (pending && chosen && (message.text === '' || chosen.length === 1)) {
      if (matches.length === 0) {
        const open = await openActionsLedBy(deps.store, turn.person);
        const listed = open.flatMap(({ plan, actions }) => actions.map((action) => ({ plan, action })));
        return { reply: listed.length > 0 ? say.askWhichAction(listed, message.ref) : say.noOpenActions(message.ref), state };
      }
      if (led.length === 0) {
        log('chat.refused', { matches: matches.length });
        return { reply: say.notALead(message.ref, matches.map((m) => m.plan)), state };
      }
      if (chosen.length > 1) return { reply: say.askWhichPlan(message.ref, chosen), state };
      const match = chosen[0]!;
      return attempt(async () => ({
        reply: await record(match, pending.text, pending.key),
        state: { answered: { activityId: turn.activityId, actionId: match.action.id, key: pending.key, text: pending.text } },
      }));
    }

    if (matches.length > 0) {
      if (led.length === 0) {
        log('chat.refused', { matches: matches.length });
        return { reply: say.notALead(message.ref, matches.map((m) => m.plan)), state };
      }
      if (message.text === '') return { reply: say.askForText(message.ref), state };
      if (led.length === 1) return attempt(async () => ({ reply: await record(led[0]!, message.text, turn.key), state }));
      return attempt(async () => {
        const text = checkUpdateText(message.text);
        log('chat.asked', { options: led.length });
        return { reply: say.askWhichPlan(message.ref!, led), state: { ...rest, pending: { text, key: turn.key, askedAt: now.toISOString() } } };
      });
    }
    if (message.text === '') return { reply: say.unknownRefOnly(message.ref), state };
  }

  // No ref, or a leading number that is no action's ref ("300 officers trained"): ask which action, keeping all of it.
  return attempt(async () => {
    const text = checkUpdateText(message.whole);
    const open = await openActionsLedBy(deps.store, turn.person);
    const listed = open.flatMap(({ plan, actions }) => actions.map((action) => ({ plan, action })));
    if (listed.length === 0) return { reply: say.noOpenActions(message.ref), state: rest };
    log('chat.asked', { options: listed.length });
    return { reply: say.askWhichAction(listed, message.ref), state: { ...rest, pending: { text, key: turn.key, askedAt: now.toISOString() } } };
  });
}

/** "cancel": forgets the update waiting for an answer. */
export function cancelPending(state: ChatState): { reply: string; state: ChatState } {
  if (!state.pending) return { reply: say.NOTHING_TO_CANCEL, state };
  const { pending: _dropped, ...rest } = state;
  return { reply: say.CANCELLED, state: rest };
}

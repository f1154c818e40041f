import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { JsonValue } from './adaptive-card.js';

/*
 * What the plan owner's requests card sends back, as card-data.ts does for the reminder card: Teams
 * posts an `adaptiveCard/action` invoke whose value.action.data is the button's data with the
 * inputs merged in by id (learn.microsoft.com/adaptive-cards/authoring-cards/universal-action-model,
 * "Request format").
 */

export const OWNER_CARD_VERBS = {
  approve: 'approveCompletion',
  return: 'returnCompletion',
  agree: 'agreeTimescale',
  decline: 'declineTimescale',
  /** The card's refresh action: Teams runs it when the owner opens the card. */
  refresh: 'refreshOwnerRequests',
} as const;
export type OwnerCardVerb = (typeof OWNER_CARD_VERBS)[keyof typeof OWNER_CARD_VERBS];
export type OwnerAnswerVerb = Exclude<OwnerCardVerb, typeof OWNER_CARD_VERBS.refresh>;

const ANSWER_VERBS: readonly string[] = [OWNER_CARD_VERBS.approve, OWNER_CARD_VERBS.return, OWNER_CARD_VERBS.agree, OWNER_CARD_VERBS.decline];

export function isOwnerAnswerVerb(verb: string): verb is OwnerAnswerVerb {
  return ANSWER_VERBS.includes(verb);
}

/** Whether the verb answers a proposed completion (approve, return) rather than a timescale request. */
export function answersCompletion(verb: OwnerAnswerVerb): boolean {
  return verb === OWNER_CARD_VERBS.approve || verb === OWNER_CARD_VERBS.return;
}

/** Whether the verb says yes (approve, agree): the others say no, with a reason. */
export function saysYes(verb: OwnerAnswerVerb): boolean {
  return verb === OWNER_CARD_VERBS.approve || verb === OWNER_CARD_VERBS.agree;
}

/** The id of a request's reason box (to return a completion or decline a timescale): one per slot. */
export function noteInputId(slot: number): string {
  return `note-${slot}`;
}

/** One request on the card: the action, and the history entry of the lead's request on it. */
export interface RequestRef {
  actionId: string;
  requestId: string;
}

/** Which requests a card lists, carried by every button (an answer returns the whole card) and by the refresh. */
export interface OwnerCardContext {
  planId: string;
  /** The owner as the card names them. */
  owner: string;
  /** User MRIs Teams refreshes the card for automatically: the owner's. Only the refresh carries them. */
  userIds: string[];
  /** In card order: a request's slot is its index here. */
  requests: RequestRef[];
}

/** The idempotency key of an owner's answer on a card: the request and the button. A double press or a retried invoke sends the same and answers once. */
export function ownerAnswerKey(requestId: string, verb: OwnerAnswerVerb): string {
  return `card|owner|${createHash('sha256').update(requestId).digest('base64url').slice(0, 22)}|${verb}`;
}

const id = z.string().min(1).max(1000);

const encodedContextSchema = z.object({
  owner: z.string().max(1000),
  userIds: z.array(z.string().max(1000)).max(60).default([]),
  // [actionId, requestId] pairs, the shortest JSON for them.
  requests: z.array(z.tuple([id, id])).min(1).max(200),
});

const answerDataSchema = z.looseObject({
  planId: id,
  actionId: id,
  requestId: id,
  version: z.string().max(200),
  slot: z.number().int().min(0).max(199),
  card: encodedContextSchema,
});

const refreshDataSchema = z.looseObject({ planId: id, card: encodedContextSchema });

/** What a typed-in reason may be at the door; far beyond any limit is refused, the rest judged by the rules. */
const inputValue = z.string().max(100_000).optional();

export interface OwnerAnswerData {
  planId: string;
  actionId: string;
  requestId: string;
  /** The action's version when the card was made: the owner decided on what they saw. */
  version: string;
  slot: number;
  context: OwnerCardContext;
  /** The reason typed in the request's box, undefined when left empty. */
  note: string | undefined;
}

function encodeContext(context: OwnerCardContext, withUserIds: boolean): { [key: string]: JsonValue } {
  const requests = context.requests.map((r) => [r.actionId, r.requestId]);
  return withUserIds ? { owner: context.owner, userIds: context.userIds, requests } : { owner: context.owner, requests };
}

function decodeContext(planId: string, card: z.infer<typeof encodedContextSchema>): OwnerCardContext {
  return { planId, owner: card.owner, userIds: card.userIds, requests: card.requests.map(([actionId, requestId]) => ({ actionId, requestId })) };
}

/** The answer a button sent, or the zod error that says what is missing. */
export function parseOwnerAnswerData(data: unknown): { ok: true; value: OwnerAnswerData } | { ok: false; error: z.ZodError } {
  const parsed = answerDataSchema.safeParse(data);
  if (!parsed.success) return { ok: false, error: parsed.error };
  const noteId = noteInputId(parsed.data.slot);
  const inputs = z.object({ [noteId]: inputValue }).safeParse(data);
  if (!inputs.success) return { ok: false, error: inputs.error };
  const d = parsed.data;
  const note = inputs.data[noteId];
  return {
    ok: true,
    value: {
      planId: d.planId,
      actionId: d.actionId,
      requestId: d.requestId,
      version: d.version,
      slot: d.slot,
      context: decodeContext(d.planId, d.card),
      note: note === undefined || note.trim() === '' ? undefined : note,
    },
  };
}

export function parseOwnerRefreshData(data: unknown): { ok: true; value: OwnerCardContext } | { ok: false; error: z.ZodError } {
  const parsed = refreshDataSchema.safeParse(data);
  return parsed.success ? { ok: true, value: decodeContext(parsed.data.planId, parsed.data.card) } : { ok: false, error: parsed.error };
}

/** A button's own data: the request it answers, the version the owner saw, and the card it is on. */
export function ownerAnswerData(context: OwnerCardContext, item: { actionId: string; requestId: string; version: string; slot: number }): { [key: string]: JsonValue } {
  return { planId: context.planId, actionId: item.actionId, requestId: item.requestId, version: item.version, slot: item.slot, card: encodeContext(context, false) };
}

export function ownerRefreshData(context: OwnerCardContext): { [key: string]: JsonValue } {
  return { planId: context.planId, card: encodeContext(context, true) };
}

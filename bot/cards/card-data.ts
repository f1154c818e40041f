import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { JsonValue } from './adaptive-card.js';

/*
 * What the reminder card's buttons send back. Teams posts an `adaptiveCard/action` invoke whose
 * value.action.data is the button's data with the inputs merged in by id
 * (learn.microsoft.com/adaptive-cards/authoring-cards/universal-action-model, "Request format").
 */

export const CARD_VERBS = {
  recordUpdate: 'recordUpdate',
  markComplete: 'markComplete',
  snooze: 'snooze',
  /** The card's refresh action: Teams runs it when a listed user opens the card. */
  refresh: 'refreshReminder',
} as const;
export type CardVerb = (typeof CARD_VERBS)[keyof typeof CARD_VERBS];
export type AnswerVerb = Exclude<CardVerb, typeof CARD_VERBS.refresh>;

export function isAnswerVerb(verb: string): verb is AnswerVerb {
  return verb === CARD_VERBS.recordUpdate || verb === CARD_VERBS.markComplete || verb === CARD_VERBS.snooze;
}

/** Ids of one action's inputs on a card: one card lists several actions, so each has its slot. */
export function inputIds(slot: number): { text: string; rag: string; timescale: string; date: string; evidence: string } {
  return { text: `update-${slot}`, rag: `rag-${slot}`, timescale: `timescale-${slot}`, date: `date-${slot}`, evidence: `evidence-${slot}` };
}

/**
 * Which reminders a card is, carried by every button so any answer returns the whole card (the
 * response replaces it) and by the refresh.
 */
export interface CardContext {
  planId: string;
  /** The lead as the plan writes it. */
  lead: string;
  /** User MRIs Teams refreshes the card for automatically. */
  userIds: string[];
  /** The reminder keys, in card order: an action's slot is its index here. */
  keys: string[];
}

/** A card's context as it comes back: its reminders by digest, found again in the reminder log. */
export interface CardReference {
  planId: string;
  lead: string;
  /** Empty from a button: only the refresh carries them. */
  userIds: string[];
  digests: string[];
}

/**
 * A reminder key in 16 characters. A key is about 80 (plan, action, lead, reason, period) and every
 * button of a card of fifteen actions carries all fifteen: in full they would take the card toward
 * Teams' 100 KB message limit.
 */
export function keyDigest(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 16);
}

/**
 * The context as a button or the refresh carries it. Only the refresh carries the user ids (up to
 * 60 MRIs of about 100 characters each); a button's answer refreshes for the person who answered.
 */
function encodeContext(context: CardContext, withUserIds: boolean): { [key: string]: JsonValue } {
  const digests = context.keys.map(keyDigest);
  return withUserIds ? { lead: context.lead, userIds: context.userIds, digests } : { lead: context.lead, digests };
}

const encodedContextSchema = z.object({
  lead: z.string().max(1000),
  userIds: z.array(z.string().max(1000)).max(60).default([]),
  digests: z.array(z.string().max(64)).min(1).max(200),
});

const planId = z.string().min(1).max(1000);

/** A typed-in value as Teams sends it; far beyond any limit is refused at the door, the rest judged by the rules. */
const inputValue = z.string().max(100_000).optional();

export const answerDataSchema = z.looseObject({
  planId,
  actionId: z.string().min(1).max(1000),
  version: z.string().max(200),
  reminderKey: z.string().min(1).max(2000),
  slot: z.number().int().min(0).max(199),
  card: encodedContextSchema,
});

export const refreshDataSchema = z.looseObject({ planId, card: encodedContextSchema });

export interface AnswerData {
  planId: string;
  actionId: string;
  version: string;
  reminderKey: string;
  slot: number;
  context: CardReference;
  /** What the person typed or chose, undefined when the input was left empty. */
  text: string | undefined;
  rag: string | undefined;
  timescale: string | undefined;
  /** The day the update reports, when the lead chose one (YYYY-MM-DD). */
  date: string | undefined;
  /** What difference the action made, when it is being completed. */
  evidence: string | undefined;
}

function decodeContext(planIdValue: string, card: z.infer<typeof encodedContextSchema>): CardReference {
  return { planId: planIdValue, lead: card.lead, userIds: card.userIds, digests: card.digests };
}

function emptyAsUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The answer a button sent, or the zod error that says what is missing. */
export function parseAnswerData(data: unknown): { ok: true; value: AnswerData } | { ok: false; error: z.ZodError } {
  const parsed = answerDataSchema.safeParse(data);
  if (!parsed.success) return { ok: false, error: parsed.error };
  const ids = inputIds(parsed.data.slot);
  const inputs = z.object({ [ids.text]: inputValue, [ids.rag]: inputValue, [ids.timescale]: inputValue, [ids.date]: inputValue, [ids.evidence]: inputValue }).safeParse(data);
  if (!inputs.success) return { ok: false, error: inputs.error };
  const d = parsed.data;
  return {
    ok: true,
    value: {
      planId: d.planId,
      actionId: d.actionId,
      version: d.version,
      reminderKey: d.reminderKey,
      slot: d.slot,
      context: decodeContext(d.planId, d.card),
      text: inputs.data[ids.text],
      rag: emptyAsUndefined(inputs.data[ids.rag]),
      timescale: emptyAsUndefined(inputs.data[ids.timescale]),
      date: emptyAsUndefined(inputs.data[ids.date]),
      evidence: emptyAsUndefined(inputs.data[ids.evidence]),
    },
  };
}

export function parseRefreshData(data: unknown): { ok: true; value: CardReference } | { ok: false; error: z.ZodError } {
  const parsed = refreshDataSchema.safeParse(data);
  return parsed.success ? { ok: true, value: decodeContext(parsed.data.planId, parsed.data.card) } : { ok: false, error: parsed.error };
}

/** The button's own data: the action, the version the lead saw, and the reminder it answers. */
export function answerData(context: CardContext, item: { actionId: string; version: string; reminderKey: string; slot: number }): { [key: string]: JsonValue } {
  return { planId: context.planId, actionId: item.actionId, version: item.version, reminderKey: item.reminderKey, slot: item.slot, card: encodeContext(context, false) };
}

export function refreshData(context: CardContext): { [key: string]: JsonValue } {
  return { planId: context.planId, card: encodeContext(context, true) };
}

import { createHash } from 'node:crypto';

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/** What every update recorded from one reminder's card has its key start with. */
export function cardKeyPrefix(reminderKey: string): string {
  return `card|${digest(reminderKey)}|`;
}

/**
 * The idempotency key of an answer on a card: the reminder, the button and what was submitted.
 * A double click or Teams retrying the invoke sends the same and records once; a different answer
 * to the same reminder is a new update. Short and fixed in length for SharePoint's unique column.
 */
export function cardUpdateKey(reminderKey: string, verb: string, values: { text: string; rag?: string | undefined; timescale?: string | undefined }): string {
  const submitted = JSON.stringify([values.text.trim(), values.rag ?? null, values.timescale?.trim() ?? null]);
  return `${cardKeyPrefix(reminderKey)}${verb}|${digest(submitted)}`;
}

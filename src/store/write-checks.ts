import type { z } from 'zod';
import { PlanError } from '../plan/errors.js';
import type { ActionChange } from '../plan/plan.js';
import type { NewUpdate } from '../plan/update.js';
import { actionChangeSchema, fieldPath, newUpdateSchema } from './domain-schemas.js';

function check(schema: z.ZodType, value: unknown, what: string): void {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = fieldPath(issue.path);
    throw new PlanError('invalid_input', `${what}: ${field ? `${field}: ` : ''}${issue.message}`, field ? { at: { column: field } } : {});
  }
}

/** Refuses an update a store must not record (no key, no text, an impossible date), before anything is written. */
export function checkNewUpdate(update: NewUpdate): void {
  check(newUpdateSchema, update, 'update');
}

/** Refuses a change to an action's fields that is not one (an unknown RAG, a malformed timescale). */
export function checkActionChange(change: ActionChange): void {
  check(actionChangeSchema, change, 'change');
}

import type { z } from 'zod';
import { invalidInput } from '../plan/invalid-input.js';
import type { ActionChange, PlanSettings } from '../plan/plan.js';
import type { NewUpdate } from '../plan/update.js';
import { actionChangeSchema, newUpdateSchema, planSettingsSchema } from './domain-schemas.js';

function check(schema: z.ZodType, value: unknown, what: string): void {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidInput(parsed.error, what);
}

/** Refuses plan settings out of their limits (planSettingsSchema), naming the setting, before anything is written. */
export function checkPlanSettings(settings: Partial<PlanSettings>): void {
  check(planSettingsSchema.partial(), settings, 'plan settings');
}

/** Refuses an update a store must not record (no key, no text, an impossible date), before anything is written. */
export function checkNewUpdate(update: NewUpdate): void {
  check(newUpdateSchema, update, 'update');
}

/** Refuses a change to an action's fields that is not one (an unknown RAG, a malformed timescale). */
export function checkActionChange(change: ActionChange): void {
  check(actionChangeSchema, change, 'change');
}

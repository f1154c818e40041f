import { z } from 'zod';
import { invalidInput } from '../plan/invalid-input.js';
import type { ActionChange, PlanSettings } from '../plan/plan.js';
import type { NewUpdate } from '../plan/update.js';
import type { NewHistoryEntry } from '../plan/action-history.js';
import { actionChangeSchema, newHistoryEntrySchema, newUpdateSchema, planMeetingSchema, planSettingsSchema } from './domain-schemas.js';
import type { PlanMeeting } from '../plan/plan-meetings.js';
import type { ChannelDigest } from '../plan/channel-digest.js';
import { channelDigestSchema } from '../plan/channel-digest-schema.js';

function check(schema: z.ZodType, value: unknown, what: string): void {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidInput(parsed.error, what);
}

/** Refuses plan settings out of their limits (planSettingsSchema), a malformed meeting or channel digest, naming the setting, before anything is written. */
export function checkPlanSettings(settings: Partial<PlanSettings> & { meetings?: readonly PlanMeeting[]; channelDigest?: ChannelDigest | null }): void {
  check(planSettingsSchema.extend({ meetings: z.array(planMeetingSchema), channelDigest: channelDigestSchema.nullable() }).partial(), settings, 'plan settings');
}

/** Refuses an update a store must not record (no key, no text, an impossible date), before anything is written. */
export function checkNewUpdate(update: NewUpdate): void {
  check(newUpdateSchema, update, 'update');
}

/** Refuses a change to an action's fields that is not one (an unknown RAG, a malformed timescale). */
export function checkActionChange(change: ActionChange): void {
  check(actionChangeSchema, change, 'change');
}

/** Refuses a history entry a store must not record (no key, an unknown kind or field, an impossible date). */
export function checkNewHistoryEntry(entry: NewHistoryEntry): void {
  check(newHistoryEntrySchema, entry, 'history entry');
}

import { z } from 'zod';
import { isDateOnly } from './calendar-date.js';
import { MOST_DAYS_BEFORE_MEETING, WEEKDAYS } from './channel-digest.js';

/*
 * The channel digest's shapes as they cross a boundary (the API's body, a store's record), kept
 * apart from the rules in channel-digest.ts so the tab can use those without classic zod, whose
 * schemas probe Function() as they are built, which the tab's Content-Security-Policy forbids.
 */

const channelId = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\s/?#]+$/, 'a Teams id has no spaces, slashes, question marks or hashes');

export const planChannelSchema = z.strictObject({ teamId: channelId, channelId, name: z.string().trim().max(256).nullable() });

export const digestScheduleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('on-request') }),
  z.strictObject({ kind: z.literal('weekly'), weekday: z.enum(WEEKDAYS) }),
  z.strictObject({ kind: z.literal('before-meeting'), daysBefore: z.number().int().min(1).max(MOST_DAYS_BEFORE_MEETING) }),
]);

export const channelDigestSchema = z.strictObject({
  channel: planChannelSchema,
  schedule: digestScheduleSchema,
  lastPostedOn: z.string().refine(isDateOnly, 'a date as YYYY-MM-DD').nullable(),
});

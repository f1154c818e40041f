import { z } from 'zod';
import { isDateOnly, isReducedDate } from '../plan/calendar-date.js';
import { HISTORY_FIELDS, HISTORY_KINDS, HISTORY_ORIGINS } from '../plan/action-history.js';
import { MAX_DISCUSSED, MEETING_SOURCES } from '../plan/plan-meetings.js';
import { COLUMN_ROLES, LEAD_NOTICES } from '../plan/plan.js';
import { RAG_VALUES } from '../plan/rag.js';
import { UPDATE_ORIGINS, type UpdateDateSource } from '../plan/update.js';

/*
 * The domain's shapes as zod schemas, for what a store is handed from outside the type system (a
 * script's JSON draft, a request body passed through): checked once where it is written.
 */

export const ragSchema = z.enum(RAG_VALUES);

/** One entry of a plan's RAG key; the swatch is the exact colour the key shows, when it shows one. */
export const ragLegendEntrySchema = z.object({
  rag: ragSchema.nullable(),
  colour: z.string(),
  meaning: z.string(),
  swatch: z.string().regex(/^[0-9A-F]{6}$/, 'not a colour (six upper-case hex digits)').optional(),
});

/** A column of the plan's table as the document headed it; a plan has a handful, never hundreds. */
export const planColumnsSchema = z.array(z.object({ heading: z.string().max(1000), role: z.enum(COLUMN_ROLES).nullable() })).max(200);

export const reducedDateSchema = z.string().refine(isReducedDate, 'not a date (YYYY, YYYY-MM, YYYY-MM-DD, a quarter YYYY-33 to YYYY-36 or a term YYYY-T1 to YYYY-T3)');

export const dateOnlySchema = z.string().refine(isDateOnly, 'not a full date (YYYY-MM-DD)');

export const timeZoneSchema = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'not an IANA time zone such as Europe/London');

/** A plan's reminder settings, with their limits: every store checks them here, on import and on change. */
export const planSettingsSchema = z.object({
  reminderLeadDays: z.number({ message: 'must be a whole number of days from 0 to 365' }).int('must be a whole number of days from 0 to 365').min(0, 'must be a whole number of days from 0 to 365').max(365, 'must be a whole number of days from 0 to 365'),
  staleAfterDays: z.number({ message: 'must be a whole number of days from 1 to 3650' }).int('must be a whole number of days from 1 to 3650').min(1, 'must be a whole number of days from 1 to 3650').max(3650, 'must be a whole number of days from 1 to 3650'),
  timeZone: timeZoneSchema,
  ownerApproves: z.boolean({ message: 'must be true or false' }),
  leadNotice: z.enum(LEAD_NOTICES, { message: `must be ${LEAD_NOTICES.join(' or ')}` }),
});

export const planMeetingSchema = z.object({
  date: dateOnlySchema,
  source: z.enum(MEETING_SOURCES),
  title: z.string().max(255, 'a meeting title is at most 255 characters').nullable(),
  chatId: z.string().min(1).max(500, 'a chat id is at most 500 characters').optional(),
  summarySentTo: z.array(z.string().min(1).max(500)).max(50).optional(),
  discussed: z.array(z.string().min(1).max(40)).max(MAX_DISCUSSED).optional(),
});

const note = z.string().nullable();

export const timescaleSchema = z.object({
  asWritten: z.string(),
  reading: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('due'), due: dateOnlySchema, period: reducedDateSchema, note }),
    z.object({
      kind: z.literal('recurring'),
      recurrence: z.object({
        months: z.number().int().min(0),
        weeks: z.number().int().min(0),
        inMonth: z.number().int().min(1).max(12).nullable(),
        label: z.string(),
      }),
      note,
    }),
    z.object({ kind: z.literal('completed'), on: reducedDateSchema.nullable(), note }),
    z.object({ kind: z.literal('ongoing'), from: reducedDateSchema.nullable(), reviewBy: dateOnlySchema.nullable(), note }),
    z.object({ kind: z.literal('not-applicable') }),
    z.object({ kind: z.literal('unclear'), reason: z.string() }),
  ]),
  flag: z
    .object({ message: z.string(), suggestion: z.string().nullable(), suggestedDue: dateOnlySchema.nullable() })
    .nullable(),
});

export const leadSchema = z.object({
  name: z.string().trim().min(1, 'a lead needs a name'),
  kind: z.enum(['person', 'group']),
  role: z.string().nullable(),
});

const DATE_SOURCES = ['stated', 'closing-note', 'in-text', 'recorded', 'none'] as const satisfies readonly UpdateDateSource[];

export const updateEntrySchema = z.object({
  date: reducedDateSchema.nullable(),
  dateSource: z.enum(DATE_SOURCES),
  author: z.string().nullable(),
  text: z.string(),
});

export const newUpdateSchema = updateEntrySchema.extend({
  text: z.string().trim().min(1, 'an update needs some text'),
  origin: z.enum(UPDATE_ORIGINS),
  authorId: z.string().nullable(),
  ragAfter: ragSchema.nullable(),
  timescaleAfter: z.string().nullable(),
  key: z.string().trim().min(1, 'an update needs a key').max(255),
  recordedAt: z.iso.datetime({ offset: true }),
});

const historyNote = z.string().max(4000, 'a note is at most 4,000 characters').nullable();
const historyKey = z.string().trim().min(1, 'a history entry needs a key').max(255);

/** Who, through what, what kind of step and why: what a change is recorded with. */
export const changeRecordSchema = z.object({
  kind: z.enum(HISTORY_KINDS),
  note: historyNote,
  date: dateOnlySchema,
  key: historyKey,
  author: z.string().nullable(),
  authorId: z.string().nullable(),
  origin: z.enum(HISTORY_ORIGINS),
});

export const fieldChangeSchema = z.object({ field: z.enum(HISTORY_FIELDS), was: z.string(), now: z.string() });

export const newHistoryEntrySchema = changeRecordSchema.extend({
  changes: z.array(fieldChangeSchema),
  recordedAt: z.iso.datetime({ offset: true }),
});

export const actionChangeSchema = z.object({
  rag: ragSchema.optional(),
  timescale: timescaleSchema.optional(),
  changedAt: z.iso.datetime({ offset: true }),
  record: changeRecordSchema,
});

/** "updates[2].date" for zod's ['updates', 2, 'date']. */

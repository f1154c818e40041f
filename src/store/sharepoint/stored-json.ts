import { z } from 'zod';
import type { Lead } from '../../plan/lead.js';
import { LEAD_NOTICES, PLAN_SOURCE_FORMATS, type PlanSource, type SectionDraft, type VersionRecordEntry } from '../../plan/plan.js';
import { RAG_VALUES, type RagLegendEntry } from '../../plan/rag.js';
import type { Timescale } from '../../plan/timescale.js';
import { UPDATE_ORIGINS, type UpdateDateSource } from '../../plan/update.js';
import { REMINDER_REASONS } from '../../plan/reminder-policy.js';
import { REMINDER_CHANNELS, type Reminder } from '../reminder-log.js';
import { leadMappingSchema } from '../lead-mapping-checks.js';
import type { NewHistoryEntry } from '../../plan/action-history.js';
import type { PlanMeeting } from '../../plan/plan-meetings.js';
import { channelDigestSchema } from '../../plan/channel-digest-schema.js';
import {
  leadSchema as domainLeadSchema,
  newHistoryEntrySchema,
  planColumnsSchema,
  planMeetingSchema,
  ragLegendEntrySchema,
  timescaleSchema as domainTimescaleSchema,
} from '../domain-schemas.js';

/**
 * The JSON the store keeps in hidden columns, parsed once when read: a list can be edited by hand
 * in SharePoint, so what comes back is checked, not trusted.
 */

const rag = z.enum(RAG_VALUES);
const nullableString = z.string().nullable();

// The domain's own shapes (domain-schemas.ts): what the store reads back is held to what it may write.
const timescaleSchema = domainTimescaleSchema satisfies z.ZodType<Timescale>;
const leadSchema = domainLeadSchema satisfies z.ZodType<Lead>;
// The key exactly as written (the domain's schema trims it when checking what is asked).
const historyEntrySchema = newHistoryEntrySchema.extend({ key: z.string() }) satisfies z.ZodType<NewHistoryEntry>;

/**
 * The visible columns an action item had as the app last wrote them. A column that differs from
 * this was edited by hand in SharePoint since: what a sync tells apart from the app's own writes.
 */
export const seenColumnsSchema = z.object({ ref: z.string(), text: z.string(), outcome: z.string(), rag: z.string() });
export type SeenColumns = z.infer<typeof seenColumnsSchema>;

export const actionJsonSchema = z.object({
  title: z.string(),
  parentRef: nullableString,
  timescale: timescaleSchema,
  leads: z.array(leadSchema),
  leadsText: z.string(),
  sources: z.array(z.string()),
  markers: z.array(z.string()),
  ragNote: nullableString,
  duplicateOf: nullableString,
  /** The day of the last change to RAG or timescale, when there was one. */
  fieldsChangedOn: nullableString,
  /**
   * The record key (ChangeRecord.key) of the last change written to the item, until another
   * change: the change and its history entry are separate items, and this tells a retry its change
   * is already made.
   */
  changeKey: z.string().optional(),
  /**
   * The history entry of that change, written in the same PATCH as the change, then as its own
   * item in the Action history list (unique Key): until that item is there, it is only here, and
   * a retry or the next change writes it. Null when the change changed nothing to record.
   */
  changeEntry: historyEntrySchema.nullable().optional(),
  seen: seenColumnsSchema.optional(),
});
export type ActionJson = z.infer<typeof actionJsonSchema>;

const ragLegendEntry = ragLegendEntrySchema satisfies z.ZodType<RagLegendEntry>;
const versionRecordEntry = z.object({
  version: z.string(),
  date: nullableString,
  description: z.string(),
  author: nullableString,
  cells: z.record(z.string(), z.string()),
}) satisfies z.ZodType<VersionRecordEntry>;
const planSource = z.object({ fileName: z.string(), format: z.enum(PLAN_SOURCE_FORMATS), importedAt: z.string() }) satisfies z.ZodType<PlanSource>;

export const planJsonSchema = z.object({
  /** The whole title; the Title column holds 255 characters. */
  title: z.string(),
  ragLegend: z.array(ragLegendEntry),
  versionRecord: z.array(versionRecordEntry),
  source: planSource.nullable(),
  unplacedText: z.array(z.string()),
  // Added with the plan's record: an item written before reads as no meetings, owner not approving.
  meetings: z.array(planMeetingSchema satisfies z.ZodType<PlanMeeting>).optional(),
  ownerApproves: z.boolean().optional(),
  // Added with the export (issue 17): an item written before has no columns, and the export uses the default ones.
  columns: planColumnsSchema.optional(),
  // Added with the activity feed (issue 18): an item written before tells leads by card.
  leadNotice: z.enum(LEAD_NOTICES).optional(),
  // Added with the digest (issue 17): where and when the bot posts "since the last meeting"; null once unlinked.
  channelDigest: channelDigestSchema.nullable().optional(),
});
export type PlanJson = z.infer<typeof planJsonSchema>;

export const sectionsJsonSchema = z.array(
  z.object({ number: nullableString, label: nullableString.optional(), title: z.string(), description: z.string() }) satisfies z.ZodType<SectionDraft>,
);

const dateSources = ['stated', 'closing-note', 'in-text', 'recorded', 'none'] as const satisfies readonly UpdateDateSource[];

export const updateJsonSchema = z.object({
  date: nullableString,
  dateSource: z.enum(dateSources),
  author: nullableString,
  authorId: nullableString,
  ragAfter: rag.nullable(),
  timescaleAfter: nullableString,
  origin: z.enum(UPDATE_ORIGINS),
  key: z.string(),
  recordedAt: z.string(),
  /**
   * Place in the action's history when written with it (an import or a migration): items of a
   * $batch may be created in any order (graph/json-batching), so item ids cannot tell it.
   */
  position: z.number().int().nonnegative().optional(),
});
export type UpdateJson = z.infer<typeof updateJsonSchema>;

export const historyJsonSchema = historyEntrySchema.extend({
  /** Place in the action's history when written with it (a migration), as UpdateJson's position. */
  position: z.number().int().nonnegative().optional(),
});
export type HistoryJson = z.infer<typeof historyJsonSchema>;

export const reminderJsonSchema = z.object({
  key: z.string(),
  planId: z.string(),
  actionId: z.string(),
  lead: z.string(),
  leadUserId: nullableString,
  reason: z.enum(REMINDER_REASONS),
  period: z.string(),
  claimedAt: z.string(),
  status: z.enum(['claimed', 'sent', 'failed', 'unreachable', 'answered']),
  sentAt: nullableString,
  answeredAt: nullableString,
  attempts: z.number().int(),
  lastError: nullableString,
  // Added with the activity feed (issue 18): a reminder stored before was sent, if at all, as a card.
  via: z.enum(REMINDER_CHANNELS).nullable().optional(),
}).transform((r): Reminder => ({ ...r, via: r.via ?? (r.sentAt === null ? null : 'card') })) satisfies z.ZodType<Reminder>;

export const conversationReferenceSchema = z.object({
  userId: z.string(),
  userName: nullableString,
  tenantId: nullableString,
  conversationId: z.string(),
  serviceUrl: z.string(),
  reference: z.unknown(),
  updatedAt: z.string(),
  uninstalledAt: z.string().optional(),
});

export const leadMappingsJsonSchema = z.array(leadMappingSchema);

/** Parses a hidden JSON column, naming the list, item and column when it is not what the store wrote. */
export function parseStoredJson<T>(schema: z.ZodType<T>, raw: unknown, where: string): T {
  if (typeof raw !== 'string') throw new Error(`${where}: the column is empty or not text`);
  let value: unknown;
  try {
    value = JSON.parse(raw) as unknown;
  } catch {
    throw new Error(`${where}: the column does not hold JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${where}: ${issue?.path.join('.') || 'value'} ${issue?.message ?? 'is invalid'}`);
  }
  return parsed.data;
}

import { z } from 'zod/mini';
import { HISTORY_KINDS } from '../../../src/plan/action-history.js';
import { MEETING_SOURCES } from '../../../src/plan/plan-meetings.js';
import { RAG_VALUES } from '../../../src/plan/rag.js';

/*
 * The API's answers, checked once where they arrive. The server builds them from the same domain
 * types the tab imports, so these check the shape the views rely on (ids, refs, versions, RAG
 * values, arrays where lists are expected) rather than restating every field.
 */

export const errorBodySchema = z.looseObject({
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
    current: z.optional(z.unknown()),
    scopes: z.optional(z.array(z.string())),
  }),
});

const updateSchema = z.looseObject({
  id: z.string(),
  date: z.nullable(z.string()),
  text: z.string(),
  author: z.nullable(z.string()),
  sequence: z.number(),
});

const actionShape = {
  id: z.string(),
  ref: z.string(),
  sectionId: z.string(),
  order: z.number(),
  text: z.string(),
  leads: z.array(z.looseObject({ name: z.string() })),
  leadsText: z.string(),
  timescale: z.looseObject({ asWritten: z.string(), reading: z.looseObject({ kind: z.string() }) }),
  rag: z.enum(RAG_VALUES),
  lastUpdated: z.nullable(z.string()),
  version: z.string(),
};

const historyEntrySchema = z.looseObject({
  id: z.string(),
  kind: z.enum(HISTORY_KINDS),
  changes: z.array(z.looseObject({ field: z.string(), was: z.string(), now: z.string() })),
  note: z.nullable(z.string()),
  author: z.nullable(z.string()),
  origin: z.string(),
  date: z.string(),
  recordedAt: z.string(),
  sequence: z.number(),
});

export const actionViewSchema = z.looseObject({ ...actionShape, latestUpdate: z.nullable(updateSchema) });
export const actionViewsSchema = z.array(actionViewSchema);
export const actionWithUpdatesSchema = z.looseObject({ ...actionShape, updates: z.array(updateSchema), history: z.array(historyEntrySchema) });
export const actionSchema = z.looseObject(actionShape);

const meetingSchema = z.looseObject({ date: z.string(), source: z.enum(MEETING_SOURCES), title: z.nullable(z.string()) });
export const meetingsSchema = z.array(meetingSchema);

export const planSummariesSchema = z.array(
  z.looseObject({ id: z.string(), title: z.string(), actionCount: z.number(), lastUpdated: z.nullable(z.string()) }),
);

const planChannelSchema = z.looseObject({ teamId: z.string(), channelId: z.string(), name: z.nullable(z.string()) });

/** The plan's digest setting (PUT /api/plans/{id}/channel-digest's answer, and the plan's `channelDigest`). */
export const channelDigestSchema = z.looseObject({
  channel: planChannelSchema,
  schedule: z.discriminatedUnion('kind', [
    z.looseObject({ kind: z.literal('on-request') }),
    z.looseObject({ kind: z.literal('weekly'), weekday: z.string() }),
    z.looseObject({ kind: z.literal('before-meeting'), daysBefore: z.number() }),
  ]),
  lastPostedOn: z.nullable(z.string()),
});

export const postedDigestSchema = z.looseObject({
  posted: z.boolean(),
  since: z.string(),
  counts: z.looseObject({ actionsChanged: z.number() }),
});

export const planEnvelopeSchema = z.looseObject({
  plan: z.looseObject({
    id: z.string(),
    title: z.string(),
    owner: z.nullable(z.string()),
    staleAfterDays: z.number(),
    ownerApproves: z.boolean(),
    meetings: meetingsSchema,
    // Absent from a server from before the digest, null once unlinked.
    channelDigest: z.optional(z.nullable(channelDigestSchema)),
  }),
  sections: z.array(z.looseObject({ id: z.string(), title: z.string(), number: z.nullable(z.string()), order: z.number() })),
  today: z.string(),
  you: z.looseObject({
    isOwner: z.boolean(),
    ownerApproves: z.boolean(),
    mayDecide: z.boolean(),
    // A server from before `mayEdit` let everyone who could read the plan write to it, and checks each write itself.
    mayEdit: z._default(z.boolean(), true),
  }),
});

/** PUT /api/plans/{id}/meetings/{date}/discussed: how many refs the day's meeting keeps as discussed. */
export const discussedAnswerSchema = z.looseObject({ discussed: z.number() });

export const finishedMeetingSchema = z.looseObject({
  sent: z.boolean(),
  summary: z.looseObject({ discussed: z.number(), changes: z.number(), dueBeforeNext: z.number() }),
});

export const recordUpdateSchema = z.looseObject({
  created: z.boolean(),
  update: updateSchema,
  action: actionWithUpdatesSchema,
  proposal: z.nullable(historyEntrySchema),
});

/** A completion or timescale asked for: changed at once (the action), waiting for the owner, or an answer that changes nothing (the entry). */
export const requestOutcomeSchema = z.union([
  z.looseObject({ outcome: z.literal('changed'), action: actionSchema }),
  z.looseObject({ outcome: z.enum(['requested', 'answered']), entry: historyEntrySchema }),
]);

const actionChangesSchema = z.looseObject({
  actionId: z.string(),
  ref: z.string(),
  newUpdates: z.array(updateSchema),
  rag: z.nullable(z.looseObject({ was: z.string(), now: z.string() })),
  timescale: z.nullable(z.looseObject({ was: z.string(), now: z.string() })),
  otherChanges: z.array(z.looseObject({ field: z.string(), was: z.string(), now: z.string() })),
  newlyOverdue: z.boolean(),
  completed: z.boolean(),
  requests: z.array(historyEntrySchema),
});

export const planChangesSchema = z.looseObject({
  since: z.string(),
  today: z.string(),
  actions: z.array(actionChangesSchema),
  counts: z.looseObject({
    actionsChanged: z.number(),
    newUpdates: z.number(),
    ragChanged: z.number(),
    timescaleMoved: z.number(),
    newlyOverdue: z.number(),
    completed: z.number(),
  }),
  lastMeeting: z.nullable(meetingSchema),
  nextMeeting: z.nullable(meetingSchema),
});

/** What the server answers an import with: checked where the page relies on it, the rest trusted. */
export const importAnswerSchema = z.looseObject({
  kind: z.enum(['created', 'revised', 'unchanged', 'dry-run']),
  planId: z.optional(z.string()),
  title: z.optional(z.string()),
  into: z.optional(z.nullable(z.string())),
  revision: z.optional(z.nullable(z.looseObject({ matched: z.array(z.unknown()), added: z.array(z.unknown()), removed: z.array(z.unknown()) }))),
  report: z.looseObject({ fileName: z.string(), actionCount: z.number(), sectionCount: z.number(), updateCount: z.number(), notes: z.array(z.unknown()), unplaced: z.array(z.unknown()) }),
});

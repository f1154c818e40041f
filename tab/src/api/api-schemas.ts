import { z } from 'zod/mini';
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

export const actionViewSchema = z.looseObject({ ...actionShape, latestUpdate: z.nullable(updateSchema) });
export const actionViewsSchema = z.array(actionViewSchema);
export const actionWithUpdatesSchema = z.looseObject({ ...actionShape, updates: z.array(updateSchema) });
export const actionSchema = z.looseObject(actionShape);

export const planSummariesSchema = z.array(
  z.looseObject({ id: z.string(), title: z.string(), actionCount: z.number(), lastUpdated: z.nullable(z.string()) }),
);

export const planEnvelopeSchema = z.looseObject({
  plan: z.looseObject({ id: z.string(), title: z.string(), owner: z.nullable(z.string()), staleAfterDays: z.number() }),
  sections: z.array(z.looseObject({ id: z.string(), title: z.string(), number: z.nullable(z.string()), order: z.number() })),
  today: z.string(),
});

export const recordUpdateSchema = z.looseObject({
  created: z.boolean(),
  update: updateSchema,
  action: actionWithUpdatesSchema,
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

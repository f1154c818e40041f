import { z } from 'zod';
import { PlanError } from '../plan/errors.js';
import { planSizeProblem } from '../plan/plan-limits.js';
import { PLAN_SOURCE_FORMATS, type PlanDraft } from '../plan/plan.js';
import { invalidInput } from '../plan/invalid-input.js';
import { leadSchema, planColumnsSchema, planSettingsSchema, ragLegendEntrySchema, ragSchema, reducedDateSchema, timescaleSchema, updateEntrySchema } from './domain-schemas.js';

const actionSchema = z.object({
  ref: z.string().trim().min(1, 'an action needs a ref').max(50),
  parentRef: z.string().nullable(),
  sectionIndex: z.number().int().min(0),
  title: z.string().max(255),
  text: z.string(),
  outcome: z.string(),
  leads: z.array(leadSchema),
  leadsText: z.string(),
  timescale: timescaleSchema,
  rag: ragSchema,
  ragNote: z.string().nullable(),
  sources: z.array(z.string()),
  markers: z.array(z.string()),
  duplicateOf: z.string().nullable(),
  updates: z.array(updateEntrySchema),
});

const planSchema = z.object({
  title: z.string().trim().min(1, 'a plan needs a title'),
  description: z.string(),
  owner: z.string().nullable(),
  ...planSettingsSchema.shape,
  ragLegend: z.array(ragLegendEntrySchema),
  versionRecord: z.array(
    z.object({ version: z.string(), date: reducedDateSchema.nullable(), description: z.string(), author: z.string().nullable(), cells: z.record(z.string(), z.string()) }),
  ),
  source: z.object({ fileName: z.string(), format: z.enum(PLAN_SOURCE_FORMATS), importedAt: z.iso.datetime({ offset: true }) }).nullable(),
  unplacedText: z.array(z.string()),
  columns: planColumnsSchema.optional(),
  sections: z.array(z.object({ number: z.string().nullable(), label: z.string().nullable().optional(), title: z.string(), description: z.string() })),
});

/**
 * What every store checks before writing a plan, so a bad draft (from a script's JSON, or an
 * importer bug) is refused whole, naming the action and the field, instead of failing half way.
 */
export function checkDraft(draft: PlanDraft): void {
  const plan = planSchema.safeParse(draft);
  if (!plan.success) throw invalidInput(plan.error, 'plan draft', { at: null });
  if (!Array.isArray(draft.actions)) throw new PlanError('invalid_input', 'plan draft: actions: expected a list of actions');
  const updates = draft.actions.reduce((n, action) => n + (Array.isArray(action?.updates) ? action.updates.length : 0), 0);
  const tooLarge = planSizeProblem({ actions: draft.actions.length, updates });
  if (tooLarge) throw new PlanError('plan_too_large', `plan draft ${tooLarge}`);
  const seen = new Set<string>();
  draft.actions.forEach((action, index) => {
    const parsed = actionSchema.safeParse(action);
    const ref = typeof action?.ref === 'string' && action.ref.trim() !== '' ? action.ref : undefined;
    const at = ref ? { ref } : {};
    if (!parsed.success) throw invalidInput(parsed.error, 'plan draft', { at, within: ['actions', index] });
    if (seen.has(action.ref)) throw new PlanError('invalid_input', 'two actions have the same ref; refs must be unique in a plan', { at });
    seen.add(action.ref);
    if (action.sectionIndex >= draft.sections.length) {
      throw new PlanError('invalid_input', `the action's section ${action.sectionIndex} does not exist (the plan has ${draft.sections.length})`, { at });
    }
  });
}

import { z } from 'zod';
import { PlanError } from '../plan/errors.js';
import type { PlanDraft } from '../plan/plan.js';
import { RAG_VALUES } from '../plan/rag.js';

const draftSchema = z.object({
  title: z.string().trim().min(1, 'a plan needs a title'),
  reminderLeadDays: z.number().int().min(0).max(365),
  staleAfterDays: z.number().int().min(1).max(3650),
  timeZone: z.string().min(1),
  sections: z.array(z.object({ title: z.string() })),
  actions: z.array(
    z.object({
      ref: z.string().trim().min(1, 'an action needs a ref').max(50),
      sectionIndex: z.number().int().min(0),
      rag: z.enum(RAG_VALUES),
      title: z.string().max(255),
    }),
  ),
});

/**
 * What every store checks before writing a plan, so a bad draft (from a script's JSON, or an
 * importer bug) is refused whole, naming the action, instead of failing half way.
 */
export function checkDraft(draft: PlanDraft): void {
  const parsed = draftSchema.safeParse(draft);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const [list, index] = issue.path;
    const ref = list === 'actions' && typeof index === 'number' ? draft.actions[index]?.ref : undefined;
    throw new PlanError('invalid_input', `plan draft: ${issue.path.join('.')}: ${issue.message}`, { at: ref ? { ref } : {} });
  }
  const seen = new Set<string>();
  for (const action of draft.actions) {
    if (seen.has(action.ref)) throw new PlanError('invalid_input', 'two actions have the same ref; refs must be unique in a plan', { at: { ref: action.ref } });
    seen.add(action.ref);
    if (action.sectionIndex >= draft.sections.length) {
      throw new PlanError('invalid_input', `the action's section ${action.sectionIndex} does not exist (the plan has ${draft.sections.length})`, { at: { ref: action.ref } });
    }
  }
}

import type { ActionWithUpdates, PlanDocument, PlanDraft, Section } from '../../src/plan/plan.js';
import { latestUpdate } from '../../src/plan/latest-update.js';

/**
 * A draft as a store would give it back (ids, order, versions), without a store: the export's
 * specifications start from a plan, and what the stores do with one is the contract suite's.
 */
export function documentOfDraft(draft: PlanDraft, planId = 'plan-1', recordedAt = '2018-03-01T09:00:00.000Z'): PlanDocument {
  const { sections: sectionDrafts, actions: actionDrafts, ...plan } = draft;
  const sections: Section[] = sectionDrafts.map((s, i) => ({ ...s, id: `s${i + 1}`, planId, order: i }));
  const actions: ActionWithUpdates[] = actionDrafts.map(({ sectionIndex, updates, ...a }, order) => {
    const id = `a${order + 1}`;
    return {
      ...a,
      id,
      planId,
      sectionId: sections[sectionIndex]!.id,
      order,
      lastUpdated: latestUpdate(updates.map((u, sequence) => ({ ...u, sequence })))?.date ?? null,
      version: '1',
      updates: updates.map((u, sequence) => ({
        ...u,
        id: `${id}-u${sequence + 1}`,
        actionId: id,
        sequence,
        origin: 'import',
        authorId: null,
        ragAfter: null,
        timescaleAfter: null,
        key: `${id}-${sequence}`,
        recordedAt,
      })),
      history: [],
    };
  });
  return { plan: { ...plan, id: planId }, sections, actions };
}

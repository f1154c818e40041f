import type { ActionWithUpdates, PlanDocument, PlanDraft } from '../../src/plan/plan.js';

/**
 * Where two readings of a plan differ, field by field, each difference named with its action's
 * ref ("4.2a leads: ... became ..."), so a failed round trip says what was lost and where.
 */
type Comparable = Pick<PlanDraft, 'sections'> & { actions: (Omit<PlanDraft['actions'][number], 'updates'> & { updates: readonly UpdateFields[] })[] };
type UpdateFields = Pick<ActionWithUpdates['updates'][number], 'date' | 'dateSource' | 'author' | 'text'>;

const ACTION_FIELDS = ['sectionIndex', 'parentRef', 'title', 'text', 'outcome', 'leads', 'leadsText', 'timescale', 'rag', 'sources', 'markers', 'duplicateOf'] as const;

const shown = (value: unknown): string => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
};

/** A stored plan in the draft's shape: sections by index, updates with what a document can say of them. */
export function comparableOfDocument(doc: PlanDocument): Comparable {
  const index = new Map(doc.sections.map((s, i) => [s.id, i]));
  return {
    sections: doc.sections.map((s) => ({ number: s.number, label: s.label ?? null, title: s.title, description: s.description })),
    actions: doc.actions.map(({ id: _id, planId: _planId, sectionId, order: _order, lastUpdated: _lastUpdated, version: _version, history: _history, updates, ...a }) => ({
      ...a,
      sectionIndex: index.get(sectionId)!,
      updates: updates.map((u) => ({ date: u.date, dateSource: u.dateSource, author: u.author, text: u.text })),
    })),
  };
}

export function planDifferences(before: Comparable, after: Comparable): string[] {
  const out: string[] = [];
  before.sections.forEach((s, i) => {
    const t = after.sections[i];
    const was = { number: s.number, label: s.label ?? null, title: s.title, description: s.description };
    const now = t ? { number: t.number, label: t.label ?? null, title: t.title, description: t.description } : undefined;
    if (shown(was) !== shown(now)) out.push(`section ${i + 1}: ${shown(was)} became ${shown(now)}`);
  });
  if (after.sections.length > before.sections.length) out.push(`sections: ${after.sections.length - before.sections.length} more than the plan's ${before.sections.length}`);
  const byRef = new Map(after.actions.map((a) => [a.ref, a]));
  for (const a of before.actions) {
    const b = byRef.get(a.ref);
    if (!b) {
      out.push(`${a.ref}: missing`);
      continue;
    }
    for (const field of ACTION_FIELDS) if (shown(a[field] ?? null) !== shown(b[field] ?? null)) out.push(`${a.ref} ${field}: ${shown(a[field])} became ${shown(b[field])}`);
    const updates = (u: readonly UpdateFields[]) => u.map((x) => ({ date: x.date, dateSource: x.dateSource, author: x.author, text: x.text }));
    const [ua, ub] = [updates(a.updates), updates(b.updates)];
    if (ua.length !== ub.length) out.push(`${a.ref} updates: ${ua.length} became ${ub.length}`);
    ua.forEach((u, i) => {
      if (shown(u) !== shown(ub[i])) out.push(`${a.ref} update ${i + 1}: ${shown(u)} became ${shown(ub[i])}`);
    });
  }
  const refs = new Set(before.actions.map((a) => a.ref));
  for (const b of after.actions) if (!refs.has(b.ref)) out.push(`${b.ref}: not in the plan, but in the document read back`);
  return out;
}

import { expect } from 'vitest';
import type { LeadMapping, LeadTarget } from '../../src/plan/lead-mapping.js';
import type { ActionDraft, Plan, PlanDocument, PlanDraft } from '../../src/plan/plan.js';
import type { NewUpdate } from '../../src/plan/update.js';
import type { NewReminder } from '../../src/store/reminder-log.js';

/* What the contract parts share: updates, lead targets, mappings and reminders to store, and how a stored plan is compared with its draft. */

export function newUpdate(key: string, overrides: Partial<NewUpdate> = {}): NewUpdate {
  return {
    date: '2018-03-01',
    dateSource: 'recorded',
    author: 'Jane Price',
    authorId: '00000000-0000-0000-0000-000000000001',
    text: 'Presentation repeated for practice nurses',
    origin: 'card',
    ragAfter: null,
    timescaleAfter: null,
    key,
    recordedAt: '2018-03-01T10:00:00.000Z',
    ...overrides,
  };
}

export const LOUISE: LeadTarget = { kind: 'user', id: '5f0c2a61-3a52-4d0e-9b8e-1f6c0c1d2a01', displayName: 'Louise West', mail: 'louise.west@glos.example', userPrincipalName: 'louise.west@glos.example', jobTitle: 'CSE Coordinator' };
export const DAWN: LeadTarget = { kind: 'user', id: '5f0c2a61-3a52-4d0e-9b8e-1f6c0c1d2a02', displayName: 'Dawn Porter', mail: 'dawn.porter@glos.example' };
export const NATALIE: LeadTarget = { kind: 'contact', id: null, displayName: 'Natalie Oakley', mail: 'natalie.oakley@police.example' };

export function mapping(lead: string, writtenAs: string, overrides: Partial<LeadMapping> = {}): LeadMapping {
  return { lead, writtenAs, status: 'unmatched', target: null, candidates: [], updatedAt: '2018-01-05T09:00:00.000Z', confirmedBy: null, ...overrides };
}

export function reminder(key: string, plan: Plan, actionId: string, overrides: Partial<NewReminder> = {}): NewReminder {
  return { key, planId: plan.id, actionId, lead: 'Louise West', leadUserId: null, reason: 'overdue', period: '2017-12-31#0', claimedAt: '2018-01-05T09:00:00.000Z', ...overrides };
}

/** The fields of an action that come back from the store exactly as the draft gave them. */
const DRAFTED_FIELDS = ['title', 'text', 'outcome', 'leads', 'leadsText', 'timescale', 'rag', 'ragNote', 'sources', 'markers', 'duplicateOf'] as const;
function draftedFields(a: Pick<ActionDraft, (typeof DRAFTED_FIELDS)[number]>): Record<string, unknown> {
  return Object.fromEntries(DRAFTED_FIELDS.map((k) => [k, a[k]]));
}

/** The stored plan as the draft should come back: every field the importer gave, and what the store adds on import. */
export function expectStoredAsDrafted(doc: PlanDocument, draft: PlanDraft): void {
  const { sections, actions, ...planFields } = draft;
  expect(doc.plan).toEqual({ ...planFields, id: doc.plan.id });
  expect(doc.sections.map((s) => ({ number: s.number, label: s.label ?? null, title: s.title, description: s.description, order: s.order, planId: s.planId }))).toEqual(
    sections.map((s, i) => ({ number: s.number, label: s.label ?? null, title: s.title, description: s.description, order: i, planId: doc.plan.id })),
  );
  const sectionIndex = new Map(doc.sections.map((s, i) => [s.id, i]));
  expect(
    doc.actions.map((a) => ({
      sectionIndex: sectionIndex.get(a.sectionId),
      ref: a.ref,
      parentRef: a.parentRef,
      order: a.order,
      planId: a.planId,
      ...draftedFields(a),
      updates: a.updates.map((u) => ({ ...u, id: undefined, key: undefined })),
    })),
  ).toEqual(
    actions.map((a, order) => ({
      sectionIndex: a.sectionIndex,
      ref: a.ref,
      parentRef: a.parentRef,
      order,
      planId: doc.plan.id,
      ...draftedFields(a),
      updates: a.updates.map((u, sequence) => ({
        ...u,
        id: undefined,
        key: undefined,
        actionId: doc.actions[order]!.id,
        sequence,
        origin: 'import',
        authorId: null,
        ragAfter: null,
        timescaleAfter: null,
        recordedAt: draft.source!.importedAt,
      })),
    })),
  );
}


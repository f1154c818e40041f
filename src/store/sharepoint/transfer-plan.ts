import type { NewHistoryEntry } from '../../plan/action-history.js';
import { compareReduced } from '../../plan/calendar-date.js';
import { PlanError } from '../../plan/errors.js';
import type { LeadMapping } from '../../plan/lead-mapping.js';
import type { ActionDraft, PlanDocument, PlanDraft, SectionDraft } from '../../plan/plan.js';
import type { NewUpdate } from '../../plan/update.js';
import { importedUpdateKey } from '../imported-update-key.js';
import { checkLeadMappings } from '../lead-mapping-checks.js';
import { checkDraft } from '../plan-draft-check.js';
import type { Reminder } from '../reminder-log.js';
import { checkNewHistoryEntry, checkNewUpdate } from '../write-checks.js';
import { latestDate, type PlanHeader } from './item-codec.js';

/**
 * A whole plan on its way into SharePoint, from a document (plan import --to sharepoint) or from
 * another store (plan migrate): everything a transfer writes, with the keys that make each
 * write safe to repeat. Updates, history entries and reminders keep unique keys (the lists' unique
 * Key columns); actions are told apart by ref, which is unique in a plan.
 */
export interface TransferAction {
  draft: Omit<ActionDraft, 'updates'>;
  /** The day the action's own fields last changed, when later than its updates (a migrated plan). */
  fieldsChangedOn: string | null;
  updates: NewUpdate[];
  /** Its history in the order recorded, each entry under its own key (none from a document). */
  history: NewHistoryEntry[];
  /** The action's id where it came from: reminder keys begin with it. */
  sourceId: string | null;
}

export interface TransferPlan {
  header: PlanHeader;
  sections: SectionDraft[];
  actions: TransferAction[];
  /** Reminders already claimed or sent, so none goes out twice for the same period after the move. */
  reminders: { ref: string; reminder: Reminder }[];
  leadMappings: LeadMapping[];
}

export function transferSize(plan: TransferPlan): { actions: number; updates: number; history: number; reminders: number } {
  return {
    actions: plan.actions.length,
    updates: plan.actions.reduce((n, a) => n + a.updates.length, 0),
    history: plan.actions.reduce((n, a) => n + a.history.length, 0),
    reminders: plan.reminders.length,
  };
}

function splitDraft(draft: PlanDraft): { header: PlanHeader; sections: SectionDraft[] } {
  const { sections, actions: _actions, ...header } = draft;
  return { header, sections };
}

/**
 * A plan read from a document. Its update keys carry the transfer id, so a second import of the
 * same file is a second plan, and a resumed one finds the updates it had already written.
 */
export function transferFromDraft(draft: PlanDraft, transferId: string, importedAt: string): TransferPlan {
  return fromDraft(draft, importedAt, (ref, position) => `import:${transferId}:${ref}:${position}`);
}

/**
 * A plan read from a document for GraphPlanStore.importPlan, which never resumes: its update keys
 * are random (imported-update-key.ts), as every store's import gives them.
 */
export function importFromDraft(draft: PlanDraft, importedAt: string): TransferPlan {
  return fromDraft(draft, importedAt, () => importedUpdateKey());
}

function fromDraft(draft: PlanDraft, importedAt: string, keyOf: (ref: string, position: number) => string): TransferPlan {
  checkDraft(draft);
  const recordedAt = draft.source?.importedAt || importedAt;
  const { header, sections } = splitDraft(draft);
  return {
    header,
    sections,
    actions: draft.actions.map(({ updates, ...action }) => ({
      draft: action,
      fieldsChangedOn: null,
      sourceId: null,
      updates: updates.map((u, j) => ({ ...u, origin: 'import', authorId: null, ragAfter: null, timescaleAfter: null, key: keyOf(action.ref, j), recordedAt })),
      history: [],
    })),
    reminders: [],
    leadMappings: [],
  };
}

/**
 * A plan exported from another store, with its reminders and lead mappings. Updates and history
 * entries keep their own keys (a card answered twice, once on each side of the move, is still
 * recorded once).
 */
export function transferFromDocument(doc: PlanDocument, reminders: readonly Reminder[], leadMappings: readonly LeadMapping[]): TransferPlan {
  const sectionIndex = new Map(doc.sections.map((s, i) => [s.id, i]));
  const sections: SectionDraft[] = doc.sections.map((s) => ({ number: s.number, label: s.label ?? null, title: s.title, description: s.description }));
  const { id: _id, ...header } = doc.plan;
  const actions: TransferAction[] = doc.actions.map((a) => {
    const index = sectionIndex.get(a.sectionId);
    if (index === undefined) throw new PlanError('invalid_input', `action ${a.ref} of plan ${doc.plan.id} names section ${a.sectionId}, which the plan does not have`, { at: { ref: a.ref } });
    const { id, planId: _planId, sectionId: _sectionId, order: _order, lastUpdated, version: _version, updates, history, ...rest } = a;
    const latestUpdate = latestDate(updates.map((u) => u.date));
    return {
      draft: { ...rest, sectionIndex: index },
      // Only a change to the action's own fields dates it beyond its updates.
      fieldsChangedOn: lastUpdated !== null && (latestUpdate === null || compareReduced(lastUpdated, latestUpdate) > 0) ? lastUpdated : null,
      sourceId: id,
      updates: updates.map(({ id: _u, actionId: _a, sequence: _s, ...u }) => u),
      history: [...history].sort((x, y) => x.sequence - y.sequence).map(({ id: _h, actionId: _a, sequence: _s, ...entry }) => entry),
    };
  });
  // The same checks an import makes, so a bad source fails before anything is written.
  checkDraft({ ...header, sections, actions: actions.map((a) => ({ ...a.draft, updates: a.updates.map(({ date, dateSource, author, text }) => ({ date, dateSource, author, text })) })) });
  for (const a of actions) for (const u of a.updates) checkNewUpdate(u);
  for (const a of actions) for (const h of a.history) checkNewHistoryEntry(h);
  checkLeadMappings(leadMappings);
  const refOf = new Map(doc.actions.map((a) => [a.id, a.ref]));
  return {
    header,
    sections,
    actions,
    reminders: reminders.flatMap((r) => {
      const ref = refOf.get(r.actionId);
      return ref === undefined ? [] : [{ ref, reminder: r }];
    }),
    leadMappings: [...leadMappings],
  };
}

/** The reminder policy keys a reminder by action id first ("{actionId}|lead|reason|period"): the id changes with the move. */
export function rekeyReminder(key: string, sourceActionId: string | null, targetActionId: string): string {
  return sourceActionId !== null && key.startsWith(`${sourceActionId}|`) ? `${targetActionId}${key.slice(sourceActionId.length)}` : key;
}

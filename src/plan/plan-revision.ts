import { changesBetween, describeFieldChange, type FieldChange } from './action-history.js';
import type { ReducedDate } from './calendar-date.js';
import type { ActionDraft, PlanDocument, PlanDraft, VersionRecordEntry } from './plan.js';
import type { PlanSize } from './plan-limits.js';
import type { UpdateEntry } from './update.js';

/*
 * A newer version of a plan document against the plan as stored: boards keep editing the Word plan
 * while they move, so the next version is reconciled into the plan instead of becoming a second one.
 * Actions are matched by ref, and by their words when the board renumbered; what the document adds
 * (updates, actions, sections, version record rows) is added once; what it changes (RAG, timescale,
 * leads, wording) is a change with was and now; what it no longer has is reported, never deleted.
 * Pure: the caller applies it, with who and when.
 */


export interface MatchedAction {
  actionId: string;
  /** The ref as stored (before any renumbering). */
  ref: string;
  matchedBy: 'ref' | 'text';
  incoming: ActionDraft;
  /** Its place in the document, from 0. */
  position: number;
  changes: FieldChange[];
  /** Updates the document has that the plan has not, in the document's order. */
  newUpdates: UpdateEntry[];
  /** Updates whose wording the document changed: reported, not added a second time. */
  editedUpdates: { date: ReducedDate | null; was: string; now: string }[];
}

export interface AddedAction {
  incoming: ActionDraft;
  /** Its place in the document, from 0. */
  position: number;
}

export interface RemovedAction {
  actionId: string;
  ref: string;
  title: string;
  /** When the document gives its number to another action, the ref it is kept under: "3.1 (removed)". */
  newRef: string | null;
}

export interface PlanRevision {
  planId: string;
  /** Where each of the document's sections goes: an existing section, or null for a new one. */
  sections: { sectionId: string | null; number: string | null; label: string | null; title: string; description: string }[];
  matched: MatchedAction[];
  added: AddedAction[];
  removed: RemovedAction[];
  versionRecordAdded: VersionRecordEntry[];
  title: { was: string; now: string } | null;
}

/** Words that carry meaning, for telling whether two texts say the same thing. */
function wordSet(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .split(' ')
      .filter((w) => w.length > 2),
  );
}

/** Dice's coefficient of two texts' word sets: 1 the same words, 0 none in common. */
export function textSimilarity(a: string, b: string): number {
  const x = wordSet(a);
  const y = wordSet(b);
  if (x.size === 0 && y.size === 0) return a.trim() === b.trim() ? 1 : 0;
  let common = 0;
  for (const w of x) if (y.has(w)) common += 1;
  return (2 * common) / (x.size + y.size);
}

/** Same ref and words this alike are the same action, reworded. */
const SAME_REF_ALIKE = 0.5;
/** Under another ref, only words this alike make it the same action, renumbered. */
const RENUMBERED_ALIKE = 0.6;
/** An update of the same date whose words are this alike is the same update, edited. */
const EDITED_ALIKE = 0.6;

const tidy = (text: string): string => text.replace(/\s+/g, ' ').trim();
const actionWords = (a: { title: string; text: string; outcome: string }): string => `${a.text || a.title} ${a.outcome}`;

function updateKey(u: { date: string | null; text: string }): string {
  return `${u.date ?? ''}\u0000${tidy(u.text).toLowerCase()}`;
}

/** The document's changes to the action's own fields (its status follows from them, and is recorded when applied). */
function fieldChanges(current: PlanDocument['actions'][number], incoming: ActionDraft): FieldChange[] {
  return changesBetween(current, incoming).filter((c) => c.field !== 'status');
}

function updateChanges(current: PlanDocument['actions'][number], incoming: ActionDraft): Pick<MatchedAction, 'newUpdates' | 'editedUpdates'> {
  const known = new Set(current.updates.map(updateKey));
  const newUpdates: UpdateEntry[] = [];
  const editedUpdates: MatchedAction['editedUpdates'] = [];
  const claimed = new Set<number>();
  for (const entry of incoming.updates) {
    if (known.has(updateKey(entry))) continue;
    const edited = current.updates.findIndex((u, i) => !claimed.has(i) && u.origin === 'import' && u.date === entry.date && textSimilarity(u.text, entry.text) >= EDITED_ALIKE);
    if (edited >= 0) {
      claimed.add(edited);
      editedUpdates.push({ date: entry.date, was: current.updates[edited]!.text, now: entry.text });
    } else {
      newUpdates.push(entry);
    }
  }
  return { newUpdates, editedUpdates };
}

function sectionKey(s: { number: string | null; title: string }): string {
  return `${s.number ?? ''}\u0000${tidy(s.title).toLowerCase()}`;
}

function versionKey(v: VersionRecordEntry): string {
  return JSON.stringify([v.version, v.date, tidy(v.description)]);
}

/** The difference a newer version of the document makes to the stored plan. */
export function revisePlan(current: PlanDocument, incoming: PlanDraft): PlanRevision {
  const sections = incoming.sections.map((s) => {
    const byKey = current.sections.find((c) => sectionKey(c) === sectionKey(s));
    const byTitle = byKey ?? current.sections.find((c) => tidy(c.title).toLowerCase() === tidy(s.title).toLowerCase());
    const byNumber = byTitle ?? (s.number !== null ? current.sections.find((c) => c.number === s.number) : undefined);
    return { sectionId: byNumber?.id ?? null, number: s.number, label: s.label ?? null, title: s.title, description: s.description };
  });

  const pairs = new Map<number, { currentIndex: number; matchedBy: 'ref' | 'text' }>();
  const taken = new Set<number>();
  const byRef = new Map(current.actions.map((a, i) => [a.ref, i]));
  // Same ref, words alike: the same action.
  incoming.actions.forEach((a, i) => {
    const c = byRef.get(a.ref);
    if (c !== undefined && !taken.has(c) && textSimilarity(actionWords(current.actions[c]!), actionWords(a)) >= SAME_REF_ALIKE) {
      pairs.set(i, { currentIndex: c, matchedBy: 'ref' });
      taken.add(c);
    }
  });
  // Renumbered: the most alike pairs first, ties to document order.
  const candidates: { i: number; c: number; score: number }[] = [];
  incoming.actions.forEach((a, i) => {
    if (pairs.has(i)) return;
    current.actions.forEach((ca, c) => {
      if (taken.has(c)) return;
      const score = textSimilarity(actionWords(ca), actionWords(a));
      if (score >= RENUMBERED_ALIKE) candidates.push({ i, c, score });
    });
  });
  candidates.sort((x, y) => y.score - x.score || x.i - y.i || x.c - y.c);
  for (const { i, c } of candidates) {
    if (pairs.has(i) || taken.has(c)) continue;
    pairs.set(i, { currentIndex: c, matchedBy: current.actions[c]!.ref === incoming.actions[i]!.ref ? 'ref' : 'text' });
    taken.add(c);
  }
  // Same ref, reworded beyond recognition, and nothing more alike anywhere: still the board's action under its number.
  incoming.actions.forEach((a, i) => {
    const c = byRef.get(a.ref);
    if (!pairs.has(i) && c !== undefined && !taken.has(c)) {
      pairs.set(i, { currentIndex: c, matchedBy: 'ref' });
      taken.add(c);
    }
  });

  const matched: MatchedAction[] = [];
  const added: AddedAction[] = [];
  incoming.actions.forEach((a, i) => {
    const pair = pairs.get(i);
    if (!pair) return added.push({ incoming: a, position: i });
    const c = current.actions[pair.currentIndex]!;
    matched.push({ actionId: c.id, ref: c.ref, matchedBy: pair.matchedBy, incoming: a, position: i, changes: fieldChanges(c, a), ...updateChanges(c, a) });
  });
  const incomingRefs = new Set(incoming.actions.map((a) => a.ref));
  const keptRef = (ref: string): string | null => {
    if (!incomingRefs.has(ref)) return null;
    let candidate = `${ref} (removed)`;
    for (let n = 2; incomingRefs.has(candidate); n += 1) candidate = `${ref} (removed ${n})`;
    return candidate;
  };
  const removed = current.actions.filter((_, c) => !taken.has(c)).map((a) => ({ actionId: a.id, ref: a.ref, title: a.title, newRef: keptRef(a.ref) }));
  const knownVersions = new Set(current.plan.versionRecord.map(versionKey));
  return {
    planId: current.plan.id,
    sections,
    matched,
    added,
    removed,
    versionRecordAdded: incoming.versionRecord.filter((v) => !knownVersions.has(versionKey(v))),
    title: tidy(current.plan.title) === tidy(incoming.title) ? null : { was: current.plan.title, now: incoming.title },
  };
}

/** Whether applying the revision would change nothing stored. */
export function isUnchanged(revision: PlanRevision): boolean {
  return (
    revision.added.length === 0 &&
    revision.versionRecordAdded.length === 0 &&
    revision.sections.every((s) => s.sectionId !== null) &&
    revision.matched.every((m) => m.changes.length === 0 && m.newUpdates.length === 0)
  );
}

/** What a new version changes, a line each, as the CLI prints it and the tab shows it before and after. */
export function describeRevision(revision: PlanRevision): string[] {
  const lines: string[] = [];
  const withUpdates = revision.matched.filter((m) => m.newUpdates.length > 0);
  const count = withUpdates.reduce((n, m) => n + m.newUpdates.length, 0);
  if (count > 0) lines.push(`add ${count} update${count === 1 ? '' : 's'} to ${withUpdates.map((m) => m.incoming.ref).join(', ')}`);
  for (const m of revision.matched) {
    for (const c of m.changes) lines.push(`${m.ref}: ${describeFieldChange(c)} (${m.matchedBy === 'text' && c.field === 'ref' ? 'matched by its words' : 'in the document'})`);
    for (const e of m.editedUpdates) lines.push(`${m.incoming.ref}: an update of ${e.date ?? 'no date'} is worded differently in the document; the plan keeps its record (not added again)`);
  }
  for (const a of revision.added) lines.push(`new action ${a.incoming.ref}: ${a.incoming.title}`);
  for (const s of revision.sections.filter((x) => x.sectionId === null)) lines.push(`new section ${[s.number, s.title].filter(Boolean).join(' ')}`);
  for (const r of revision.removed) lines.push(`${r.ref} is no longer in the document; kept in the plan`);
  if (revision.versionRecordAdded.length > 0) lines.push(`add ${revision.versionRecordAdded.length} version record row${revision.versionRecordAdded.length === 1 ? '' : 's'} (${revision.versionRecordAdded.map((v) => v.version).join(', ')})`);
  if (revision.title) lines.push(`the document's title is now "${revision.title.now}" (the plan keeps "${revision.title.was}")`);
  if (lines.length === 0) lines.push('nothing to change');
  return lines;
}

/** The plan's size once the revision is applied: removed actions stay (kept as history), so only additions grow it. */
export function sizeAfterRevision(current: PlanDocument, revision: PlanRevision): PlanSize {
  const held = current.actions.reduce((n, a) => n + a.updates.length, 0);
  const newUpdates = revision.matched.reduce((n, m) => n + m.newUpdates.length, 0) + revision.added.reduce((n, a) => n + a.incoming.updates.length, 0);
  return { actions: current.actions.length + revision.added.length, updates: held + newUpdates };
}

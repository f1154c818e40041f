import { describeReducedDate, startOfPeriod, type DateOnly } from '../plan/calendar-date.js';
import { changesSince, type PlanChanges } from '../plan/changes-since.js';
import type { PlanDocument, VersionRecordEntry } from '../plan/plan.js';

/**
 * The row an exported document adds to the plan's Version Control Record: the next version, today,
 * and what changed since the last version's date, read from the plan's record (its dated updates
 * and the history of every change): updates added, RAG changes, actions completed.
 */
export interface NewVersion {
  version: string;
  date: DateOnly;
  /** The day the changes are counted from: the last version's date, or null when the record has none. */
  since: DateOnly | null;
  changes: PlanChanges;
  description: string;
}

/** The version after the last one, numbered as the plan numbers them: V03 → V04, 1.2 → 1.3, Version 9 → Version 10; "1" for a plan with none. */
export function nextVersion(last: string | null): string {
  const m = last === null ? null : /^(.*?)(\d+)(\D*)$/.exec(last.trim());
  if (!m) return '1';
  const next = String(Number(m[2]) + 1).padStart(m[2]!.length, '0');
  return `${m[1]}${next}${m[3]}`;
}

/** The earliest day any plan can have: counting from it counts the plan's whole record. */
const BEGINNING = '0001-01-01';

const listed = (refs: readonly string[]): string => (refs.length <= 12 ? refs.join(', ') : `${refs.slice(0, 12).join(', ')} and ${refs.length - 12} more`);

export function newVersion(doc: PlanDocument, today: DateOnly): NewVersion {
  const record = doc.plan.versionRecord;
  const last = record.at(-1) ?? null;
  const lastDated = [...record].reverse().find((e) => e.date !== null);
  const since = lastDated ? startOfPeriod(lastDated.date!) : null;
  const changes = changesSince(
    { actions: doc.actions, updates: doc.actions.flatMap((a) => a.updates), history: doc.actions.flatMap((a) => a.history) },
    since ?? BEGINNING,
    today,
  );
  const { counts } = changes;
  const parts: string[] = [];
  const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  if (counts.newUpdates > 0) parts.push(`${plural(counts.newUpdates, 'update', 'updates')} added (${listed(changes.actions.filter((a) => a.newUpdates.length > 0).map((a) => a.ref))})`);
  const rag = changes.actions.filter((a) => a.rag !== null);
  if (rag.length > 0) parts.push(`RAG changed on ${plural(rag.length, 'action', 'actions')} (${listed(rag.map((a) => `${a.ref} ${a.rag!.was} to ${a.rag!.now}`))})`);
  const completed = changes.actions.filter((a) => a.completed);
  if (completed.length > 0) parts.push(`${plural(completed.length, 'action', 'actions')} completed (${listed(completed.map((a) => a.ref))})`);
  const from = lastDated === undefined ? 'since the plan began' : `since ${lastDated.version ? `version ${lastDated.version} ` : ''}(${describeReducedDate(lastDated.date!)})`;
  const description = parts.length === 0 ? `No updates, RAG changes or completions ${from}` : `${parts.join('; ')} ${from}`;
  return { version: nextVersion(last?.version || null), date: today, since, changes, description };
}

/** The record's columns: the plan's own headings in the order first written, else the usual four. */
export function versionColumns(record: readonly VersionRecordEntry[]): string[] {
  const own = [...new Set(record.flatMap((e) => Object.keys(e.cells)))];
  return own.length > 0 && own.some((c) => /^(version|ver|issue|revision)/i.test(c)) ? own : ['Version', 'Date', 'Author', 'Changes'];
}

/** A row of the record under those columns: a kept row's own cells, or the new version placed by each heading's meaning. */
export function versionCells(columns: readonly string[], entry: VersionRecordEntry | NewVersion): string[] {
  if ('cells' in entry && Object.keys(entry.cells).length > 0) return columns.map((c) => entry.cells[c] ?? '');
  const date = entry.date === null ? '' : describeReducedDate(entry.date);
  const author = 'author' in entry ? (entry.author ?? '') : 'Exported from the live plan';
  let described = false;
  return columns.map((c) => {
    if (/^(version|ver|issue|revision)/i.test(c)) return entry.version;
    if (/^date/i.test(c)) return date;
    if (/author/i.test(c)) return author;
    if (/^time/i.test(c) || described) return '';
    described = true;
    return entry.description;
  });
}

import { isClosed } from './action-closed.js';
import { appliesChanges, pendingRequests, statusOf, type HistoryEntry, type HistoryField } from './action-history.js';
import { AGENCIES, agenciesOfLeads, type Agency } from './agency.js';
import { dateOnly, startOfPeriod, type DateOnly } from './calendar-date.js';
import { updateSinceDay } from './changes-since.js';
import { PlanError } from './errors.js';
import { describeLateness, lateness } from './lateness.js';
import type { ActionWithUpdates, Plan } from './plan.js';
import { RAG_VALUES, isRag, type Rag } from './rag.js';
import type { Update } from './update.js';

/*
 * The partnership's yearly account of a plan: what it finished (with the difference it made), what
 * it carries into the next year, how each action's RAG moved across the year, and what each agency
 * led and reported. Read from the plan's history alone, so a report of a past year says what was
 * true then, whatever has changed since.
 */

/** A financial year, 1 April to 31 March, as boards write it: "2025-26". */
export interface FinancialYear {
  label: string;
  start: DateOnly;
  end: DateOnly;
}

/** "2025-26" as the year from 1 April 2025 to 31 March 2026; anything else is refused, naming it. */
/** The financial year a day falls in ("2025-26"): the year runs from 1 April. */
export function financialYearOf(day: DateOnly): string {
  const year = Number(day.slice(0, 4));
  const first = Number(day.slice(5, 7)) >= 4 ? year : year - 1;
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`;
}

export function readFinancialYear(text: string): FinancialYear {
  const m = /^(\d{4})-(\d{2})$/.exec(text.trim());
  const first = m ? Number(m[1]) : NaN;
  // "2025-27" or "2025-25" is a typo, never a year a board reports on.
  if (!m || (first + 1) % 100 !== Number(m[2])) {
    throw new PlanError('invalid_input', `the year must be a financial year written YYYY-YY with consecutive years, such as 2025-26, not "${text}"`, { at: { column: 'year' } });
  }
  return { label: `${m[1]}-${m[2]}`, start: dateOnly(first, 4, 1), end: dateOnly(first + 1, 3, 31) };
}

export interface CompletedInYear {
  ref: string;
  title: string;
  /** The day the completion counts for. */
  completedOn: DateOnly;
  /** What difference it made, in the words given when it was closed; null for a completion recorded without it (an edit in SharePoint). */
  evidence: string | null;
  agencies: Agency[];
}

export interface CarriedForward {
  ref: string;
  title: string;
  rag: Rag;
  /** "open" or "awaiting approval", at the year's end. */
  status: string;
  timescale: string;
  /** "overdue by 40 days", "due in 3 days", or null, judged on the year's end. */
  lateness: string | null;
}

export interface RagAcrossYear {
  ref: string;
  title: string;
  /** In force on 1 April; null for an action the plan took on during the year. */
  start: Rag | null;
  /** In force at the year's end. */
  end: Rag;
}

export interface AgencyActionInYear {
  ref: string;
  title: string;
  rag: Rag;
  closed: boolean;
  /** Its updates made in the year, in the order written. */
  updates: Pick<Update, 'date' | 'dateSource' | 'author' | 'text' | 'origin'>[];
}

export interface AgencyYear {
  agency: Agency;
  actions: AgencyActionInYear[];
  updateCount: number;
}

export interface AnnualReport {
  planId: string;
  planTitle: string;
  year: FinancialYear;
  /** The day the end of year is read on: 31 March, or today while the year is still running. */
  asAt: DateOnly;
  completed: CompletedInYear[];
  carriedForward: CarriedForward[];
  rag: RagAcrossYear[];
  ragTotals: { start: Record<Rag, number>; end: Record<Rag, number> };
  /** Only the agencies that lead an action, in the usual order of agencies. */
  agencies: AgencyYear[];
}

export interface AnnualReportInput {
  plan: Pick<Plan, 'id' | 'title' | 'source'>;
  actions: readonly ActionWithUpdates[];
}

const byRecord = (a: HistoryEntry, b: HistoryEntry): number => a.sequence - b.sequence;

/**
 * A field's value on a day, from the changes made to it: the last change made by then, or, when
 * every change came later, what the first of them changed it from; with no change, as it is now.
 */
function valueOn(history: readonly HistoryEntry[], field: HistoryField, day: DateOnly, now: string): string {
  const changes = history.filter((e) => appliesChanges(e.kind)).flatMap((e) => e.changes.filter((c) => c.field === field).map((c) => ({ date: e.date, ...c })));
  const before = changes.filter((c) => c.date <= day);
  if (before.length > 0) return before.at(-1)!.now;
  return changes[0]?.was ?? now;
}

function ragOn(history: readonly HistoryEntry[], day: DateOnly, now: Rag): Rag {
  const value = valueOn(history, 'rag', day, now);
  return isRag(value) ? value : now;
}

/**
 * The first day the plan knew of an action: the earliest of its dated updates, its changes and the
 * plan's import. An action known of only after 1 April was taken on in the year and has no start RAG.
 */
function firstKnown(action: ActionWithUpdates, plan: AnnualReportInput['plan']): DateOnly | null {
  const days = [
    ...action.updates.map((u) => (u.date !== null ? startOfPeriod(u.date) : updateSinceDay(u))),
    ...action.history.map((h) => h.date),
    plan.source?.importedAt.slice(0, 10) ?? null,
  ].filter((d): d is DateOnly => d !== null);
  return days.length === 0 ? null : days.reduce((a, b) => (a < b ? a : b));
}

function ragCounts(rags: readonly (Rag | null)[]): Record<Rag, number> {
  const counts = Object.fromEntries(RAG_VALUES.map((r) => [r, 0])) as Record<Rag, number>;
  for (const r of rags) if (r !== null) counts[r] += 1;
  return counts;
}

/** The report of a plan for a financial year, read on `today` when the year has not ended. */
export function annualReport(input: AnnualReportInput, yearText: string, today: DateOnly): AnnualReport {
  const year = readFinancialYear(yearText);
  const asAt = today < year.end ? today : year.end;
  const completed: CompletedInYear[] = [];
  const carriedForward: CarriedForward[] = [];
  const rag: RagAcrossYear[] = [];
  const agencyActions = new Map<Agency, AgencyActionInYear[]>();

  for (const action of [...input.actions].sort((a, b) => a.order - b.order)) {
    const known = firstKnown(action, input.plan);
    // An action the plan took on after the year is not part of it.
    if (known !== null && known > asAt) continue;
    const history = [...action.history].sort(byRecord);
    const untilEnd = history.filter((h) => h.date <= asAt);
    const endRag = ragOn(history, asAt, action.rag);
    const timescaleWords = valueOn(history, 'timescale', asAt, action.timescale.asWritten);
    // The closed rule reads a timescale's meaning, which history keeps only as words: the current reading stands for them when they are the same words.
    const timescale = timescaleWords.trim() === action.timescale.asWritten.trim() ? action.timescale : null;
    const closedAtEnd = valueOn(history, 'status', asAt, statusOf(action)) === 'closed' || (timescale !== null && isClosed({ rag: endRag, timescale }));
    const agencies = agenciesOfLeads(action.leads);

    if (closedAtEnd) {
      const closing = untilEnd.filter((h) => appliesChanges(h.kind) && h.changes.some((c) => c.field === 'status' && c.now === 'closed')).at(-1);
      if (closing && closing.date >= year.start) completed.push({ ref: action.ref, title: action.title, completedOn: closing.date, evidence: closing.note, agencies });
    } else {
      const awaiting = pendingRequests(untilEnd).completion !== null;
      const late = timescale === null ? null : describeLateness(lateness({ rag: endRag, timescale }, asAt));
      carriedForward.push({ ref: action.ref, title: action.title, rag: endRag, status: awaiting ? 'awaiting approval' : 'open', timescale: timescaleWords, lateness: late });
    }

    const takenOnInYear = known !== null && known > year.start;
    rag.push({ ref: action.ref, title: action.title, start: takenOnInYear ? null : ragOn(history, year.start, action.rag), end: endRag });

    const updates = action.updates
      .filter((u) => {
        const day = updateSinceDay(u);
        return day !== null && day >= year.start && (u.date !== null ? startOfPeriod(u.date) : day) <= asAt;
      })
      .sort((a, b) => a.sequence - b.sequence)
      .map((u) => ({ date: u.date, dateSource: u.dateSource, author: u.author, text: u.text, origin: u.origin }));
    for (const agency of agencies) {
      const list = agencyActions.get(agency) ?? [];
      list.push({ ref: action.ref, title: action.title, rag: endRag, closed: closedAtEnd, updates });
      agencyActions.set(agency, list);
    }
  }

  return {
    planId: input.plan.id,
    planTitle: input.plan.title,
    year,
    asAt,
    completed,
    carriedForward,
    rag,
    ragTotals: { start: ragCounts(rag.map((r) => r.start)), end: ragCounts(rag.map((r) => r.end)) },
    agencies: AGENCIES.filter((a) => agencyActions.has(a)).map((agency) => {
      const actions = agencyActions.get(agency)!;
      return { agency, actions, updateCount: actions.reduce((n, a) => n + a.updates.length, 0) };
    }),
  };
}

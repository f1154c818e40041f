import { isClosed, type ClosableAction } from '../../../src/plan/action-closed.js';
import { originName, type HistoryEntry } from '../../../src/plan/action-history.js';
import { actionTimeline, describeTimelineEntry, recordedApart } from '../../../src/plan/action-timeline.js';
import type { DateOnly } from '../../../src/plan/calendar-date.js';
import { updateIsSince } from '../../../src/plan/changes-since.js';
import { yearsNamedIn } from '../../../src/plan/plan-years.js';
import type { Rag } from '../../../src/plan/rag.js';
import { interpretTimescale } from '../../../src/plan/timescale.js';
import type { Update } from '../../../src/plan/update.js';
import { formatDate } from '../format/dates.js';

/** One line of an action's record as the detail and the stage show it. */
export type TimelineLine =
  | {
      kind: 'update';
      key: string;
      /** The day it reports, at the precision written: "12 Feb 2018", "Oct 2017", or "undated". */
      date: string;
      /** Who and through what: "Louise West, in the tab". */
      who: string;
      /** "recorded 1 Mar 2018" where that is another day than the one it reports. */
      recorded: string | null;
      /** A RAG the update set that no history entry records (older updates): "RAG set to Red". */
      set: string | null;
      text: string;
    }
  | {
      kind: 'history';
      key: string;
      date: string;
      /** The domain's words: "RAG changed from Amber to Red — Louise West, in the tab". */
      text: string;
    };

function updateLine(update: Update, history: readonly HistoryEntry[]): TimelineLine {
  // An update that changed RAG or timescale since the history began has its change as an entry of its own.
  const recordedAsChange = history.some((h) => h.key === `${update.key}#change`);
  const set = recordedAsChange
    ? null
    : [update.ragAfter !== null ? `RAG set to ${update.ragAfter}` : null, update.timescaleAfter !== null ? `timescale set to “${update.timescaleAfter}”` : null]
        .filter((p) => p !== null)
        .join(', ') || null;
  return {
    kind: 'update',
    key: `u:${update.id}`,
    date: update.date === null ? 'undated' : formatDate(update.date),
    who: [update.author, originName(update.origin)].filter((p) => p).join(', '),
    recorded: recordedApart(update),
    set,
    text: update.text,
  };
}

/**
 * An action's updates and history entries in the domain's one order (actionTimeline), newest
 * first; with `since`, only what counts as since that day (as changes-since.ts counts it).
 */
export function timelineLines(action: { updates: readonly Update[]; history: readonly HistoryEntry[] }, options: { since?: DateOnly } = {}): TimelineLine[] {
  const since = options.since;
  const items = actionTimeline(action).filter((item) =>
    since === undefined ? true : item.kind === 'update' ? updateIsSince(item.update, since) : item.entry.date >= since,
  );
  return items
    .map((item): TimelineLine =>
      item.kind === 'update'
        ? updateLine(item.update, action.history)
        : { kind: 'history', key: `h:${item.entry.id}`, date: formatDate(item.entry.date), text: describeTimelineEntry(item.entry) },
    )
    .reverse();
}

/**
 * Whether a RAG or timescale a person has chosen would close an open action, by the one closed
 * rule: the form then asks what difference it made. A timescale is read as the server will read it.
 */
export function wouldClose(action: ClosableAction, choice: { rag?: Rag | ''; timescale?: string }): boolean {
  if (isClosed(action)) return false;
  const written = choice.timescale?.trim() ?? '';
  const timescale = written !== '' && written !== action.timescale.asWritten.trim() ? interpretTimescale(written, { planYears: yearsNamedIn([written]) }) : action.timescale;
  const rag = choice.rag === undefined || choice.rag === '' ? action.rag : choice.rag;
  return isClosed({ rag, timescale });
}

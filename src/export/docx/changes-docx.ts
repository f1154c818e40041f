import { describeFieldChange, describeHistoryEntry } from '../../plan/action-history.js';
import { describeReducedDate } from '../../plan/calendar-date.js';
import type { ActionChanges, PlanChanges } from '../../plan/changes-since.js';
import type { Plan } from '../../plan/plan.js';
import type { PlanMeeting } from '../../plan/plan-meetings.js';
import { isRag, type RagLegendEntry } from '../../plan/rag.js';
import type { Update } from '../../plan/update.js';
import { ragLook } from '../rag-look.js';
import { xmlSafe } from '../xml-safe.js';
import { HEADER_FILL, widthsOf, wordDocument } from './plan-docx.js';
import { heading, paragraph, table, type Cell, type Row } from './wordml.js';

/**
 * What the digest is made from: the domain's changes since a day with the meetings either side of
 * it. The service's `PlanChangesAnswer` is one; it is named here from domain types because
 * src/export may import only src/plan.
 */
export type ChangesSinceMeeting = PlanChanges & { lastMeeting: PlanMeeting | null; nextMeeting: PlanMeeting | null };

export interface ChangesDocx {
  plan: Pick<Plan, 'title' | 'ragLegend'>;
  changes: ChangesSinceMeeting;
  /** When the document is made (ISO 8601). */
  now: string;
}

/** "CSE action plan: since the last meeting (12 Feb 2018, Partnership Board)", or "since 1 Feb 2018" when a day was asked for. */
export function changesTitle(planTitle: string, changes: ChangesSinceMeeting): string {
  const since = describeReducedDate(changes.since);
  const meeting = changes.lastMeeting;
  if (meeting === null) return `${planTitle}: since ${since}`;
  return `${planTitle}: since the last meeting (${since}${meeting.title ? `, ${meeting.title}` : ''})`;
}

/**
 * The file's name, the day first: a file name is cut at 100 characters, and a long plan title
 * would otherwise cut off which meeting the digest is since.
 */
export function changesFileTitle(planTitle: string, changes: Pick<PlanChanges, 'since'>): string {
  return `Since ${describeReducedDate(changes.since)}: ${planTitle}`;
}

/**
 * "Since the last meeting" as a short Word document to circulate before the next one: the counts,
 * then each changed action under its own heading with RAG and timescale was and now (RAG shaded
 * and worded), completion, lateness, other changes, requests to the owner and new updates with
 * their dates, then the next meeting. The same package as the plan's export (Title and Heading
 * styles, header rows, title and en-GB set), so it is as accessible. With nothing changed it
 * says so, so a reader never wonders whether the list went missing.
 */
export async function writeChangesDocx(input: ChangesDocx): Promise<Uint8Array> {
  const { changes } = input;
  const title = xmlSafe(changesTitle(input.plan.title, changes));
  const body = [
    heading(title, 'Title'),
    paragraph(`Changes recorded from ${day(changes.since)} to ${day(changes.today)}`, {}, 'Subtitle'),
    paragraph(countsLine(changes)),
    ...(changes.actions.length === 0 ? [paragraph('Nothing has changed.')] : changes.actions.flatMap((a) => actionPart(a, input.plan.ragLegend))),
    ...nextMeetingPart(changes.nextMeeting),
    paragraph(''),
  ].join('');
  return wordDocument(title, title, input.now, body);
}

const day = (d: string): string => describeReducedDate(d);
const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The counts as the Markdown summary words them, so a reader of both sees the same sentence. */
function countsLine({ counts: c }: PlanChanges): string {
  return `${count(c.actionsChanged, 'action')} changed: ${count(c.newUpdates, 'new update')}, ${count(c.ragChanged, 'RAG change')}, ${count(c.timescaleMoved, 'timescale')} moved, ${c.newlyOverdue} newly overdue, ${c.completed} completed`;
}

function actionPart(action: ActionChanges, legend: readonly RagLegendEntry[]): string[] {
  const out = [heading(`${action.ref} ${action.title}`, 'Heading1')];
  if (action.completed) out.push(paragraph('Completed', { bold: true }));
  if (action.newlyOverdue) out.push(paragraph('Now overdue', { bold: true }));
  const wasNow: Row[] = [];
  if (action.rag) wasNow.push({ keepTogether: true, cells: [{ lines: ['RAG'] }, ragCell(action.rag.was, legend), ragCell(action.rag.now, legend)] });
  if (action.timescale) wasNow.push({ keepTogether: true, cells: [{ lines: ['Timescale'] }, { lines: [action.timescale.was] }, { lines: [action.timescale.now] }] });
  if (wasNow.length > 0) out.push(table(['Changed', 'Was', 'Now'], widthsOf([1, 2, 2]), wasNow, HEADER_FILL));
  for (const c of action.otherChanges) out.push(paragraph(describeFieldChange(c)));
  for (const r of action.requests) out.push(paragraph(describeHistoryEntry(r)));
  if (action.newUpdates.length > 0) {
    out.push(heading(`New ${action.newUpdates.length === 1 ? 'update' : 'updates'} on ${action.ref}`, 'Heading2'));
    out.push(table(['Date', 'Update', 'By'], widthsOf([2, 12, 3]), action.newUpdates.map(updateRow), HEADER_FILL));
  }
  return out;
}

/**
 * A RAG in words on its shading from the plan's key. A value the store holds that is no RAG (it
 * cannot be, but the history keeps text) is still shown, in words alone.
 */
function ragCell(rag: string, legend: readonly RagLegendEntry[]): Cell {
  if (!isRag(rag)) return { lines: [rag] };
  const look = ragLook(rag, legend);
  return { lines: [look.word], fill: look.fill, look: { bold: true, colour: look.text } };
}

/** An update in a row of its own: each of its paragraphs a paragraph, so right-to-left text is marked as such line by line. */
function updateRow(update: Update): Row {
  const lines = update.text.split(/\n+/).filter((l) => l.trim() !== '');
  return { cells: [{ lines: [update.date === null ? 'Undated' : day(update.date)] }, { lines }, { lines: update.author ? [update.author] : [] }] };
}

function nextMeetingPart(next: PlanMeeting | null): string[] {
  if (next === null) return [];
  return [heading('Next meeting', 'Heading1'), paragraph(`${day(next.date)}${next.title ? ` (${next.title})` : ''}`)];
}

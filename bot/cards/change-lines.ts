import { describeFieldChange } from '../../src/plan/action-history.js';
import type { ActionChanges } from '../../src/plan/changes-since.js';
import { isRag } from '../../src/plan/rag.js';
import type { CardElement, TextRun } from './adaptive-card.js';
import { displayDate } from './display-date.js';
import { oneLine, paragraph, plain, run } from './plain-text.js';
import { ragRuns } from './rag-text.js';

/*
 * What changed on an action, as the cards that report changes (the meeting's summary, the channel's
 * digest) show it: RAG and timescale as "was → now", completed, and the new updates.
 */

/** A card lists a few dozen actions at most; past this it would pass Teams' 28 KB. */
export const MOST_LISTED = 25;

export function cardHeading(text: string): CardElement {
  return { type: 'TextBlock', text, weight: 'Bolder', size: 'Medium', wrap: true, spacing: 'Large', separator: true };
}

/** A RAG from the history: a word an older version stored that is no RAG now is shown as written. */
function ragWord(value: string): TextRun[] {
  return isRag(value) ? ragRuns(value) : [run(value)];
}

/** An update longer than this is cut on the card (the plan has it whole): a channel's digest lists many. */
const MOST_UPDATE_CHARACTERS = 400;

export interface ChangeLineOptions {
  /** The digest's fuller account: each update's date, its other changes, whether it became overdue. */
  full?: boolean;
}

export function changeLines(change: ActionChanges, options: ChangeLineOptions = {}): CardElement[] {
  const lines: CardElement[] = [paragraph([run(`${change.ref}  `, { weight: 'Bolder', color: 'Accent' }), run(change.title, { weight: 'Bolder' })], 'Small')];
  if (change.rag) lines.push(paragraph([run('RAG: ', { weight: 'Bolder' }), ...ragWord(change.rag.was), run(' → '), ...ragWord(change.rag.now)], 'None'));
  if (change.timescale) lines.push(paragraph([run('Timescale: ', { weight: 'Bolder' }), run(change.timescale.was), run(' → '), run(change.timescale.now)], 'None'));
  if (change.completed) lines.push(plain('Completed', { weight: 'Bolder', color: 'Good' }, 'None'));
  if (options.full && change.newlyOverdue) lines.push(plain('Now overdue', { weight: 'Bolder', color: 'Attention' }, 'None'));
  if (options.full) for (const other of change.otherChanges) lines.push(plain(oneLine(describeFieldChange(other), MOST_UPDATE_CHARACTERS), { isSubtle: true }, 'None'));
  for (const update of change.newUpdates) {
    const label = options.full ? `${update.date === null ? 'Update' : displayDate(update.date)}: ` : 'Update: ';
    lines.push(paragraph([run(label, { weight: 'Bolder' }), run(options.full ? oneLine(update.text, MOST_UPDATE_CHARACTERS) : update.text)], 'None'));
  }
  const requests = change.requests.length;
  if (requests > 0) lines.push(plain(`${requests} request${requests === 1 ? '' : 's'} to the plan owner or answer${requests === 1 ? '' : 's'}`, { isSubtle: true }, 'None'));
  return lines;
}

export function listed<T>(items: readonly T[], render: (item: T) => CardElement[], none: string): CardElement[] {
  if (items.length === 0) return [plain(none, { isSubtle: true }, 'Small')];
  const shown = items.slice(0, MOST_LISTED).flatMap(render);
  const more = items.length - MOST_LISTED;
  return more > 0 ? [...shown, plain(`and ${more} more: open the plan for them all`, { isSubtle: true }, 'Small')] : shown;
}

export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

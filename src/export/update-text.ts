import { describeReducedDate, precisionOf } from '../plan/calendar-date.js';
import { monthName } from '../plan/month-names.js';
import type { Update } from '../plan/update.js';

/**
 * An update as a document writes it, one string per paragraph. An update read from a document
 * carries its date in its own words ("Jan 17 - ...", "(Updated PCSG 10/02/13)"), written as the
 * board wrote it, so its words go out as they are. One recorded in Teams is opened with its date at
 * the precision known ("Update 05/03/2018 – ", "Update March 2018 – "), the opener the importer
 * reads back as the same date; its author follows, as boards sign their updates.
 */
export function updateParagraphs(update: Pick<Update, 'date' | 'dateSource' | 'text' | 'author' | 'origin'>): string[] {
  const lines = update.text.split(/\n+/).map((l) => l.trim()).filter(Boolean);
  if (update.dateSource !== 'recorded' && update.origin === 'import') return lines.length > 0 ? lines : [''];
  const opener = update.date === null ? null : `Update ${writtenDate(update.date)} – `;
  const signed = update.author ? ` (${update.author})` : '';
  const [first = '', ...rest] = lines;
  const out = [`${opener ?? ''}${first}`, ...rest];
  out[out.length - 1] += signed;
  return out;
}

function writtenDate(date: string): string {
  const precision = precisionOf(date);
  if (precision === 'day') return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
  if (precision === 'month') return `${monthName(Number(date.slice(5, 7)))} ${date.slice(0, 4)}`;
  return describeReducedDate(date);
}

/**
 * Month names as UK plans write them: full, three-letter, and the "Sept" that public bodies favour.
 * One pattern shared by every reader of written dates, so "Sept 17" means the same everywhere.
 */

/** A regex source (no groups, no flags) matching one month name in lower or mixed case; use with the i flag. */
export const MONTH_NAME = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';

const NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'] as const;

/** 1-12 for a month name or its abbreviation ("Sept", "sep.", "AUG"), null for anything else. */
export function monthNumber(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, '');
  // Only the forms MONTH_NAME accepts: three letters, "sept", or the whole name.
  const index = NAMES.findIndex((name) => name === w || (w.length === 3 && name.startsWith(w)) || (w === 'sept' && name === 'september'));
  return index < 0 ? null : index + 1;
}

/** "January", for notes that name a month. */
export function monthName(month: number): string {
  const name = NAMES[month - 1];
  if (!name) throw new RangeError(`not a month: ${month}`);
  return name[0]!.toUpperCase() + name.slice(1);
}

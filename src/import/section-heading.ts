/**
 * Headings that start a section or priority: "1. Multi Agency Partnerships;", "Priority 2",
 * "Objective 3: Early help", "Section 4 - Awareness", "Priority Two". A bare "Priority 2" takes its
 * title from the paragraph after it when that reads "Title - description".
 */
const NUMBERED = /^(\d{1,2})[.)]\s+([A-Z].{1,200})$/;
const NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const NAMED = new RegExp(
  String.raw`^(priority|objective|section|theme|strand|workstream|work stream|outcome|area|aim|part|goal)\s+(\d{1,2}|[ivx]+|${NUMBER_WORDS.join('|')})\b\s*[:.\-–—]?\s*(.*)$`,
  'i',
);

export interface SectionHeading {
  /** In digits ("Priority Two" is number 2), or as written for roman numerals. */
  number: string;
  /** The plan's word for its sections ("Priority"), or null for a numbered heading. */
  label: string | null;
  title: string;
}

function numberOf(written: string): string {
  const index = NUMBER_WORDS.indexOf(written.toLowerCase());
  if (index >= 0) return String(index + 1);
  return /\d/.test(written) ? written : written.toUpperCase();
}

export function parseSectionHeading(text: string): SectionHeading | null {
  const clean = text.replace(/\*+/g, '').replace(/\s+/g, ' ').trim();
  const named = NAMED.exec(clean);
  if (named) {
    const rest = named[3]!.replace(/[;:,]+$/, '').trim();
    const label = `${named[1]![0]!.toUpperCase()}${named[1]!.slice(1).toLowerCase()}`;
    const number = numberOf(named[2]!);
    return { number, label, title: rest || `${label} ${named[2]!}` };
  }
  const numbered = NUMBERED.exec(clean);
  // A numbered heading is short: a sentence that happens to start "1. " is not one.
  if (numbered && numbered[2]!.split(' ').length <= 16) return { number: numbered[1]!, label: null, title: numbered[2]!.replace(/[;:,]+$/, '').trim() };
  return null;
}

/**
 * For a bare heading ("Priority 1"), the paragraph after it may carry the title: "Prevention,
 * awareness raising and public confidence - All partners will ..." gives the words before " - " as
 * the title and the rest as the description. Any other heading keeps its title, and the paragraph
 * is all description.
 */
export function splitBareHeadingDescription(title: string, text: string): { title: string; description: string } {
  if (NAMED.exec(title)?.[3] === '') {
    const m = /^(.{3,120}?)\s+[-–—]\s+(.+)$/.exec(text);
    if (m) return { title: m[1]!.trim(), description: m[2]!.trim() };
  }
  return { title, description: text };
}

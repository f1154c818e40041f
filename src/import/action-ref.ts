/**
 * What a numbers cell says: "1.4", "4.2b", "1a", "5.10", "P1.2", "R3"; a marker written beside the
 * number ("1.17 New", "2.3 (revised)"); or a number followed by the action's own words, which some
 * plans write in one cell ("3.1 Review the referral pathway"): those words belong to the action.
 */
const NUMBERED = /^([a-z]{0,4}\d+(?:\.\d+)*[a-z]?)[.):]?(?:\s+(\S.*))?$/is;
/** A lone letter ("a", "b)") numbers sub-items in some plans; with words after it, it is a sentence. */
const LETTER = /^([a-z])[.):]?$/i;
/** Words plans write beside a number to mark the action's standing, not its content. */
const MARKER = /^[([]?\s*(new|added|revised|updated|amended|changed|closed|complete|completed|deleted|removed|merged|moved|carried forward|c\/f|ongoing|urgent|priority|key|new action|added \w+ \d{2,4}|new \w+ \d{2,4})\s*[)\]]?[.!*]*$/i;

export interface ActionRef {
  ref: string;
  markers: string[];
  /** Words after the number that are the action's text, not a marker. */
  rest: string | null;
}

export function readActionRef(text: string): ActionRef | null {
  const clean = text.replace(/\s+/g, ' ').trim();
  const letter = LETTER.exec(clean);
  if (letter) return { ref: letter[1]!, markers: [], rest: null };
  const m = NUMBERED.exec(clean);
  if (!m) return null;
  const after = m[2]?.trim();
  if (!after) return { ref: m[1]!, markers: [], rest: null };
  if (MARKER.test(after)) return { ref: m[1]!, markers: [after.replace(/^[([]\s*|\s*[)\]]?[.!*]*$/g, '')], rest: null };
  // "2 ..." followed by a sentence could be any numbered paragraph; only a dotted or lettered number is a ref then.
  if (!/[.a-z]/i.test(m[1]!.slice(1))) return null;
  return { ref: m[1]!, markers: [], rest: after };
}

/** The ref of the n-th (from 0) unnumbered sub-action under a numbered action: 4.2a, 4.2b; 1a.1 under 1a. */
export function subActionRef(parentRef: string, index: number): string {
  if (/[a-z]$/i.test(parentRef)) return `${parentRef}.${index + 1}`;
  const letter = String.fromCharCode(97 + (index % 26));
  return `${parentRef}${letter}${index >= 26 ? Math.floor(index / 26) : ''}`;
}

/** Long enough to tell actions apart in a list; SharePoint's Title column allows 255. */
export const MAX_TITLE_LENGTH = 120;

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATIONS = /(?:^|\s)(?:e\.g|i\.e|etc|eg|ie|cf|vs|approx|incl|dr|mr|mrs|ms|st|no|nos|ref|para|dept|govt|ltd|co|inc)\.$/i;

function firstSentence(text: string): string {
  const re = /[.!?](?=\s+["'‘“(]?[A-Z0-9]|\s*$)/g;
  for (const m of text.matchAll(re)) {
    const upTo = text.slice(0, m.index + 1);
    if (m[0] === '.' && ABBREVIATIONS.test(upTo)) continue;
    return text.slice(0, m.index);
  }
  return text;
}

/**
 * A short title for an action: the first sentence of its first paragraph, whitespace tidied and
 * trailing punctuation dropped, cut on a word boundary with "…" when longer than 120 characters.
 */
export function actionTitle(text: string): string {
  const firstParagraph = text.split(/\n\s*\n|\r?\n/).map((p) => p.trim()).find((p) => p !== '') ?? '';
  const sentence = firstSentence(firstParagraph.replace(/\s+/g, ' ')).replace(/[\s,;:–—-]+$/u, '').trim();
  if (sentence.length <= MAX_TITLE_LENGTH) return sentence;
  const room = sentence.slice(0, MAX_TITLE_LENGTH);
  const lastSpace = room.lastIndexOf(' ');
  const cut = (lastSpace > MAX_TITLE_LENGTH / 2 ? room.slice(0, lastSpace) : room.slice(0, MAX_TITLE_LENGTH - 1)).replace(/[\s,;:–—(-]+$/u, '');
  return `${cut}…`;
}

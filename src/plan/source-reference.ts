/*
 * References an action cites to the national plans it answers: "ACPO 2.4", "DOE Action Plan",
 * "OCC Interim Report Recommendation 7". Plans write them as a paragraph of their own, at the end of
 * the action's sentence ("... beyond ACPO 2.4", "... focus on : (ACPO 1)"), or inside the text.
 * The first two are moved out of the text into the action's sources; one inside the text stays
 * where it is and is listed too. Each is kept exactly as written.
 */

const REFERENCE = [
  String.raw`ACPO\s+\d+(?:\.\d+)*[a-z]?`,
  String.raw`(?:DOE|DfE|DFE|DoE)(?:\s+CSE)?\s+Action\s+Plan`,
  String.raw`OCC(?:\s+(?:Interim|Final))?(?:\s+Report)?\s+Rec(?:ommendation|\.)?\s*\d+`,
  String.raw`[A-Z]{2,}(?:\s+[A-Z][A-Za-z]*){0,3}\s+Recommendation\s+\d+`,
].join('|');

/** One reference, optionally in brackets. */
const ONE = String.raw`\(\s*(?:${REFERENCE})\s*\)|(?:${REFERENCE})`;

const ANYWHERE = new RegExp(String.raw`(?<![\w])(?:${REFERENCE})(?![\w.]\d)`, 'g');
const ONLY = new RegExp(String.raw`^(?:\s*(?:${ONE})\s*[,;]?)+\s*$`);
const AT_END = new RegExp(String.raw`(?<=^|[\s.,;:)])\s*(${ONE})\s*[.,;]?\s*$`);

function unbracket(ref: string): string {
  return ref.replace(/^\(\s*|\s*\)$/g, '');
}

/** The action's paragraphs without the references that stood apart, and every reference cited, in order. */
export function extractSources(paragraphs: readonly string[]): { paragraphs: string[]; sources: string[] } {
  const sources: string[] = [];
  const cite = (ref: string): void => {
    if (!sources.includes(ref)) sources.push(ref);
  };
  const kept: string[] = [];
  for (const paragraph of paragraphs) {
    if (ONLY.test(paragraph)) {
      for (const m of paragraph.matchAll(ANYWHERE)) cite(m[0]);
      continue;
    }
    let text = paragraph.trimEnd();
    const trailing: string[] = [];
    for (let m = AT_END.exec(text); m && m.index > 0; m = AT_END.exec(text)) {
      trailing.unshift(unbracket(m[1]!.trim()));
      text = text.slice(0, m.index).trimEnd();
    }
    for (const m of text.matchAll(ANYWHERE)) cite(m[0]);
    trailing.forEach(cite);
    if (text.trim() !== '') kept.push(text);
  }
  return { paragraphs: kept, sources };
}

const DUPLICATE = /\b(?:(?:is\s+)?(?:effectively\s+|essentially\s+)?(?:a\s+)?duplicate\s+of|duplicates|(?:the\s+)?same\s+as|captured\s+under|covered\s+(?:by|under|in))\s+(?:[A-Z]{2,}\s+)?(?:action\s+)?(\d+(?:\.\d+)*[a-z]?)\b/i;

/** The ref of the action this text says it duplicates: "This action is effectively a duplicate of ACPO action 1.1" gives '1.1'. */
export function duplicateOfRef(text: string): string | null {
  return DUPLICATE.exec(text)?.[1] ?? null;
}

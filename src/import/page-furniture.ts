import type { DocumentBlock } from './document-blocks.js';
import { plainText } from './cell-text.js';

/** Shapes that are furniture wherever they stand: page numbers, rule lines, protective markings. */
const ALWAYS = [/^page\s+\d+(\s+of\s+\d+)?$/i, /^[-–—(\s]*\d{1,3}[-–—)\s]*$/, /^[-–—_=|:\s]+$/, /^(draft|official|official[-\s]+sensitive|confidential|restricted|not protectively marked)$/i];

function key(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * The texts a document repeats on every page ("Appendix 3", "DRAFT", "GSC - Official"): short
 * paragraphs seen more than once, page numbers, protective markings and rule lines. Found by
 * shape and repetition, not from a list of any one board's wording.
 */
export function furnitureOf(blocks: readonly DocumentBlock[]): Set<string> {
  const counts = new Map<string, number>();
  for (const b of blocks) if (b.kind === 'paragraph') counts.set(key(b.text), (counts.get(key(b.text)) ?? 0) + 1);
  const furniture = new Set<string>();
  for (const [text, count] of counts) {
    const words = text.split(' ').length;
    if ((count >= 2 && words <= 5 && text.length <= 40) || ALWAYS.some((re) => re.test(text))) furniture.add(text);
  }
  return furniture;
}

export function isFurnitureParagraph(text: string, furniture: ReadonlySet<string>): boolean {
  return furniture.has(key(text));
}

/** A table row drawn only of rule characters ("-----\t--\t---"), as exports draw page-end borders. */
export function isRuleRow(cells: readonly string[]): boolean {
  const texts = cells.map(plainText);
  return texts.some((t) => t !== '') && texts.every((t) => /^[-–—_=|:\s]*$/.test(t));
}

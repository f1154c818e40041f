import type { ReadDocument, DocumentBlock } from '../document-blocks.js';

/**
 * The text export the sample plans came as: one line per table row with cells separated by tabs
 * (HTML kept inside cells), other lines are paragraphs. Blank lines carry nothing and are dropped.
 */
export function readTextExport(fileName: string, content: string): ReadDocument {
  const blocks: DocumentBlock[] = [];
  content.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = raw.replace(/^\ufeff/, '');
    if (line.trim() === '') return;
    const at = { line: i + 1 };
    if (line.includes('\t')) blocks.push({ kind: 'row', cells: line.split('\t'), at });
    else blocks.push({ kind: 'paragraph', text: line.trim(), at });
  });
  return { fileName, format: 'text-export', blocks };
}

import mammoth from 'mammoth';
import { Parser } from 'htmlparser2';
import { PlanError } from '../../plan/errors.js';
import type { DocumentBlock, ReadDocument } from '../document-blocks.js';

const PARAGRAPH = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li']);
const CELL_BREAK = new Set(['p', 'li', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'td', 'th', 'ul', 'ol']);

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Blocks of a Word document in order: paragraphs and headings between tables, and each row of each
 * table with its cells as paragraph markup. Mammoth turns the .docx into HTML; a merged cell
 * (colspan) is repeated as empty cells so later columns keep their place; nested tables flatten
 * into their cell's text.
 */
function blocksFromHtml(html: string): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  let tableDepth = 0;
  let table = 0;
  let row = 0;
  let cells: string[] | null = null;
  let cell: string | null = null;
  let span = 1;
  let paragraph: string | null = null;

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'table') {
          tableDepth += 1;
          if (tableDepth === 1) {
            table += 1;
            row = 0;
          }
        }
        if (tableDepth === 1 && name === 'tr') {
          row += 1;
          cells = [];
        } else if (tableDepth === 1 && (name === 'td' || name === 'th')) {
          cell = '';
          span = Math.max(1, Math.min(50, Number(attrs.colspan ?? '1') || 1));
        } else if (cell !== null && CELL_BREAK.has(name)) {
          cell += '</p><p>';
        } else if (tableDepth === 0 && PARAGRAPH.has(name)) {
          paragraph = '';
        }
      },
      ontext(text) {
        if (cell !== null) cell += escapeHtml(text);
        else if (paragraph !== null) paragraph += text;
      },
      onclosetag(name) {
        if (tableDepth === 1 && (name === 'td' || name === 'th') && cells && cell !== null) {
          cells.push(`<p>${cell}</p>`, ...Array.from({ length: span - 1 }, () => ''));
          cell = null;
        } else if (tableDepth === 1 && name === 'tr' && cells) {
          blocks.push({ kind: 'row', cells, at: { table, row } });
          cells = null;
        } else if (cell !== null && CELL_BREAK.has(name)) {
          cell += '</p><p>';
        } else if (tableDepth === 0 && PARAGRAPH.has(name) && paragraph !== null) {
          const text = paragraph.replace(/\s+/g, ' ').trim();
          if (text) blocks.push({ kind: 'paragraph', text, at: { row: blocks.length + 1 } });
          paragraph = null;
        }
        if (name === 'table') tableDepth = Math.max(0, tableDepth - 1);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return blocks;
}

export async function readDocx(fileName: string, data: Uint8Array): Promise<ReadDocument> {
  let html: string;
  try {
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(data.buffer, data.byteOffset, data.byteLength) });
    html = result.value;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new PlanError('import_unreadable_file', `is not a readable Word document (${reason}); the file may be truncated or damaged: expected a .docx saved by Word`, {
      at: { file: fileName },
      cause: err,
    });
  }
  return { fileName, format: 'docx', blocks: blocksFromHtml(html) };
}

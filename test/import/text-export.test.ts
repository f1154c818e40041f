import { describe, expect, it } from 'vitest';
import { readTextExport } from '../../src/import/formats/text-export.js';

describe('text export', () => {
  it('reads each line with a tab as a table row and keeps cell markup as written', () => {
    const doc = readTextExport('plan.txt', 'Plan title\n\n\tAction\tLead\n1.1\t<p>Audit</p> <p>ACPO 2.6</p>\tJane Price\n');
    expect(doc).toEqual({
      fileName: 'plan.txt',
      format: 'text-export',
      blocks: [
        { kind: 'paragraph', text: 'Plan title', at: { line: 1 } },
        { kind: 'row', cells: ['', 'Action', 'Lead'], at: { line: 3 } },
        { kind: 'row', cells: ['1.1', '<p>Audit</p> <p>ACPO 2.6</p>', 'Jane Price'], at: { line: 4 } },
      ],
    });
  });

  it('numbers lines from 1 as the file has them, blank lines counted but dropped', () => {
    const doc = readTextExport('plan.txt', '\n\nTitle\r\n\r\n  \nAppendix 3\r\n');
    expect(doc.blocks.map((b) => b.at.line)).toEqual([3, 6]);
  });

  it('keeps the empty cells of a row, so later columns stay in place', () => {
    const doc = readTextExport('plan.txt', '\t\t\t\t\tcontinued progress\t');
    expect(doc.blocks[0]).toMatchObject({ kind: 'row', cells: ['', '', '', '', '', 'continued progress', ''] });
  });

  it('ignores a byte order mark and trims paragraphs', () => {
    const doc = readTextExport('plan.txt', '\ufeff  Gloucestershire plan  \n');
    expect(doc.blocks).toEqual([{ kind: 'paragraph', text: 'Gloucestershire plan', at: { line: 1 } }]);
  });
});

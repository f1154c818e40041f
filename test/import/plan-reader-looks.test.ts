import { describe, expect, it } from 'vitest';
import type { CellLook, CellPlacement, ColouredText, DocumentBlock } from '../../src/import/document-blocks.js';
import type { ImportResult } from '../../src/import/import-report.js';
import { readPlan } from '../../src/import/plan-reader.js';
import { PlanError } from '../../src/plan/errors.js';

/*
 * The plan reader over blocks as the Word and Excel readers give them: cells by grid column, each
 * with its shading and text colours, merges and automatic numbering labels. (The readers themselves
 * are tested on real documents in docx-*.test.ts, xlsx-*.test.ts and real-plans.test.ts.)
 */

interface CellSpec {
  text?: string;
  fill?: string;
  colour?: string;
  span?: number;
  merged?: boolean;
  label?: string;
}

type Cell = string | CellSpec;

function spec(cell: Cell): CellSpec {
  return typeof cell === 'string' ? { text: cell } : cell;
}

let table = 0;
let rowNumber = 0;

/** A table's rows as the Word reader gives them: spanned grid columns as '', looks and placement per column. */
function rows(cells: Cell[][], newTable = true): DocumentBlock[] {
  if (newTable) {
    table += 1;
    rowNumber = 0;
  }
  return cells.map((row) => {
    rowNumber += 1;
    const out: string[] = [];
    const looks: CellLook[] = [];
    const placement: CellPlacement[] = [];
    const numberLabels: (string | null)[] = [];
    for (const cell of row.map(spec)) {
      const span = cell.span ?? 1;
      const text = cell.label ? `${cell.label} ${cell.text ?? ''}`.trim() : (cell.text ?? '');
      out.push(text === '' ? '' : `<p>${text}</p>`);
      looks.push({ fill: cell.fill ?? null, textColours: cell.colour ? [cell.colour] : [] });
      placement.push({ span, mergedFromAbove: cell.merged ?? false });
      numberLabels.push(cell.label ?? null);
      for (let k = 1; k < span; k++) {
        out.push('');
        looks.push({ fill: null, textColours: [] });
        placement.push({ span: 1, mergedFromAbove: false });
        numberLabels.push(null);
      }
    }
    return { kind: 'row', cells: out, at: { table, row: rowNumber }, looks, placement, numberLabels };
  });
}

function paragraph(text: string, runs?: ColouredText[]): DocumentBlock {
  return { kind: 'paragraph', text, at: {}, ...(runs && { runs }) };
}

function read(blocks: DocumentBlock[]): ImportResult {
  table = 0;
  return readPlan({ fileName: 'plan.docx', format: 'docx', blocks });
}

const HEADER: Cell[] = ['Ref', 'Action', 'Lead', 'Timescale', 'Progress update', 'RAG'];

describe('reading RAG shown as colour', () => {
  it('reads empty RAG cells shaded red, amber and green, whatever amber the document used', () => {
    const { draft } = read([
      paragraph('Partnership plan'),
      ...rows([
        HEADER,
        ['1.1', 'Audit', 'Jo Bloggs', 'March 2024', '', { fill: 'FF0000' }],
        ['1.2', 'Train', 'Jo Bloggs', 'March 2024', '', { fill: 'FFC000' }],
        ['1.3', 'Report', 'Jo Bloggs', 'March 2024', '', { fill: 'FFBF00' }],
        ['1.4', 'Review', 'Jo Bloggs', 'March 2024', '', { fill: 'F79646' }],
        ['1.5', 'Share', 'Jo Bloggs', 'March 2024', '', { fill: '00B050' }],
      ]),
    ]);
    expect(draft.actions.map((a) => [a.ref, a.rag])).toEqual([
      ['1.1', 'Red'],
      ['1.2', 'Amber'],
      ['1.3', 'Amber'],
      ['1.4', 'Amber'],
      ['1.5', 'Green'],
    ]);
  });

  it('reads a red "●" in coloured font as Red', () => {
    const { draft } = read([paragraph('Plan'), ...rows([HEADER, ['1.1', 'Audit', 'Jo', 'May 2024', '', { text: '●', colour: 'FF0000' }]])]);
    expect(draft.actions[0]).toMatchObject({ rag: 'Red' });
  });

  it('follows the plan\'s key table above the plan: dark green is complete, light green on track, purple no RAG', () => {
    const { draft, report } = read([
      paragraph('Plan'),
      paragraph('RAG key'),
      ...rows([
        [{ fill: 'FF0000' }, 'Significant concerns'],
        [{ fill: 'FFC000' }, 'Some slippage'],
        [{ fill: '92D050' }, 'On track'],
        [{ fill: '00B050' }, 'Completed and evidenced'],
        [{ fill: '7030A0' }, 'Update required'],
      ]),
      ...rows([
        HEADER,
        ['1.1', 'Audit', 'Jo', 'May 2024', '', { fill: '00B050' }],
        ['1.2', 'Train', 'Jo', 'May 2024', '', { fill: '92D050' }],
        ['1.3', 'Report', 'Jo', 'May 2024', '', { fill: '7030A0' }],
      ]),
    ]);
    expect(draft.ragLegend).toEqual([
      { rag: 'Red', colour: 'Red', meaning: 'Significant concerns', swatch: 'FF0000' },
      { rag: 'Amber', colour: 'Amber', meaning: 'Some slippage', swatch: 'FFC000' },
      { rag: 'Green', colour: 'Light green', meaning: 'On track', swatch: '92D050' },
      { rag: 'Complete', colour: 'Green', meaning: 'Completed and evidenced', swatch: '00B050' },
      { rag: null, colour: 'Purple', meaning: 'Update required', swatch: '7030A0' },
    ]);
    expect(draft.actions.map((a) => a.rag)).toEqual(['Complete', 'Green', 'Not set']);
    expect(draft.actions[2]!.ragNote).toContain('Update required');
    expect(report.furniture).toContainEqual({ text: 'RAG key', count: 1 });
  });

  it('reads a key table below the plan, after the actions that use it', () => {
    const { draft } = read([
      paragraph('Plan'),
      ...rows([HEADER, ['1.1', 'Audit', 'Jo', 'May 2024', '', { fill: '0070C0' }]]),
      ...rows([
        [{ text: 'Blue', fill: '0070C0' }, 'Complete'],
        [{ text: 'Red', fill: 'FF0000' }, 'Off track'],
      ]),
    ]);
    expect(draft.ragLegend.map((e) => [e.colour, e.rag])).toEqual([
      ['Blue', 'Complete'],
      ['Red', 'Red'],
    ]);
    expect(draft.actions[0]!.rag).toBe('Complete');
  });

  it('reads a key written as coloured symbols with their meanings', () => {
    const { draft } = read([
      paragraph('Plan'),
      paragraph('Key: ● Significant concerns ● Some slippage ● On track', [
        { text: 'Key: ', colour: null, fill: null },
        { text: '●', colour: 'C00000', fill: null },
        { text: ' Significant concerns ', colour: null, fill: null },
        { text: '●', colour: 'FFC000', fill: null },
        { text: ' Some slippage ', colour: null, fill: null },
        { text: '●', colour: '00B050', fill: null },
        { text: ' On track', colour: null, fill: null },
      ]),
      ...rows([HEADER, ['1.1', 'Audit', 'Jo', 'May 2024', '', { text: '●', colour: 'C00000' }]]),
    ]);
    expect(draft.ragLegend.map((e) => [e.colour, e.rag, e.meaning, e.swatch])).toEqual([
      ['Red', 'Red', 'Significant concerns', 'C00000'],
      ['Amber', 'Amber', 'Some slippage', 'FFC000'],
      ['Green', 'Green', 'On track', '00B050'],
    ]);
    expect(draft.actions[0]!.rag).toBe('Red');
  });

  it('takes the words when a cell says one RAG and is coloured another, and notes it', () => {
    const { draft, report } = read([paragraph('Plan'), ...rows([HEADER, ['1.1', 'Audit', 'Jo', 'May 2024', '', { text: 'Amber', fill: 'FF0000' }]])]);
    expect(draft.actions[0]!.rag).toBe('Amber');
    expect(report.notes.map((n) => n.message)).toContain('the cell says Amber but is coloured FF0000 (Red); the words were taken');
  });

  it('refuses a RAG colour near no RAG colour when the plan has no key, naming the cell', () => {
    let error: unknown;
    try {
      read([paragraph('Plan'), ...rows([HEADER, ['1.1', 'Audit', 'Jo', 'May 2024', '', { fill: 'FF66CC' }]])]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PlanError);
    expect((error as PlanError).code).toBe('import_unknown_colour');
    expect((error as PlanError).message).toContain('FF66CC');
    expect((error as PlanError).at).toMatchObject({ file: 'plan.docx', table: 1, row: 2, ref: '1.1', column: 'rag' });
  });
});

describe('reading merged cells and the grid', () => {
  it('gives a Lead and RAG merged down over three actions to each of them', () => {
    const { draft } = read([
      paragraph('Plan'),
      ...rows([
        HEADER,
        ['1.1', 'Audit', 'Head of Early Help (North Locality)', 'May 2024', '', { fill: 'FFC000' }],
        ['1.2', 'Train', { text: 'Head of Early Help (North Locality)', merged: true }, 'June 2024', '', { fill: 'FFC000', merged: true }],
        ['1.3', 'Report', { text: 'Head of Early Help (North Locality)', merged: true }, 'July 2024', '', { fill: 'FFC000', merged: true }],
      ]),
    ]);
    expect(draft.actions.map((a) => [a.ref, a.leadsText, a.rag])).toEqual([
      ['1.1', 'Head of Early Help (North Locality)', 'Amber'],
      ['1.2', 'Head of Early Help (North Locality)', 'Amber'],
      ['1.3', 'Head of Early Help (North Locality)', 'Amber'],
    ]);
  });

  it('reads a heading row merged across every column as the section', () => {
    const { draft } = read([paragraph('Plan'), ...rows([HEADER, [{ text: '2. Early help', span: 6 }], ['2.1', 'Audit', 'Jo', 'May 2024', '', 'Green']])]);
    expect(draft.sections.map((s) => [s.number, s.title])).toEqual([['2', 'Early help']]);
    expect(draft.actions[0]!.sectionIndex).toBe(0);
  });

  it('joins a row whose number cell is merged with the row above to that action, without doubling merged text', () => {
    const { draft, report } = read([
      paragraph('Plan'),
      ...rows([HEADER, ['1.1', 'Audit case files', 'Jo', 'May 2024', 'Audit begun.', 'Amber'], [{ text: '1.1', merged: true }, 'and report to the board', { text: 'Jo', merged: true }, '', 'Report drafted.', { text: 'Amber', merged: true }]]),
    ]);
    expect(draft.actions).toHaveLength(1);
    expect(draft.actions[0]).toMatchObject({ ref: '1.1', text: 'Audit case files and report to the board', leadsText: 'Jo', rag: 'Amber' });
    expect(draft.actions[0]!.updates.map((u) => u.text)).toEqual(['Audit begun.', 'Report drafted.']);
    expect(report.notes.some((n) => n.message.includes('number cell is merged with the row above'))).toBe(true);
  });

  it('never slides a cell spanning the Lead and Timescale columns into either: it is reported and kept', () => {
    const { draft, report } = read([paragraph('Plan'), ...rows([HEADER, ['1.1', 'Audit', { text: 'Jo Bloggs by May', span: 2 }, '', 'Green']])]);
    expect(draft.actions[0]).toMatchObject({ leadsText: '', rag: 'Green' });
    expect(draft.actions[0]!.timescale.asWritten).toBe('');
    expect(report.unplaced).toHaveLength(1);
    expect(report.unplaced[0]).toMatchObject({ text: 'Jo Bloggs by May', at: { table: 1, row: 2, column: 'Lead + Timescale' } });
    expect(report.unplaced[0]!.message).toContain('which one it belongs to cannot be told');
    expect(draft.unplacedText).toContain('Jo Bloggs by May');
  });

  it('places cells under a header cell that spans two grid columns in that column', () => {
    const header: Cell[] = ['Ref', { text: 'Action', span: 2 }, 'Lead', 'Timescale', 'RAG'];
    const { draft, report } = read([paragraph('Plan'), ...rows([header, ['1.1', 'Audit', 'case files', 'Jo', 'May 2024', 'Red']])]);
    expect(draft.actions[0]).toMatchObject({ text: 'Audit\n\ncase files', leadsText: 'Jo', rag: 'Red' });
    expect(report.unplaced).toEqual([]);
  });

  it('reports text beyond the header\'s columns instead of guessing its column', () => {
    const { draft, report } = read([paragraph('Plan'), ...rows([HEADER, ['1.1', 'Audit', 'Jo', 'May 2024', '', 'Red', 'Stray note']])]);
    expect(draft.actions[0]!.rag).toBe('Red');
    expect(report.unplaced[0]).toMatchObject({ text: 'Stray note', at: { column: 'column 7' } });
    expect(report.unplaced[0]!.message).toContain('does not line up with the header');
  });
});

describe('reading refs from automatic numbering', () => {
  it('takes the action text\'s numbering label as its ref when the plan has no numbers column', () => {
    const header: Cell[] = ['Action', 'Lead', 'Timescale', 'RAG'];
    const { draft } = read([
      paragraph('Plan'),
      ...rows([header, [{ text: 'Audit case files', label: '3.1' }, 'Jo', 'May 2024', 'Green'], [{ text: 'Train staff', label: '3.2' }, 'Jo', 'May 2024', 'Green']]),
    ]);
    expect(draft.actions.map((a) => [a.ref, a.text])).toEqual([
      ['3.1', 'Audit case files'],
      ['3.2', 'Train staff'],
    ]);
  });
});

describe('closed actions', () => {
  it.each(['Completed', 'Completed May 2017', 'Complete'])('reads an action with no RAG and the timescale "%s" as Complete, read from the timescale', (timescale) => {
    const { draft } = read([paragraph('Plan'), ...rows([HEADER, ['1.1', 'Audit', 'Jo', timescale, '', '']])]);
    expect(draft.actions[0]).toMatchObject({ rag: 'Complete', ragNote: `read from the timescale "${timescale}": no RAG was given` });
  });

  it('keeps the RAG the plan gave even when the timescale says completed', () => {
    const { draft } = read([paragraph('Plan'), ...rows([HEADER, ['1.1', 'Audit', 'Jo', 'Completed', '', 'Amber']])]);
    expect(draft.actions[0]).toMatchObject({ rag: 'Amber', ragNote: null });
  });
});

describe('sections from heading styles', () => {
  it('reads an unnumbered Heading paragraph between tables as a section, and headings before the plan as its introduction', () => {
    const { draft } = read([
      { kind: 'paragraph', text: 'Partnership plan 2024', at: {}, headingLevel: 0 },
      { kind: 'paragraph', text: 'Introduction', at: {}, headingLevel: 1 },
      paragraph('This plan answers the 2023 review.'),
      { kind: 'paragraph', text: 'Early help and prevention', at: {}, headingLevel: 2 },
      ...rows([HEADER, ['1.1', 'Audit', 'Jo', 'May 2024', '', 'Green']]),
      { kind: 'paragraph', text: 'Exploitation', at: {}, headingLevel: 2 },
      ...rows([HEADER, ['2.1', 'Train', 'Jo', 'May 2024', '', 'Red']]),
    ]);
    expect(draft.title).toBe('Partnership plan 2024');
    expect(draft.description).toBe('Introduction\n\nThis plan answers the 2023 review.');
    expect(draft.sections.map((s) => s.title)).toEqual(['Early help and prevention', 'Exploitation']);
    expect(draft.actions.map((a) => [a.ref, a.sectionIndex])).toEqual([
      ['1.1', 0],
      ['2.1', 1],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { DocumentBlock } from '../../src/import/document-blocks.js';
import { readXlsx } from '../../src/import/formats/xlsx/read-xlsx.js';
import { importPlanBuffer } from '../../src/import/import-file.js';
import { buildXlsx, type XlsxValue } from '../fixtures/build-xlsx.js';

/*
 * Excel cells as the plan reader needs them: merges placed by column, dates at the precision their
 * format shows (never a day off by time zone), numbers as shown, rich text, formulas, hyperlinks and
 * errors as their text, lines of a cell as paragraphs, and fills and font colours resolved to hex.
 */

const HEADER = ['Ref', 'Action', 'Lead', 'Timescale', 'Progress', 'RAG'];
type Row = Extract<DocumentBlock, { kind: 'row' }>;

async function planRows(rows: XlsxValue[][], merges: string[] = []): Promise<Row[]> {
  const doc = await readXlsx('plan.xlsx', await buildXlsx([{ name: 'Plan', rows: [HEADER, ...rows], merges }]));
  return doc.blocks.filter((b): b is Row => b.kind === 'row' && b.at.row !== 1);
}

/** The one data row of a plan whose Timescale (or any column) holds `value`. */
async function cellOf(value: XlsxValue, column = 3): Promise<{ cell: string; row: Row }> {
  const row: XlsxValue[] = ['1.1', 'Audit', 'Jo', null, null, null];
  row[column] = value;
  const [read] = await planRows([row]);
  return { cell: read!.cells[column]!, row: read! };
}

describe('merged cells', () => {
  it('reads a section row merged across A:F as its text at the first column, spanning six', async () => {
    const [section] = await planRows([['Priority 1: Neglect'], ['1.1', 'Audit', 'Jo', 'May 2024', '', 'Green']], ['A2:F2']);
    expect(section!.cells).toEqual(['<p>Priority 1: Neglect</p>', '', '', '', '', '']);
    expect(section!.placement![0]).toEqual({ span: 6, mergedFromAbove: false });
    const { draft } = await importPlanBuffer('plan.xlsx', await buildXlsx([{ name: 'Plan', rows: [HEADER, ['Priority 1: Neglect'], ['1.1', 'Audit', 'Jo', 'May 2024', '', 'Green']], merges: ['A2:F2'] }]));
    expect(draft.sections.map((s) => [s.label, s.number, s.title])).toEqual([['Priority', '1', 'Neglect']]);
  });

  it('gives every row under a Lead and RAG merged down the top cell\'s value and fill, marked as merged from above', async () => {
    const rows = await planRows(
      [
        ['1.1', 'Audit', 'Head of Quality', 'May 2024', '', { value: '', fill: 'FFC000' }],
        ['1.2', 'Train', null, 'June 2024', '', null],
        ['1.3', 'Report', null, 'July 2024', '', null],
      ],
      ['C2:C4', 'F2:F4'],
    );
    expect(rows.map((r) => r.cells[2])).toEqual(['<p>Head of Quality</p>', '<p>Head of Quality</p>', '<p>Head of Quality</p>']);
    expect(rows.map((r) => r.placement![2]!.mergedFromAbove)).toEqual([false, true, true]);
    expect(rows.map((r) => r.looks![5]!.fill)).toEqual(['FFC000', 'FFC000', 'FFC000']);
    const { draft } = await importPlanBuffer('plan.xlsx', await buildXlsx([{ name: 'Plan', rows: [HEADER, ['1.1', 'Audit', 'Head of Quality', 'May 2024', '', 'Amber'], ['1.2', 'Train', null, 'June 2024', '', null]], merges: ['C2:C3', 'F2:F3'] }]));
    expect(draft.actions.map((a) => [a.ref, a.leadsText, a.rag])).toEqual([
      ['1.1', 'Head of Quality', 'Amber'],
      ['1.2', 'Head of Quality', 'Amber'],
    ]);
  });

  it('reads a merge two rows deep and two columns wide as its text once per row, at its first column', async () => {
    const rows = await planRows([['1.1', 'Audit', 'Jo and Sam', null, '', 'Green'], ['1.2', 'Train', null, null, '', 'Green']], ['C2:D3']);
    expect(rows.map((r) => r.cells.slice(2, 4))).toEqual([
      ['<p>Jo and Sam</p>', ''],
      ['<p>Jo and Sam</p>', ''],
    ]);
    expect(rows.map((r) => r.placement!.slice(2, 4))).toEqual([
      [{ span: 2, mergedFromAbove: false }, { span: 1, mergedFromAbove: false }],
      [{ span: 2, mergedFromAbove: true }, { span: 1, mergedFromAbove: false }],
    ]);
  });
});

describe('dates at the precision their format shows', () => {
  const march31 = new Date(Date.UTC(2023, 2, 31));

  it.each([
    ['dd/mm/yyyy', '31/03/2023'],
    ['d-mmm-yy', '31-Mar-23'],
    ['[$-809]dd/mm/yyyy;@', '31/03/2023'],
    ['m/d/yyyy', '31 March 2023'],
    ['mmm-yy', 'Mar-23'],
    ['mmmm yyyy', 'March 2023'],
    ['yyyy', '2023'],
  ])('reads a date formatted %s as "%s"', async (numFmt, shown) => {
    expect((await cellOf({ value: march31, numFmt })).cell).toBe(`<p>${shown}</p>`);
  });

  it.each(['America/Los_Angeles', 'Pacific/Auckland'])('reads 31/03/2023 as the 31st in time zone %s too', async (zone) => {
    const before = process.env.TZ;
    process.env.TZ = zone;
    try {
      // The zone is in effect: UTC midnight is another hour here.
      expect(new Date(Date.UTC(2023, 2, 31)).getHours()).not.toBe(0);
      expect((await cellOf({ value: march31, numFmt: 'dd/mm/yyyy' })).cell).toBe('<p>31/03/2023</p>');
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('reads the dates as the day, month or year the plan reader dates a timescale by, never a day off', async () => {
    const at = (date: Date, numFmt: string): XlsxValue => ({ value: date, numFmt });
    const data = await buildXlsx([
      {
        name: 'Plan',
        rows: [
          HEADER,
          ['1.1', 'Audit', 'Jo', at(march31, 'dd/mm/yyyy'), '', 'Green'],
          ['1.2', 'Train', 'Jo', at(new Date(Date.UTC(2023, 11, 1)), 'mmm-yy'), '', 'Green'],
          ['1.3', 'Report', 'Jo', at(new Date(Date.UTC(2024, 0, 1)), 'mmmm yyyy'), '', 'Green'],
          ['1.4', 'Review', 'Jo', at(new Date(Date.UTC(2023, 11, 31)), 'm/d/yyyy'), '', 'Green'],
        ],
      },
    ]);
    const { draft } = await importPlanBuffer('plan.xlsx', data);
    expect(draft.actions.map((a) => [a.timescale.asWritten, a.timescale.reading.kind === 'due' ? a.timescale.reading.period : a.timescale.reading.kind])).toEqual([
      ['31/03/2023', '2023-03-31'],
      ['Dec-23', '2023-12'],
      ['January 2024', '2024-01'],
      ['31 December 2023', '2023-12-31'],
    ]);
  });
});

describe('numbers, rich text, formulas, hyperlinks, errors and lines', () => {
  it.each([
    [1.1, 'General', '1.1'],
    [1.1, '0.00', '1.10'],
    [0.1 + 0.2, 'General', '0.3'],
    [0.85, '0%', '85%'],
    [12500, '#,##0', '12,500'],
  ])('reads the number %s formatted %s as "%s"', async (value, numFmt, shown) => {
    expect((await cellOf({ value, numFmt }, 0)).cell).toBe(`<p>${shown}</p>`);
  });

  it('reads a ref stored as the number 1.1 as the ref "1.1"', async () => {
    const { draft } = await importPlanBuffer('plan.xlsx', await buildXlsx([{ name: 'Plan', rows: [HEADER, [1.1, 'Audit', 'Jo', 'May 2024', '', 'Green'], [1.2, 'Train', 'Jo', 'May 2024', '', 'Green']] }]));
    expect(draft.actions.map((a) => a.ref)).toEqual(['1.1', '1.2']);
  });

  it('joins rich-text runs, counting each run\'s colour', async () => {
    const value = { richText: [{ text: 'On track ' }, { text: '●', font: { color: { argb: 'FF00B050' } } }, { text: ' see note', font: { color: { argb: 'FFFF0000' } } }] };
    const { cell, row } = await cellOf({ value }, 5);
    expect(cell).toBe('<p>On track ● see note</p>');
    expect(row.looks![5]!.textColours).toEqual(['00B050', 'FF0000']);
  });

  it('reads a formula as its cached result, a hyperlink as its text and an error as Excel shows it', async () => {
    const rows = await planRows([
      ['1.1', { value: { formula: 'CONCAT("Audit ","files")', result: 'Audit files' } }, 'Jo', 'May 2024', { value: { text: 'Audit report', hyperlink: 'https://example.org/audit' } }, { value: { formula: 'VLOOKUP(A2,Key!A:B,2,0)', result: { error: '#N/A' } } }],
    ]);
    expect(rows[0]!.cells).toEqual(['<p>1.1</p>', '<p>Audit files</p>', '<p>Jo</p>', '<p>May 2024</p>', '<p>Audit report</p>', '<p>#N/A</p>']);
  });

  it('reads a cell of Alt+Enter lines as one paragraph each, HTML-escaped, so dated lines are updates', async () => {
    const progress = '04.11.2022 – Policy <draft> shared with the "Board" & partners\n17.01.2023: Policy agreed.';
    const { cell } = await cellOf(progress, 4);
    expect(cell).toBe('<p>04.11.2022 – Policy &lt;draft&gt; shared with the "Board" &amp; partners</p><p>17.01.2023: Policy agreed.</p>');
    const { draft } = await importPlanBuffer('plan.xlsx', await buildXlsx([{ name: 'Plan', rows: [HEADER, ['1.1', 'Audit', 'Jo', 'May 2024', progress, 'Green']] }]));
    expect(draft.actions[0]!.updates.map((u) => [u.date, u.text])).toEqual([
      ['2022-11-04', expect.stringContaining('Policy <draft> shared')],
      ['2023-01-17', expect.stringContaining('Policy agreed.')],
    ]);
  });
});

describe('looks: fills and font colours', () => {
  it.each([
    ['an ARGB fill', { argb: 'FFC000' }, 'FFC000'],
    ['a theme fill (accent3)', { theme: 6 }, 'THEME6'],
    ['a theme fill lightened by a tint', { theme: 6, tint: 0.5 }, 'THEME6+0.5'],
    ['an indexed fill (palette 10 is red)', { indexed: 10 }, 'FF0000'],
    ['a white fill, as none', { argb: 'FFFFFF' }, null],
  ] as const)('reads %s', async (_name, spec, expected) => {
    const fill = 'argb' in spec ? spec.argb : spec;
    const { row } = await cellOf({ value: '', fill }, 5);
    const accent3 = [0x9b, 0xbb, 0x59];
    const tinted = (t: number): string => accent3.map((c) => Math.round(c + (255 - c) * t).toString(16).padStart(2, '0')).join('').toUpperCase();
    const want = expected === 'THEME6' ? tinted(0) : expected === 'THEME6+0.5' ? tinted(0.5) : expected;
    expect(row.looks![5]!.fill).toBe(want);
  });

  it('reads a plain cell\'s font colour, leaving black and automatic text out', async () => {
    const rows = await planRows([
      ['1.1', 'Audit', 'Jo', 'May 2024', '', { value: '●', colour: 'FF0000' }],
      ['1.2', 'Train', 'Jo', 'May 2024', '', { value: 'Green', colour: '000000' }],
      ['1.3', 'Report', 'Jo', 'May 2024', '', 'Amber'],
    ]);
    expect(rows.map((r) => r.looks![5]!.textColours)).toEqual([['FF0000'], [], []]);
  });

  it('reads RAG shown only as a fill (red ARGB, green accent3 of the theme), through the usual colours', async () => {
    const data = await buildXlsx([
      {
        name: 'Plan',
        rows: [HEADER, ['1.1', 'Audit', 'Jo', 'May 2024', '', { value: '', fill: 'FF0000' }], ['1.2', 'Train', 'Jo', 'May 2024', '', { value: '', fill: { theme: 6 } }]],
      },
    ]);
    const { draft } = await importPlanBuffer('plan.xlsx', data);
    expect(draft.actions.map((a) => a.rag)).toEqual(['Red', 'Green']);
  });
});

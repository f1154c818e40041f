import { describe, expect, it } from 'vitest';
import type { DocumentBlock } from '../../src/import/document-blocks.js';
import { readXlsx } from '../../src/import/formats/xlsx/read-xlsx.js';
import { importPlanBuffer } from '../../src/import/import-file.js';
import { buildXlsx, type XlsxSheet, type XlsxValue } from '../fixtures/build-xlsx.js';

/*
 * Which sheet of a workbook is the plan, and what else is read with it: the sheet whose header names
 * the plan's columns (the one with most action rows when several do), a version control sheet as
 * the version record, a key sheet as the key; hidden and chart sheets are not read.
 */

const HEADER = ['Ref', 'Action', 'Lead', 'Timescale', 'Progress', 'RAG'];

function planSheet(name: string, actions: number, extra: Partial<XlsxSheet> = {}): XlsxSheet {
  const rows: XlsxValue[][] = [['Safeguarding Adults Board – Business Plan 2023-24'], HEADER];
  for (let i = 1; i <= actions; i++) rows.push([`1.${i}`, `Action ${i} of ${name}`, 'Board Manager', 'March 2024', 'Under way.', 'Green']);
  return { name, rows, ...extra };
}

const rowsOf = (blocks: DocumentBlock[], sheet: string) => blocks.filter((b): b is Extract<DocumentBlock, { kind: 'row' }> => b.kind === 'row' && b.at.sheet === sheet);

describe('picking the sheet that holds the plan', () => {
  it('reads the sheet whose header names the plan columns, with the title above the header as a paragraph', async () => {
    const data = await buildXlsx([{ name: 'Cover', rows: [['Westbrook SAB'], ['Approved by the Board, May 2023']] }, planSheet('Action Plan', 3)]);
    const { draft, report } = await importPlanBuffer('sab.xlsx', data);
    expect(report.format).toBe('xlsx');
    expect(report.tables.map((t) => t.at.sheet)).toEqual(['Action Plan']);
    expect(draft.actions.map((a) => a.ref)).toEqual(['1.1', '1.2', '1.3']);
    expect(report.notes.map((n) => n.message)).toContain('the plan was read from sheet "Action Plan"');
    const doc = await readXlsx('sab.xlsx', data);
    expect(doc.blocks.find((b) => b.at.sheet === 'Action Plan')).toEqual({ kind: 'paragraph', text: 'Safeguarding Adults Board – Business Plan 2023-24', at: { sheet: 'Action Plan', row: 1 } });
  });

  it('reads the candidate sheet with the most action rows when several have a plan header, and names the one skipped', async () => {
    const data = await buildXlsx([planSheet('Template', 1), planSheet('2023-24 Plan', 4)]);
    const { draft, report } = await importPlanBuffer('plans.xlsx', data);
    expect(draft.actions).toHaveLength(4);
    expect(draft.actions.every((a) => a.title.includes('2023-24 Plan') || a.text.includes('2023-24 Plan'))).toBe(true);
    const messages = report.notes.map((n) => n.message);
    expect(messages).toContain('the plan was read from sheet "2023-24 Plan"');
    expect(messages).toContain('sheet "Template" also has a plan header but fewer action rows (1 against 4), so it was not read');
  });

  it('skips hidden sheets and chart sheets, saying so', async () => {
    const data = await buildXlsx([planSheet('Old plan', 9, { state: 'hidden' }), planSheet('Plan', 2)], { chartSheet: 'RAG chart' });
    const doc = await readXlsx('plan.xlsx', data);
    expect(new Set(doc.blocks.map((b) => b.at.sheet))).toEqual(new Set(['Plan']));
    expect(doc.notes?.map((n) => n.message)).toEqual(['the plan was read from sheet "Plan"', 'sheet "RAG chart" is a chart and was not read', 'sheet "Old plan" is hidden and was not read']);
    const { draft } = await importPlanBuffer('plan.xlsx', data);
    expect(draft.actions).toHaveLength(2);
  });

  it.each(['Version control', 'Version history', 'Change log', 'Document control', 'Revision history'])('reads a "%s" sheet as the version record', async (name) => {
    const versions: XlsxSheet = {
      name,
      rows: [
        ['Version', 'Date', 'Author', 'Changes'],
        ['0.1', { value: new Date(Date.UTC(2023, 2, 14)), numFmt: 'dd/mm/yyyy' }, 'Board Manager', 'First draft'],
        ['1.0', { value: new Date(Date.UTC(2023, 3, 20)), numFmt: 'dd/mm/yyyy' }, 'Board Manager', 'Approved by the Board'],
      ],
    };
    const data = await buildXlsx([planSheet('Plan', 2), versions]);
    const doc = await readXlsx('plan.xlsx', data);
    const first = doc.blocks.findIndex((b) => b.at.sheet === name);
    expect(doc.blocks[first]).toEqual({ kind: 'paragraph', text: 'Version Control Record', at: { sheet: name } });
    expect(rowsOf(doc.blocks, name).map((r) => r.at.row)).toEqual([1, 2, 3]);
    const { draft } = await importPlanBuffer('plan.xlsx', data);
    expect(draft.versionRecord.map((v) => [v.version, v.date])).toEqual([
      ['0.1', '2023-03-14'],
      ['1.0', '2023-04-20'],
    ]);
  });

  it.each(['Key', 'RAG Key', 'Legend', 'Key to RAG ratings', 'RAG ratings'])('takes a sheet named "%s" for the key, never for the plan', async (name) => {
    const doc = await readXlsx('plan.xlsx', await buildXlsx([planSheet(name, 5), planSheet('Plan', 1)]));
    expect(doc.notes?.[0]?.message).toBe('the plan was read from sheet "Plan"');
    expect(doc.blocks.find((b) => b.at.sheet === name)).toEqual({ kind: 'paragraph', text: 'Key', at: { sheet: name } });
  });

  it('reads the plan from a sheet named "Key actions": a name that only starts like a key', async () => {
    const { report } = await importPlanBuffer('plan.xlsx', await buildXlsx([planSheet('Key actions', 2)]));
    expect(report.tables.map((t) => t.at.sheet)).toEqual(['Key actions']);
  });

  it('reads a "RAG key" sheet as the key: a "Key" paragraph, then its filled rows', async () => {
    const key: XlsxSheet = {
      name: 'RAG key',
      rows: [
        [{ value: '', fill: 'FF0000' }, 'Off track'],
        [{ value: '', fill: 'FFC000' }, 'Some slippage'],
        [{ value: '', fill: '00B050' }, 'On track'],
      ],
    };
    const doc = await readXlsx('plan.xlsx', await buildXlsx([planSheet('Plan', 1), key]));
    const keyBlocks = doc.blocks.filter((b) => b.at.sheet === 'RAG key');
    expect(keyBlocks[0]).toEqual({ kind: 'paragraph', text: 'Key', at: { sheet: 'RAG key' } });
    expect(rowsOf(doc.blocks, 'RAG key').map((r) => [r.looks?.[0]?.fill, r.cells[1]])).toEqual([
      ['FF0000', '<p>Off track</p>'],
      ['FFC000', '<p>Some slippage</p>'],
      ['00B050', '<p>On track</p>'],
    ]);
  });
});

describe('rows and columns of the plan sheet', () => {
  it('gives every row one cell per column of the used width, at its real Excel row number', async () => {
    const sheet: XlsxSheet = {
      name: 'Plan',
      firstRow: 3,
      rows: [HEADER, ['1.1', 'Audit', 'Jo Bloggs'], [], ['1.2', 'Train staff', 'Sam Lee', 'May 2024', 'Booked.', 'Amber']],
    };
    const doc = await readXlsx('plan.xlsx', await buildXlsx([sheet]));
    const rows = rowsOf(doc.blocks, 'Plan');
    expect(rows.map((r) => r.at)).toEqual([
      { sheet: 'Plan', row: 3 },
      { sheet: 'Plan', row: 4 },
      { sheet: 'Plan', row: 6 },
    ]);
    expect(rows.map((r) => r.cells.length)).toEqual([6, 6, 6]);
    expect(rows[1]!.cells).toEqual(['<p>1.1</p>', '<p>Audit</p>', '<p>Jo Bloggs</p>', '', '', '']);
    expect(rows.every((r) => r.looks?.length === 6 && r.placement?.length === 6)).toBe(true);
  });

  it('finds the columns by meaning, whatever their order and wording', async () => {
    const sheet: XlsxSheet = { name: 'Plan', rows: [['RAG rating', 'By when', 'What we will do', 'Responsible officer', 'No.'], ['Green', 'June 2024', 'Refresh the escalation policy', 'Head of Safeguarding', '2.1']] };
    const { draft, report } = await importPlanBuffer('plan.xlsx', await buildXlsx([sheet]));
    expect(report.tables[0]!.columns.map((c) => c.role)).toEqual(['rag', 'timescale', 'action', 'lead', 'ref']);
    expect(draft.actions.map((a) => [a.ref, a.rag, a.leadsText, a.timescale.asWritten])).toEqual([['2.1', 'Green', 'Head of Safeguarding', 'June 2024']]);
  });
});

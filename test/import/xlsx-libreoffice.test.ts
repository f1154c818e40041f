import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentBlock, ReadDocument } from '../../src/import/document-blocks.js';
import { readXlsx } from '../../src/import/formats/xlsx/read-xlsx.js';
import { importPlanBuffer } from '../../src/import/import-file.js';
import type { ImportResult } from '../../src/import/import-report.js';
import { convertWithLibreOffice, libreOfficeAvailable } from '../fixtures/libreoffice.js';

/*
 * A workbook as a real office suite writes it: LibreOffice Calc saves a plan table (title, header,
 * priority rows merged across, a lead merged down over two actions, RAG as a cell colour and as a
 * coloured "●", a date Calc stores as a real date (its HTML sdval and sdnum), refs it stores as numbers, a progress cell
 * of two lines) as .xlsx, with its own styles, shared strings and theme.
 */

const available = libreOfficeAvailable();

const HTML = [
  '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Plan</title></head><body><table border="1">',
  '<tr><td colspan="6"><b>Northshire Safeguarding Children Partnership – Neglect Strategy Action Plan</b></td></tr>',
  '<tr><th>Ref</th><th>Action</th><th>Lead</th><th>Target date</th><th>Progress</th><th>RAG</th></tr>',
  '<tr><td colspan="6" bgcolor="#D9E1F2"><b>Priority 1: Early help</b></td></tr>',
  '<tr><td>1.1</td><td>Launch the neglect toolkit</td><td rowspan="2">Head of Early Help</td><td sdval="45016" sdnum="2057;2057;DD/MM/YYYY">31/03/2023</td><td>04.11.2022 – Toolkit drafted.<br>17.01.2023: Toolkit launched.</td><td bgcolor="#00B050"></td></tr>',
  '<tr><td>1.2</td><td>Train practitioners in the toolkit</td><td>June 2023</td><td>Two sessions held.</td><td><font color="#FF0000">●</font></td></tr>',
  '<tr><td colspan="6" bgcolor="#D9E1F2"><b>Priority 2: Health</b></td></tr>',
  '<tr><td>2.1</td><td>Audit health visitor referrals &amp; outcomes</td><td>Designated Nurse</td><td>2023</td><td>Audit planned.</td><td bgcolor="#FFC000"></td></tr>',
  '</table></body></html>',
].join('\n');

type Row = Extract<DocumentBlock, { kind: 'row' }>;

describe.skipIf(!available)('a plan saved as .xlsx by LibreOffice Calc', () => {
  let doc: ReadDocument;
  let result: ImportResult;
  beforeAll(async () => {
    const data = await convertWithLibreOffice(HTML, { from: 'html', to: 'xlsx' });
    doc = await readXlsx('neglect.xlsx', data);
    result = await importPlanBuffer('neglect.xlsx', data);
  }, 120_000);

  const rows = (): Row[] => doc.blocks.filter((b): b is Row => b.kind === 'row');

  it('reads the title above the header as a paragraph, and every row at its Excel row number', () => {
    expect(doc.blocks[0]).toMatchObject({ kind: 'paragraph', text: 'Northshire Safeguarding Children Partnership – Neglect Strategy Action Plan', at: { row: 1 } });
    expect(rows().map((r) => r.at.row)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(new Set(rows().map((r) => r.cells.length))).toEqual(new Set([6]));
  });

  it('reads the priorities merged across as sections and the lead merged down as each action\'s lead', () => {
    expect(rows()[1]!.placement![0]).toEqual({ span: 6, mergedFromAbove: false });
    expect(rows()[3]!.placement![2]).toEqual({ span: 1, mergedFromAbove: true });
    const { draft } = result;
    expect(draft.sections.map((s) => s.title)).toEqual(['Early help', 'Health']);
    expect(draft.actions.map((a) => [a.ref, a.leadsText])).toEqual([
      ['1.1', 'Head of Early Help'],
      ['1.2', 'Head of Early Help'],
      ['2.1', 'Designated Nurse'],
    ]);
  });

  it('reads refs Calc stored as numbers as written, and a real date at the day it shows', () => {
    expect(rows()[2]!.cells[0]).toBe('<p>1.1</p>');
    const timescales = result.draft.actions.map((a) => a.timescale.reading.kind === 'due' ? a.timescale.reading.due : a.timescale.reading.kind);
    expect(rows()[2]!.cells[3]).toBe('<p>31/03/2023</p>');
    expect(rows()[3]!.cells[3]).toBe('<p>June 2023</p>');
    expect(timescales).toEqual(['2023-03-31', '2023-06-30', '2023-12-31']);
  });

  it('reads RAG from the cell colour and from a coloured "●"', () => {
    expect(rows()[2]!.looks![5]!.fill).toBe('00B050');
    expect(rows()[3]!.looks![5]!.textColours).toEqual(['FF0000']);
    expect(result.draft.actions.map((a) => a.rag)).toEqual(['Green', 'Red', 'Amber']);
  });

  it('reads the two lines of a progress cell as two dated updates', () => {
    expect(result.draft.actions[0]!.updates.map((u) => u.date)).toEqual(['2022-11-04', '2023-01-17']);
  });

  it('says which sheet the plan was read from', () => {
    expect(result.report.notes.map((n) => n.message)).toContain(`the plan was read from sheet "${rows()[0]!.at.sheet}"`);
  });
});

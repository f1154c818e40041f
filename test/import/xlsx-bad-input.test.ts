import { strToU8, unzipSync, zipSync } from 'fflate';
import officeCrypto from 'officecrypto-tool';
import { describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importPlanBuffer } from '../../src/import/import-file.js';
import { importDocument } from '../../src/service/import-document.js';
import { openPlanStore } from '../../src/store/open-store.js';
import { PlanError } from '../../src/plan/errors.js';
import { buildDocx } from '../fixtures/build-docx.js';
import { buildXlsx, type XlsxSheet } from '../fixtures/build-xlsx.js';
import { refusal } from './refusal.js';

/*
 * Workbooks that are not plans, or cannot be read: each refused with the file (and sheet) named and
 * what to do, before anything is stored; and the workbooks that look odd but are plans, read.
 * The password-protected workbook is encrypted by officecrypto-tool (ECMA-376 agile encryption, as
 * Excel's File > Info > Protect Workbook > Encrypt with Password writes it; LibreOffice 7.4's
 * command line cannot save with a password).
 */

const PLAN: XlsxSheet = { name: 'Plan', rows: [['Ref', 'Action', 'Lead', 'Timescale', 'RAG'], ['1.1', 'Audit case files', 'Jo Bloggs', 'May 2024', 'Green']] };

/** The workbook with its sheet part's text changed, as a hand-edited or generated file would be. */
function editSheetXml(data: Uint8Array, edit: (xml: string) => string): Uint8Array {
  const parts = unzipSync(data);
  parts['xl/worksheets/sheet1.xml'] = strToU8(edit(new TextDecoder().decode(parts['xl/worksheets/sheet1.xml']!)));
  return zipSync(parts);
}

describe('workbooks refused, nothing read', () => {
  it('refuses a workbook with no sheet holding a plan header, naming the sheets looked at and the header expected', async () => {
    const data = await buildXlsx([
      { name: 'Minutes', rows: [['Board minutes, 3 May 2023']] },
      { name: 'Budget', rows: [['Line', 'Amount'], ['Training', 1200]] },
    ]);
    const err = await refusal('board.xlsx', data);
    expect(err.code).toBe('import_no_plan_table');
    expect(err.message).toBe(
      'board.xlsx: has no sheet with a plan header (looked at "Minutes", "Budget"); expected a row of column headers such as Ref / No. | Action | Outcome / Success measure | Lead / Owner | Timescale / Target date | Progress / Updates | RAG / Status',
    );
    expect(err.at).toEqual({ file: 'board.xlsx' });
  });

  it('names the hidden sheets it did not read when no visible sheet holds the plan', async () => {
    const err = await refusal('board.xlsx', await buildXlsx([{ name: 'Cover', rows: [['Board plan']] }, { ...PLAN, state: 'hidden' }]));
    expect(err.code).toBe('import_no_plan_table');
    expect(err.message).toContain('(looked at "Cover"; not read: "Plan" (hidden))');
  });

  it('refuses a password-protected (encrypted) workbook, saying how to remove the password', async () => {
    const encrypted = new Uint8Array(await officeCrypto.encrypt(Buffer.from(await buildXlsx([PLAN])), { password: 'secret' }));
    expect(Array.from(encrypted.subarray(0, 4))).toEqual([0xd0, 0xcf, 0x11, 0xe0]);
    const err = await refusal('plan.xlsx', encrypted);
    expect(err.code).toBe('import_unreadable_file');
    expect(err.message).toBe('plan.xlsx: is password-protected (encrypted); remove the password in Excel (File > Info > Protect Workbook) and import it again');
    expect(err.at).toEqual({ file: 'plan.xlsx' });
  });

  it('refuses a sheet whose dimension says 1,000,000 rows before exceljs loads it, naming the sheet', async () => {
    const data = editSheetXml(await buildXlsx([PLAN]), (xml) => xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:H1000000"/>'));
    const err = await refusal('huge.xlsx', data);
    expect(err.code).toBe('import_file_too_large');
    expect(err.message).toBe('huge.xlsx, part xl/worksheets/sheet1.xml, sheet "Plan": sheet "Plan" has 1,000,000 rows; a plan has at most 50,000, so the workbook was not read');
    expect(err.at).toMatchObject({ file: 'huge.xlsx', sheet: 'Plan' });
  });

  it('refuses a sheet of 60,000 written rows and no dimension, by counting its rows', async () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>x</t></is></c></row>`).join('');
    const data = editSheetXml(await buildXlsx([PLAN]), (xml) => xml.replace(/<dimension ref="[^"]*"\/>/, '').replace(/<sheetData>.*<\/sheetData>/s, `<sheetData>${rows}</sheetData>`));
    const err = await refusal('rows.xlsx', data);
    expect(err.message).toBe('rows.xlsx, part xl/worksheets/sheet1.xml, sheet "Plan": sheet "Plan" has 60,000 rows; a plan has at most 50,000, so the workbook was not read');
  });

  it('refuses a file named .xlsx that is not a workbook', async () => {
    const err = await refusal('plan.xlsx', strToU8('Ref,Action\n1.1,Audit\n'));
    expect(err.code).toBe('import_unknown_format');
    expect(err.message).toContain('is named .xlsx but is not an Excel workbook (no zip structure)');
  });

  it('refuses a zip named .xlsx that holds neither a workbook nor a Word document', async () => {
    const err = await refusal('plan.xlsx', zipSync({ 'notes.txt': strToU8('Ref, Action') }));
    expect(err.code).toBe('import_unknown_format');
    expect(err.message).toContain('neither a Word document nor an Excel workbook (no word/document.xml or xl/workbook.xml)');
  });

  it('refuses a truncated workbook as damaged', async () => {
    const whole = await buildXlsx([PLAN]);
    const err = await refusal('plan.xlsx', whole.subarray(0, Math.floor(whole.length * 0.6)));
    expect(err.code).toBe('import_unreadable_file');
    expect(err.at).toMatchObject({ file: 'plan.xlsx' });
    expect(err.message).toMatch(/truncated or damaged|damaged/);
  });
});

describe('a refused workbook stores nothing', () => {
  it('leaves the store as it was for each refused workbook, and stores the good one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'xlsx-store-'));
    const store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
    try {
      const good = await buildXlsx([PLAN]);
      const bad: [string, Uint8Array][] = [
        ['minutes.xlsx', await buildXlsx([{ name: 'Minutes', rows: [['Board minutes']] }])],
        ['locked.xlsx', new Uint8Array(await officeCrypto.encrypt(Buffer.from(good), { password: 'secret' }))],
        ['huge.xlsx', editSheetXml(good, (xml) => xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:H1000000"/>'))],
        ['cut.xlsx', good.subarray(0, good.length >> 1)],
      ];
      const request = { importedAt: '2024-05-01T09:00:00Z', author: 'Board Manager', asNew: true };
      for (const [fileName, data] of bad) {
        await expect(importDocument(store, { ...request, fileName, data }), fileName).rejects.toBeInstanceOf(PlanError);
        expect(await store.countPlans(), fileName).toBe(0);
      }
      expect((await importDocument(store, { ...request, fileName: 'plan.xlsx', data: good })).kind).toBe('created');
      expect(await store.countPlans()).toBe(1);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('workbooks that look odd but are plans', () => {
  it('reads a workbook whose sheets are protected (locked cells, not encrypted) as any other', async () => {
    const { draft } = await importPlanBuffer('plan.xlsx', await buildXlsx([{ ...PLAN, protect: true }]));
    expect(draft.actions.map((a) => [a.ref, a.leadsText, a.rag])).toEqual([['1.1', 'Jo Bloggs', 'Green']]);
  });

  it('reads a workbook by its parts whatever its name: saved as .xls, or without an extension', async () => {
    for (const name of ['plan.xls', 'plan', 'plan (1).bin']) {
      const { report } = await importPlanBuffer(name, await buildXlsx([PLAN]));
      expect(report.format, name).toBe('xlsx');
    }
  });

  it('reads a Word document named .xlsx as the Word document it is', async () => {
    const docx = await buildDocx([{ kind: 'table', rows: [[['Ref'], ['Action'], ['Lead'], ['Timescale']], [['1.1'], ['Audit'], ['Jo'], ['May 2024']]] }]);
    const { report, draft } = await importPlanBuffer('plan.xlsx', docx);
    expect(report.format).toBe('docx');
    expect(draft.actions.map((a) => a.ref)).toEqual(['1.1']);
  });
});

describe('the fixture the size check is tested on', () => {
  it('is a sheet as exceljs writes it, with the dimension the size check reads', async () => {
    const parts = unzipSync(await buildXlsx([PLAN]));
    expect(new TextDecoder().decode(parts['xl/worksheets/sheet1.xml']!)).toContain('<dimension ref="A1:E2"/>');
  });
});

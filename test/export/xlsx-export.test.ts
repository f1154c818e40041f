import ExcelJS from 'exceljs';
import type { Worksheet } from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTION_COLUMNS, UPDATE_COLUMNS } from '../../src/export/csv/plan-tables.js';
import { EXCEL_CELL_LIMIT } from '../../src/export/csv/spreadsheet-cell.js';
import { planXlsx } from '../../src/export/xlsx/plan-xlsx.js';
import { exportFormat } from '../../src/export/export-formats.js';
import { DEFAULT_EXPORT_OPTIONS } from '../../src/export/export-options.js';
import { ragLook } from '../../src/export/rag-look.js';
import { describeReducedDate } from '../../src/plan/calendar-date.js';
import type { PlanDocument } from '../../src/plan/plan.js';
import { gloucestershireExtract } from '../fixtures/plan-drafts.js';
import { AWKWARD_TEXT, emptyDraft, hostileDraft, INJECTIONS, LONG_TEXT, samplePlan, SAMPLE_FILES, storedPlan } from './csv-xlsx-plans.js';
import { firstPagePng, pdfToolsAvailable, readWithLibreOffice } from './office-reader.js';

async function workbookOf(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.slice().buffer);
  return workbook;
}

/** The sheet's column of that header, from row 2 on. */
function column(sheet: Worksheet, header: string): ExcelJS.Cell[] {
  const index = (sheet.getRow(1).values as unknown[]).indexOf(header);
  expect(index, `column "${header}"`).toBeGreaterThan(0);
  return Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2).getCell(index));
}

const MADE_AT = '2018-03-01T10:00:00.000Z';
const UTC_DAY = (date: string): Date => new Date(`${date}T00:00:00.000Z`);

let glos: PlanDocument;
let glosBook: ExcelJS.Workbook;
beforeAll(async () => {
  glos = await samplePlan(SAMPLE_FILES[0]);
  glosBook = await workbookOf(await planXlsx(glos, MADE_AT));
});

describe('the Excel workbook of a plan', () => {
  it('has an Actions sheet and an Updates sheet, each with the CSV\'s columns, a bold frozen header and an autofilter', () => {
    expect(glosBook.worksheets.map((s) => s.name)).toEqual(['Actions', 'Updates']);
    for (const [sheet, columns] of [[glosBook.getWorksheet('Actions')!, ACTION_COLUMNS], [glosBook.getWorksheet('Updates')!, UPDATE_COLUMNS]] as const) {
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(columns.map((c) => c.header));
      expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.autoFilter).toBeTruthy();
      expect(sheet.getColumn(1).width).toBeGreaterThan(0);
    }
  });

  it('has a row per action in plan order and a row per update, refs kept as text ("1.10" is not 1.1)', () => {
    const actions = [...glos.actions].sort((a, b) => a.order - b.order);
    const refs = column(glosBook.getWorksheet('Actions')!, 'Ref').map((c) => c.value);
    expect(refs).toEqual(actions.map((a) => a.ref));
    expect(glosBook.getWorksheet('Updates')!.rowCount - 1).toBe(actions.reduce((n, a) => n + a.updates.length, 0));
  });

  it('writes due dates as real Excel dates with a date format, and update counts as numbers', () => {
    const sheet = glosBook.getWorksheet('Actions')!;
    const actions = [...glos.actions].sort((a, b) => a.order - b.order);
    const due = column(sheet, 'Due date');
    const counts = column(sheet, 'Updates');
    let dated = 0;
    actions.forEach((action, i) => {
      const reading = action.timescale.reading;
      if (reading.kind === 'due') {
        dated += 1;
        expect(due[i]!.value).toBeInstanceOf(Date);
        expect(due[i]!.value).toEqual(UTC_DAY(reading.due));
        expect(due[i]!.numFmt).toBe('d mmm yyyy');
      } else {
        expect(due[i]!.value).toBeNull();
      }
      expect(counts[i]!.value).toBe(action.updates.length);
    });
    expect(dated).toBeGreaterThan(0);
  });

  it('writes update dates at the precision stated: a day as "d mmm yyyy", a month as "mmm yyyy", no day invented on screen', () => {
    const sheet = glosBook.getWorksheet('Updates')!;
    const updates = [...glos.actions].sort((a, b) => a.order - b.order).flatMap((a) => a.updates);
    const dates = column(sheet, 'Date');
    const precision = column(sheet, 'Date precision');
    const seen = new Set<string>();
    updates.forEach((u, i) => {
      const cell = dates[i]!;
      const p = String(precision[i]!.value);
      seen.add(p);
      if (u.date === null) expect(cell.value).toBeNull();
      else if (p === 'day') expect([cell.value, cell.numFmt]).toEqual([UTC_DAY(u.date), 'd mmm yyyy']);
      else if (p === 'month') expect([cell.value, cell.numFmt]).toEqual([UTC_DAY(`${u.date}-01`), 'mmm yyyy']);
      else if (p === 'year') expect([cell.value, cell.numFmt]).toEqual([UTC_DAY(`${u.date}-01-01`), 'yyyy']);
      else expect(cell.value).toBe(describeReducedDate(u.date));
    });
    expect(seen.has('day') || seen.has('month')).toBe(true);
  });

  it('fills RAG cells with the plan\'s key colours, as the Word export shades them, and holds the RAG itself', async () => {
    const draft = gloucestershireExtract();
    draft.ragLegend = draft.ragLegend.map((e) => (e.rag === 'Amber' ? { ...e, swatch: 'FFBF00' } : e));
    const plan = await storedPlan(draft);
    const sheet = (await workbookOf(await planXlsx(plan, MADE_AT))).getWorksheet('Actions')!;
    const rag = column(sheet, 'RAG');
    const actions = [...plan.actions].sort((a, b) => a.order - b.order);
    actions.forEach((action, i) => {
      const cell = rag[i]!;
      expect(cell.value).toBe(action.rag);
      const look = ragLook(action.rag, plan.plan.ragLegend);
      if (look.fill === null) expect(cell.fill?.type === 'pattern' ? cell.fill.fgColor : undefined).toBeUndefined();
      else {
        expect(cell.fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${look.fill}` } });
        expect(cell.font?.color).toEqual({ argb: `FF${look.text}` });
      }
    });
    const amber = actions.findIndex((a) => a.rag === 'Amber');
    expect(amber).toBeGreaterThanOrEqual(0);
    expect(rag[amber]!.fill).toMatchObject({ fgColor: { argb: 'FFFFBF00' } });
  });

  it('leaves Not set unshaded', async () => {
    const sheet = glosBook.getWorksheet('Actions')!;
    const notSet = column(sheet, 'RAG').filter((c) => c.value === 'Not set');
    expect(notSet.length).toBeGreaterThan(0);
    for (const cell of notSet) expect(cell.fill?.type === 'pattern' ? cell.fill.fgColor : undefined).toBeUndefined();
  });

  it('records when it was made in the workbook\'s properties', () => {
    expect(glosBook.created).toEqual(new Date(MADE_AT));
  });
});

describe('--format xlsx and export.xlsx', () => {
  it('is offered beside the other formats, and writes the workbook of the actions the options select', async () => {
    const format = exportFormat('xlsx');
    expect(format).toMatchObject({ extension: 'xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', binary: true });
    const options = { ...DEFAULT_EXPORT_OPTIONS, withClosed: false };
    const book = await workbookOf((await format.write({ doc: glos, options, today: '2018-03-01', now: MADE_AT })) as Uint8Array);
    const rags = column(book.getWorksheet('Actions')!, 'RAG').map((c) => c.value);
    expect(rags.length).toBeGreaterThan(0);
    expect(rags).not.toContain('Complete');
  });
});

describe('cells people typed', () => {
  let book: ExcelJS.Workbook;
  beforeAll(async () => {
    book = await workbookOf(await planXlsx(await storedPlan(hostileDraft()), MADE_AT));
  });

  it('never start a formula: each of = + - @ tab and CR is prefixed with an apostrophe, and the cell is text', () => {
    const actions = book.getWorksheet('Actions')!;
    expect(column(actions, 'Action')[0]!.value).toBe(`'${INJECTIONS[0]}`);
    expect(column(actions, 'Outcome')[0]!.value).toBe(`'${INJECTIONS[1]}`);
    expect(column(actions, 'Leads')[0]!.value).toBe(`'${INJECTIONS[3]}`);
    const updates = column(book.getWorksheet('Updates')!, 'Update').slice(0, INJECTIONS.length);
    expect(updates.map((c) => c.value)).toEqual(INJECTIONS.map((t) => `'${t}`));
    for (const cell of updates) expect(cell.type).toBe(ExcelJS.ValueType.String);
  });

  it('of 50,000 characters are cut to Excel\'s 32,767 with a visible marker saying so, never silently', () => {
    const cell = String(column(book.getWorksheet('Actions')!, 'Action')[1]!.value);
    expect(cell).toHaveLength(EXCEL_CELL_LIMIT);
    expect(LONG_TEXT.startsWith(cell.slice(0, 30_000))).toBe(true);
    expect(cell).toMatch(/… \[cut at Excel's 32,767-character limit: the plan has 50,000 characters here; the CSV export and the tab show all of it\]$/);
    expect(String(column(book.getWorksheet('Updates')!, 'Update').find((c) => String(c.value).startsWith('Long'))!.value)).toHaveLength(EXCEL_CELL_LIMIT);
  });

  it('keep control characters, emoji, right-to-left text and a literal "_x0041_" exactly', () => {
    expect(column(book.getWorksheet('Actions')!, 'Action')[2]!.value).toBe(AWKWARD_TEXT);
    expect(column(book.getWorksheet('Actions')!, 'Outcome')[2]!.value).toBe('"Quoted", with commas,\r\nand a CRLF line break');
  });

  it('a plan with no actions is a valid workbook of the two header rows', async () => {
    const empty = await workbookOf(await planXlsx(await storedPlan(emptyDraft()), MADE_AT));
    expect(empty.worksheets.map((s) => [s.name, s.rowCount])).toEqual([
      ['Actions', 1],
      ['Updates', 1],
    ]);
  });
});

describe.runIf(pdfToolsAvailable())('in a real spreadsheet', () => {
  it.each(SAMPLE_FILES)('LibreOffice opens the workbook of %s and prints every action ref and the dates as dates', async (file) => {
    const plan = file === SAMPLE_FILES[0] ? glos : await samplePlan(file);
    const { pdf, text } = await readWithLibreOffice(await planXlsx(plan, MADE_AT), 'plan.xlsx');
    for (const action of plan.actions) expect(text).toContain(action.ref);
    const due = plan.actions.map((a) => a.timescale.reading).find((r) => r.kind === 'due');
    if (due?.kind === 'due') expect(text).toContain(describeReducedDate(due.due));
    if (file === SAMPLE_FILES[0]) await firstPagePng(pdf, 'docs/export/plan-xlsx-page1.png', 110);
  }, 180_000);

  it('LibreOffice opens the workbook of awkward cells: long, controls, emoji, right-to-left', async () => {
    const { text } = await readWithLibreOffice(await planXlsx(await storedPlan(hostileDraft()), MADE_AT), 'plan.xlsx');
    expect(text).toContain('HYPERLINK');
    expect(text).toContain('Long action text');
    expect(text).toContain('תוכנית');
  }, 180_000);

  it('LibreOffice opens the workbook of a plan with no actions', async () => {
    const { text } = await readWithLibreOffice(await planXlsx(await storedPlan(emptyDraft()), MADE_AT), 'plan.xlsx');
    expect(text).toContain('Ref');
  }, 120_000);
});

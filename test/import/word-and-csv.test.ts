import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlanBuffer, importPlanFile } from '../../src/import/import-file.js';
import { buildDocx, docxFromTextExport } from '../fixtures/build-docx.js';
import { GLOUCESTERSHIRE, readSample, sampleText } from './seed-plans.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-formats-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Word documents', () => {
  it('reads the Gloucestershire plan kept as Word tables exactly as its text export', async () => {
    const file = join(dir, 'gloucestershire.docx');
    await writeFile(file, await docxFromTextExport(sampleText(GLOUCESTERSHIRE)));
    const fromWord = await importPlanFile(file);
    const fromText = readSample(GLOUCESTERSHIRE);
    expect(fromWord.report.format).toBe('docx');
    expect(fromWord.draft.sections.map((s) => s.title)).toEqual(fromText.draft.sections.map((s) => s.title));
    const shape = (r: typeof fromText) => r.draft.actions.map((a) => [a.ref, a.leadsText, a.timescale.asWritten, a.updates.length, a.markers.join()]);
    expect(shape(fromWord)).toEqual(shape(fromText));
    expect(fromWord.report.tables[0]!.at).toMatchObject({ table: 1, row: 1 });
  });

  it('finds the columns of a board that names them differently, with objectives between tables', async () => {
    const header = [['No.'], ['Action'], ['Owner'], ['Target date'], ['Progress update'], ['Status']];
    const data = await buildDocx([
      { kind: 'paragraph', text: 'Safeguarding Adults Board Delivery Plan 2024-25', heading: true },
      { kind: 'paragraph', text: 'Objective 1: Making safeguarding personal', heading: true },
      { kind: 'table', rows: [header, [['1a'], ['Audit MSP outcomes in case files'], ['Dr Amira Shah (Quality lead)'], ['31/03/2025'], ['June 24 - audit tool agreed', 'Oct 24 – first 40 files audited'], ['A']]] },
      { kind: 'paragraph', text: 'Objective 2: Prevention', heading: true },
      { kind: 'table', rows: [header, [['2a'], ['Run a self-neglect awareness week'], ['Comms group & Housing'], ['Q3 2024/25'], [''], ['Green']]] },
    ]);
    const { draft, report } = await importPlanBuffer('adults-plan.docx', data);
    expect(draft.title).toBe('Safeguarding Adults Board Delivery Plan 2024-25');
    expect(draft.sections.map((s) => [s.label, s.number, s.title])).toEqual([
      ['Objective', '1', 'Making safeguarding personal'],
      ['Objective', '2', 'Prevention'],
    ]);
    expect(report.tables[0]!.columns.map((c) => c.role)).toEqual(['ref', 'action', 'lead', 'timescale', 'updates', 'rag']);
    const [a1, a2] = draft.actions;
    expect(a1).toMatchObject({ ref: '1a', rag: 'Amber', timescale: { reading: { kind: 'due', due: '2025-03-31' } } });
    expect(a1!.leads).toEqual([{ name: 'Amira Shah', kind: 'person', role: 'Quality lead' }].map((l) => expect.objectContaining({ kind: l.kind, role: l.role })));
    expect(a1!.updates.map((u) => u.date)).toEqual(['2024-06', '2024-10']);
    expect(a2).toMatchObject({ ref: '2a', rag: 'Green', timescale: { reading: { kind: 'due', due: '2024-12-31' } } });
  });

  it('refuses a truncated Word document, naming it, with no stack trace', async () => {
    const data = await docxFromTextExport(sampleText(GLOUCESTERSHIRE));
    const file = join(dir, 'cut.docx');
    await writeFile(file, data.subarray(0, Math.floor(data.length / 2)));
    await expect(importPlanFile(file)).rejects.toMatchObject({ code: 'import_unreadable_file', message: expect.stringMatching(/^cut\.docx: is not a readable Word document .*truncated or damaged/) });
  });

  it('refuses a Word document with no table', async () => {
    const data = await buildDocx([{ kind: 'paragraph', text: 'Minutes of the board, 3 March' }, { kind: 'paragraph', text: 'Present: the chair' }]);
    await expect(importPlanBuffer('minutes.docx', data)).rejects.toMatchObject({ code: 'import_no_plan_table', message: expect.stringContaining('minutes.docx: found no table of actions') });
  });
});

describe('CSV', () => {
  it('reads a CSV export with quoted multi-line cells as paragraphs, keeping "<" as text', async () => {
    const csv = [
      'Ref,Action,Lead,Deadline,Progress,RAG',
      '1.1,"Train staff on < 18s consent","Jane Price / Lynne Speak",March 2018,"Jan 18 - sessions booked',
      'Feb 18 - 40 staff trained",Amber',
      '1.2,Review pathway,Louise West,Quarterly,,G',
    ].join('\n');
    const { draft, report } = await importPlanBuffer('plan.csv', new TextEncoder().encode(csv));
    expect(report.format).toBe('csv');
    expect(draft.actions.map((a) => a.ref)).toEqual(['1.1', '1.2']);
    expect(draft.actions[0]!.text).toBe('Train staff on < 18s consent');
    expect(draft.actions[0]!.updates.map((u) => [u.date, u.text])).toEqual([
      ['2018-01', 'Jan 18 - sessions booked'],
      ['2018-02', 'Feb 18 - 40 staff trained'],
    ]);
    expect(draft.actions[1]).toMatchObject({ rag: 'Green', timescale: { reading: { kind: 'recurring' } } });
  });

  it('reads semicolon-separated CSV as Excel writes it in much of Europe', async () => {
    const csv = 'Ref;Action;Owner;Target date\n1;Audit the case files;Jane Price;31/12/2024\n';
    const { draft } = await importPlanBuffer('plan.csv', new TextEncoder().encode(csv));
    expect(draft.actions[0]).toMatchObject({ ref: '1', leadsText: 'Jane Price' });
  });

  it('refuses a CSV with no recognisable header, naming the line and what was expected', async () => {
    const csv = 'a,b,c\n1,2,3\n';
    await expect(importPlanBuffer('numbers.csv', new TextEncoder().encode(csv))).rejects.toMatchObject({
      code: 'import_no_header',
      message: expect.stringMatching(/^numbers\.csv, line 1: found a table but no header row .* expected a header with columns such as/),
    });
  });

  it('refuses a CSV with an unclosed quote, naming the line', async () => {
    const csv = 'Ref,Action,Lead\n1.1,"never closed,Jane\n';
    await expect(importPlanBuffer('broken.csv', new TextEncoder().encode(csv))).rejects.toMatchObject({ code: 'import_unreadable_file', message: expect.stringContaining('broken.csv') });
  });
});

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { importPlanFile } from '../../src/import/import-file.js';
import type { PlanDocument, PlanDraft } from '../../src/plan/plan.js';
import { openPlanStore } from '../../src/store/open-store.js';
import { gloucestershireExtract } from '../fixtures/plan-drafts.js';

/** Plans for the CSV and Excel export tests, as the store hands them to an export, and the readers that open the files. */

const SAMPLES = join(import.meta.dirname, '../../samples');
export const SAMPLE_FILES = ['gloucestershire-cse-2017-18.txt', 'pan-cheshire-cse-2013.txt'] as const;

/** A draft stored and read back whole, as `store.exportPlan` gives it to an export. */
export async function storedPlan(draft: PlanDraft): Promise<PlanDocument> {
  const store = await openPlanStore({ kind: 'sqlite', path: ':memory:' });
  try {
    const { id } = await store.importPlan(draft);
    return (await store.exportPlan(id))!;
  } finally {
    await store.close();
  }
}

export async function samplePlan(file: (typeof SAMPLE_FILES)[number]): Promise<PlanDocument> {
  const { draft } = await importPlanFile(join(SAMPLES, file), { importedAt: '2018-03-01T10:00:00.000Z' });
  return storedPlan(draft);
}

/** Every prefix a spreadsheet could read as a formula, each opening a cell people typed. */
export const INJECTIONS = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1:A2)', '\t=1+1', '\r=1+1'] as const;
export const LONG_TEXT = `${'Long action text. '.repeat(2_800).slice(0, 49_997)}END`;
export const AWKWARD_TEXT = 'bell\u0007 escape\u001b[31m vertical-tab\u000b nul-free; emoji 👩‍👧 🚸; Arabic خطة العمل; Hebrew תוכנית; a literal _x0041_ stays';

/**
 * The Gloucestershire extract with what breaks spreadsheets in its cells: formula openers in an
 * action, an outcome, a lead and updates; an action of 50,000 characters; control characters,
 * emoji and right-to-left text.
 */
export function hostileDraft(): PlanDraft {
  const base = gloucestershireExtract();
  const [first, second, third, ...rest] = base.actions;
  return {
    ...base,
    actions: [
      {
        ...first!,
        text: INJECTIONS[0],
        outcome: INJECTIONS[1],
        leadsText: INJECTIONS[3],
        updates: INJECTIONS.map((text, i) => ({ date: `2017-0${i + 1}-15`, dateSource: 'stated' as const, author: INJECTIONS[2], text })),
      },
      { ...second!, text: LONG_TEXT, updates: [{ date: '2017-06', dateSource: 'stated', author: null, text: LONG_TEXT }] },
      { ...third!, text: AWKWARD_TEXT, outcome: '"Quoted", with commas,\r\nand a CRLF line break', updates: [{ date: null, dateSource: 'none', author: null, text: AWKWARD_TEXT }] },
      ...rest,
    ],
  };
}

export function emptyDraft(): PlanDraft {
  return { ...gloucestershireExtract(), title: 'A plan with no actions yet', actions: [] };
}

const run = promisify(execFile);
const SOFFICE = process.env.PLAN_SOFFICE ?? '/usr/bin/soffice';

/**
 * The CSV as a spreadsheet opens it through its text import, every column text, so "1.10" stays a
 * ref (opened by double-click, a spreadsheet reads it as the number 1.1), printed to PDF and read
 * by pdftotext. office-reader.ts reads the other formats, whose cells carry their own types.
 */
export async function csvAsPrinted(csv: Uint8Array): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'plan-export-csv-'));
  try {
    const input = join(work, 'plan.csv');
    await writeFile(input, csv);
    // Comma, double quote, UTF-8 (76), from line 1, then column/format pairs (2: text).
    const textColumns = Array.from({ length: 12 }, (_, i) => `${i + 1}/2`).join('/');
    await run(SOFFICE, [`-env:UserInstallation=file://${join(work, 'profile')}`, '--headless', '--norestore', `--infilter=CSV:44,34,76,1,${textColumns}`, '--convert-to', 'pdf:calc_pdf_Export', '--outdir', work, input], { timeout: 120_000 });
    return (await run('pdftotext', ['-layout', '-enc', 'UTF-8', join(work, 'plan.pdf'), '-'], { maxBuffer: 64 * 1024 * 1024 })).stdout;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

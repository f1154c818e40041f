import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
 * A file opened by LibreOffice and printed to PDF, as a board member opening the export would see it.
 * A file LibreOffice has to repair or cannot read gives no PDF, or an error: the caller's test fails.
 */
export async function libreOfficePdf(data: Uint8Array, extension: 'xlsx' | 'csv'): Promise<Uint8Array> {
  const work = await mkdtemp(join(tmpdir(), 'plan-export-lo-'));
  try {
    const input = join(work, `plan.${extension}`);
    await writeFile(input, data);
    // CSV as Excel's "From Text" reads it: comma, double quote, UTF-8 (76), from line 1, every column text (2), so "1.10" stays a ref.
    const textColumns = Array.from({ length: 12 }, (_, i) => `${i + 1}/2`).join('/');
    const infilter = extension === 'csv' ? [`--infilter=CSV:44,34,76,1,${textColumns}`] : [];
    await run(SOFFICE, [`-env:UserInstallation=file://${join(work, 'profile')}`, '--headless', '--norestore', ...infilter, '--convert-to', 'pdf:calc_pdf_Export', '--outdir', work, input], { timeout: 120_000 });
    return new Uint8Array(await readFile(join(work, 'plan.pdf')));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The PDF's text, as pdftotext reads it (poppler, installed by scripts/install-libreoffice.sh). */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'plan-export-pdf-'));
  try {
    await writeFile(join(work, 'plan.pdf'), pdf);
    const { stdout } = await run('pdftotext', ['-layout', join(work, 'plan.pdf'), '-'], { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Page 1 of a PDF as a PNG, for docs/ and for looking at. */
export async function pdfFirstPagePng(pdf: Uint8Array, out: string): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'plan-export-png-'));
  try {
    await writeFile(join(work, 'plan.pdf'), pdf);
    await run('pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', join(work, 'plan.pdf'), join(work, 'page')]);
    await writeFile(out, await readFile(join(work, 'page.png')));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

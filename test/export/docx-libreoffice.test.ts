import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePlanDocx } from '../../src/export/docx/plan-docx.js';
import { DEFAULT_EXPORT_OPTIONS } from '../../src/export/export-options.js';
import { ragLook } from '../../src/export/rag-look.js';
import { importPlanFile } from '../../src/import/import-file.js';
import { SAMPLES_DIR } from '../../src/import/sample-plans.js';
import type { PlanDocument } from '../../src/plan/plan.js';
import { importFixture } from '../fixtures/real-plans/import-fixture.js';
import { CHILDREN_PLAN } from '../fixtures/real-plans/index.js';
import { gloucestershireExtract } from '../fixtures/plan-drafts.js';
import { libreOfficeAvailable } from '../fixtures/libreoffice.js';
import { firstPagePng, pdfToolsAvailable, readWithLibreOffice } from './office-reader.js';
import { documentOfDraft } from './plan-document.js';

/**
 * The Word export opened in a real reader. Page 1 goes to test-results/export when the tests run,
 * and to docs/export (PLAN_EXPORT_PAGE_DIR=docs/export) when the README's picture is remade.
 */
const PAGES = resolve(import.meta.dirname, '..', '..', process.env.PLAN_EXPORT_PAGE_DIR ?? join('test-results', 'export'));
const TODAY = '2026-12-05';
const NOW = '2026-12-05T12:00:00.000Z';
const ready = pdfToolsAvailable() && libreOfficeAvailable();

const exported = (doc: PlanDocument): Promise<Uint8Array> => writePlanDocx({ doc, options: DEFAULT_EXPORT_OPTIONS, today: TODAY, now: NOW });

/** pdftotext keeps each table cell's lines, so a word is found on its own, whatever wraps around it. */
function words(text: string): Set<string> {
  return new Set(text.split(/\s+/).filter(Boolean));
}

describe.runIf(ready)('the Word export in LibreOffice', () => {
  it.each(['gloucestershire-cse-2017-18.txt', 'pan-cheshire-cse-2013.txt'])('opens the sample plan %s, showing every ref and every RAG', async (name) => {
    const { draft } = await importPlanFile(join(SAMPLES_DIR, name));
    const doc = documentOfDraft(draft);
    const read = await readWithLibreOffice(await exported(doc), name.replace('.txt', '.docx'));
    expect(read.pages).toBeGreaterThan(1);
    const seen = words(read.text);
    expect(doc.actions.map((a) => a.ref).filter((ref) => !seen.has(ref))).toEqual([]);
    for (const action of doc.actions) expect(seen, `the RAG of ${action.ref}`).toContain(ragLook(action.rag, doc.plan.ragLegend).word.split(' ')[0]);
    expect(read.text).toContain(doc.plan.title.split(' ').slice(0, 4).join(' '));
    expect(read.text).toContain('Version Control Record');
  }, 180_000);

  it('shows a real board\'s plan with its key and shaded RAG, every ref and RAG word on paper (page 1 kept as a PNG)', async () => {
    const { draft } = await importFixture(CHILDREN_PLAN);
    const doc = documentOfDraft(draft);
    const read = await readWithLibreOffice(await exported(doc), 'northmoor-scp-action-plan.docx');
    const seen = words(read.text);
    expect(doc.actions.map((a) => a.ref).filter((ref) => !seen.has(ref))).toEqual([]);
    const ragWords = [...new Set(doc.actions.map((a) => a.rag))];
    expect(ragWords.length).toBeGreaterThan(2);
    for (const rag of ragWords) expect(read.text).toContain(rag);
    await firstPagePng(read.pdf, join(PAGES, 'plan-docx-page1.png'));
  }, 180_000);

  it('opens documents with hostile text: 50,000 characters, control characters, emoji and right-to-left', async () => {
    const doc = documentOfDraft(gloucestershireExtract());
    const action = doc.actions[0]!;
    action.text = `${'Partnership review of the referral pathway. '.repeat(1200).slice(0, 50_000)}\u0000\u0007\u000B\uFFFE`;
    action.outcome = 'مراجعة الخطة مع الشركاء — 👩🏽‍⚕️ safeguarding 🚸';
    action.updates[0] = { ...action.updates[0]!, text: 'Update with a bell\u0007 and a lone surrogate \uD83D here' };
    const read = await readWithLibreOffice(await exported(doc), 'hostile.docx');
    expect(read.pages).toBeGreaterThan(5);
    expect(read.text).toContain('مراجعة');
    expect(read.text).toContain(action.ref);
  }, 180_000);

  it('opens a plan with no actions, which says so', async () => {
    const doc = documentOfDraft(gloucestershireExtract());
    doc.actions = [];
    const read = await readWithLibreOffice(await exported(doc), 'empty.docx');
    expect(read.pages).toBe(1);
    expect(read.text).toContain('This plan has no actions.');
  }, 180_000);
});

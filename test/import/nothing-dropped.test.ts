import { beforeAll, describe, expect, it } from 'vitest';
import { cellParagraphs } from '../../src/import/cell-text.js';
import type { ImportResult } from '../../src/import/import-report.js';
import type { ActionDraft } from '../../src/plan/plan.js';
import { libreOfficeAvailable } from '../fixtures/libreoffice.js';
import { fixtureBytes, importFixture } from '../fixtures/real-plans/import-fixture.js';
import { REAL_PLANS, type RealPlanFixture } from '../fixtures/real-plans/index.js';
import { missingPieces, sourcePieces } from '../fixtures/real-plans/placed-text.js';
import { sourceRows, type SourceRow } from '../fixtures/real-plans/source-cells.js';
import { CHESHIRE, GLOUCESTERSHIRE, readSample, sampleText } from './seed-plans.js';

/** The text export's lines as rows: a line without tabs is one paragraph, a row's cells hold paragraph markup. */
function textExportRows(content: string): SourceRow[] {
  const rows: SourceRow[] = [];
  content.split(/\r?\n/).forEach((text, i) => {
    if (!text.trim()) return;
    const cells = text.split('\t');
    rows.push({ where: `line ${i + 1}`, cells: cells.length === 1 ? [[text]] : cells.map((c) => cellParagraphs(c)), inTable: cells.length > 1 });
  });
  return rows;
}

/** The source text missing from the plan: see test/fixtures/real-plans/placed-text.ts for the rule. */
function missingText(content: string, result: ImportResult): string[] {
  return missingPieces(sourcePieces(textExportRows(content), result), result);
}

function withAction(result: ImportResult, ref: string, change: (a: ActionDraft) => ActionDraft): ImportResult {
  return { ...result, draft: { ...result.draft, actions: result.draft.actions.map((a) => (a.ref === ref ? change(a) : a)) } };
}

describe('nothing from the source is dropped', () => {
  it('places every line of the Pan Cheshire plan in the plan or the import report', () => {
    expect(missingText(sampleText(CHESHIRE), readSample(CHESHIRE))).toEqual([]);
  });

  it('places every line of the Gloucestershire plan in the plan or the import report', () => {
    expect(missingText(sampleText(GLOUCESTERSHIRE), readSample(GLOUCESTERSHIRE))).toEqual([]);
  });

  it('would notice a lost progress cell', () => {
    const lost = withAction(readSample(GLOUCESTERSHIRE), '2.3', (a) => ({ ...a, updates: [] }));
    expect(missingText(sampleText(GLOUCESTERSHIRE), lost).join('\n')).toContain('36 foster carers were trained');
  });

  it('would notice a one-word cell continued across a page break going missing', () => {
    const lost = withAction(readSample(CHESHIRE), '4.2b', (a) => ({ ...a, timescale: { ...a.timescale, asWritten: 'Update July' } }));
    expect(missingText(sampleText(CHESHIRE), lost)).toEqual([expect.stringMatching(/^line 98: "2013"/)]);
  });

  it('would notice one copy of text the document repeats going missing', () => {
    const result = readSample(CHESHIRE);
    const lost = withAction(result, '4.3', (a) => ({ ...a, outcome: '' }));
    expect(result.draft.actions.find((a) => a.ref === '4.6')!.outcome).toBe(result.draft.actions.find((a) => a.ref === '4.3')!.outcome);
    expect(missingText(sampleText(CHESHIRE), lost).length).toBeGreaterThan(0);
  });

  it('would notice a lost section description or version record row', () => {
    const result = readSample(CHESHIRE);
    const noDescription = { ...result, draft: { ...result.draft, sections: result.draft.sections.map((s, i) => (i === 2 ? { ...s, description: '' } : s)) } };
    expect(missingText(sampleText(CHESHIRE), noDescription).join('\n')).toContain('appropriate training is in place for front line staff');
    const noVersion = { ...result, draft: { ...result.draft, versionRecord: result.draft.versionRecord.slice(0, 1) } };
    expect(missingText(sampleText(CHESHIRE), noVersion).join('\n')).toContain('v03');
  });
});

/*
 * The same proof over Word and Excel plans as boards keep them: every cell's text read from the
 * file itself (document.xml; every sheet through exceljs), never from the importer's blocks.
 */
describe('nothing from a Word or Excel plan is dropped', () => {
  const available = libreOfficeAvailable();
  const usable = REAL_PLANS.filter((f) => !f.needsLibreOffice || available);
  const rows = new Map<string, SourceRow[]>();

  beforeAll(async () => {
    for (const fixture of usable) rows.set(fixture.fileName, await sourceRows(fixture.format, await fixtureBytes(fixture)));
  }, 300_000);

  it.each(usable.map((f): [string, RealPlanFixture] => [f.name, f]))('places every cell of the %s in the plan or the import report', async (_name, fixture) => {
    const result = await importFixture(fixture);
    expect(missingPieces(sourcePieces(rows.get(fixture.fileName)!, result), result)).toEqual([]);
  });

  it('reads the source cells from the file itself: the SEND workbook\'s cover, key, plan and version sheets, dates as shown', () => {
    const send = rows.get('westbrook-send-wsoa.xlsx')!;
    const text = send.map((r) => `${r.where}: ${r.cells.map((c) => c.join(' / ')).join(' | ')}`).join('\n');
    expect(text).toContain('sheet "Cover" row 3: Owner: SEND Partnership Board');
    expect(text).toMatch(/sheet "Key" row 5: +\| Complete/);
    expect(text).toContain('30/09/2023');
    expect(text).toContain('Dec-23');
    expect(text).toContain('12/06/2023 – Timeliness at 48%; extra caseworkers recruited. / 18/09/2023 – Timeliness at 63%.');
    expect(text).toContain('sheet "Version control" row 2: 0.1 | 14/03/2023');
  });

  it('reads a Word plan\'s cells without deleted text, comments or numbering labels', () => {
    const adult = rows.get('eastvale-sab-strategic-plan.docx')!;
    const text = adult.flatMap((r) => r.cells.flat()).join('\n');
    expect(text).toContain('Review the self-neglect protocol with housing providers');
    expect(text).not.toContain('by the end of the calendar year');
    expect(text).not.toContain('Can we check this date');
    expect(text).not.toMatch(/^1\.1/m);
  });

  it('would notice a lost line of a multi-line Excel cell, a lost cover line and a lost version row', async () => {
    const fixture = REAL_PLANS.find((f) => f.fileName === 'westbrook-send-wsoa.xlsx')!;
    const result = await importFixture(fixture);
    const pieces = sourcePieces(rows.get(fixture.fileName)!, result);
    const lostLine = withAction(result, '1.1', (a) => ({ ...a, updates: a.updates.slice(0, 1) }));
    expect(missingPieces(pieces, lostLine)).toEqual([expect.stringContaining('18 09 2023 timeliness at 63')]);
    const lostCover = { ...result, draft: { ...result.draft, description: result.draft.description.replace('Status: Approved', '') } };
    expect(missingPieces(pieces, lostCover).join('\n')).toContain('status approved');
    const lostVersion = { ...result, draft: { ...result.draft, versionRecord: result.draft.versionRecord.slice(0, 2) } };
    expect(missingPieces(pieces, lostVersion).join('\n')).toContain('september progress added');
  });

  it('would notice a lost step of a numbered list in a Word cell', async () => {
    const fixture = REAL_PLANS.find((f) => f.fileName === 'eastvale-sab-strategic-plan.docx')!;
    const result = await importFixture(fixture);
    const lost = withAction(result, '1.2', (a) => ({ ...a, text: a.text.replace(/b\) Easy-read leaflet/, '') }));
    expect(missingPieces(sourcePieces(rows.get(fixture.fileName)!, result), lost)).toEqual([expect.stringContaining('easy read leaflet')]);
  });
});

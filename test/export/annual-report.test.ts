import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../../src/cli/commands/report-command.js';
import { writeAnnualReportDocx } from '../../src/export/docx/annual-report-docx.js';
import { annualReport, type AnnualReport } from '../../src/plan/annual-report.js';
import type { PlanDocument } from '../../src/plan/plan.js';
import type { Rag } from '../../src/plan/rag.js';
import type { Timescale } from '../../src/plan/timescale.js';
import { createApp } from '../../src/server/create-app.js';
import { close, listen } from '../../src/server/start-server.js';
import { recordUpdate } from '../../src/service/record-update.js';
import { openPlanStore } from '../../src/store/open-store.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { libreOfficeAvailable } from '../fixtures/libreoffice.js';
import { gloucestershireExtract } from '../fixtures/plan-drafts.js';
import { localBot } from '../server/local-bot.js';
import { pdfToolsAvailable, readWithLibreOffice } from './office-reader.js';

/*
 * The annual report of a plan whose history spans two financial years, recorded through the same
 * service the tab, cards and chat use, each change on its own day: the report of 2025-26 must say
 * what was true in that year, not before it or since.
 */
const NOW = new Date('2026-12-05T12:00:00.000Z');
const EVIDENCE = 'GP practices now refer 40% more young people at risk of CSE than before the forum';
const due = (day: string): Timescale => ({ asWritten: day, reading: { kind: 'due', due: day, period: day, note: null }, flag: null });

let dir: string;
let store: PlanStore;
let planId: string;
let doc: PlanDocument;
let report: AnnualReport;
let server: Server;
let base: string;

async function update(ref: string, day: string, text: string, change: { rag?: Rag; evidence?: string } = {}): Promise<void> {
  const action = doc.actions.find((a) => a.ref === ref)!;
  const now = new Date(`${day}T10:00:00.000Z`);
  await recordUpdate(store, { actionId: action.id, text, ...change, author: 'Jane Price', authorId: null, origin: 'tab', mayClose: true, key: `${ref}-${day}`, now, today: day });
  doc = (await store.exportPlan(planId))!;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-annual-report-'));
  store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
  const draft = gloucestershireExtract();
  draft.source = { ...draft.source!, importedAt: '2024-05-01T09:00:00.000Z' };
  const [licensing, transition, gpForum] = draft.actions;
  Object.assign(licensing!, { timescale: due('2026-01-31'), rag: 'Amber' });
  Object.assign(gpForum!, { timescale: due('2026-12-31'), rag: 'Green', leads: [{ name: 'Designated Nurse', kind: 'person', role: 'CCG' }], leadsText: 'Designated Nurse (CCG)' });
  draft.actions = [licensing!, transition!, gpForum!];
  planId = (await store.importPlan(draft)).id;
  doc = (await store.exportPlan(planId))!;

  await update('1.7', '2024-06-10', 'Licensing committee has deferred the condition', { rag: 'Red' });
  await update('1.7', '2025-05-12', 'Condition agreed; training dates being set', { rag: 'Amber' });
  await update('1.13', '2025-09-15', 'Presentation given to the GP forum', { rag: 'Complete', evidence: EVIDENCE });
  await update('1.7', '2026-02-20', '600 drivers trained so far');
  await update('1.7', '2026-04-10', 'Every licensed driver trained', { rag: 'Green' });
  report = annualReport(doc, '2025-26', '2026-12-05');

  const app = createApp({ store, clock: () => NOW, identify: async () => ({ name: 'Jane Price', userId: null }), log: () => {}, storeKind: 'sqlite', bot: localBot(store) });
  ({ server, url: base } = await listen(app, '127.0.0.1', 0));
});

afterAll(async () => {
  await close(server);
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the annual report of a plan recorded over two years', () => {
  it('lists the action completed in the year with the impact evidence given when it was closed', () => {
    expect(report.completed).toEqual([{ ref: '1.13', title: doc.actions[2]!.title, completedOn: '2025-09-15', evidence: EVIDENCE, agencies: ['Health'] }]);
  });

  it('carries forward the action open on 31 March as it stood then, not as it has been changed since', () => {
    expect(report.carriedForward).toEqual([{ ref: '1.7', title: doc.actions[0]!.title, rag: 'Amber', status: 'open', timescale: '2026-01-31', lateness: 'overdue by 59 days' }]);
  });

  it('gives each RAG in force on 1 April 2025 and on 31 March 2026', () => {
    expect(report.rag.map((r) => [r.ref, r.start, r.end])).toEqual([
      ['1.7', 'Red', 'Amber'],
      ['1.9', 'Complete', 'Complete'],
      ['1.13', 'Green', 'Complete'],
    ]);
    // The year before reads the same history to its own days.
    expect(annualReport(doc, '2024-25', '2026-12-05').rag[0]).toMatchObject({ ref: '1.7', start: 'Amber', end: 'Red' });
  });

  it("lists each agency's actions with the updates made in the year only", () => {
    const police = report.agencies.find((a) => a.agency === 'Police')!;
    expect(police.actions.map((a) => [a.ref, a.updates.map((u) => u.text)])).toEqual([['1.7', ['Condition agreed; training dates being set', '600 drivers trained so far']]]);
    expect(report.agencies.find((a) => a.agency === 'Health')!.actions.map((a) => a.ref)).toEqual(['1.13']);
  });
});

describe('the annual report through the API and the command line', () => {
  it('answers GET /api/plans/{id}/annual-report?year= with the report as JSON', async () => {
    const res = await fetch(`${base}/api/plans/${planId}/annual-report?year=2025-26`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('downloads GET /api/plans/{id}/annual-report.docx?year= named from the title and the year', async () => {
    const res = await fetch(`${base}/api/plans/${planId}/annual-report.docx?year=2025-26`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers.get('content-disposition')).toContain('filename="Annual report 2025-26 Gloucestershire');
  });

  it('refuses a year not written YYYY-YY, naming it', async () => {
    const res = await fetch(`${base}/api/plans/${planId}/annual-report.docx?year=2025-27`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('2025-27');
  });

  it('writes plan report --year to the file named by --out', async () => {
    const out = join(dir, 'report.docx');
    expect(await reportCommand(store, { year: '2025-26', plan: planId, out }, NOW)).toContain(out);
    expect((await readFile(out)).subarray(0, 2).toString()).toBe('PK');
    await expect(reportCommand(store, { year: '25-26', plan: planId }, NOW)).rejects.toThrow('"25-26"');
  });
});

describe.runIf(pdfToolsAvailable() && libreOfficeAvailable())('the annual report in LibreOffice', () => {
  it('opens, showing each completed action with its evidence and every part of the report', async () => {
    const bytes = await writeAnnualReportDocx({ doc, year: '2025-26', today: '2026-12-05', now: NOW.toISOString() });
    const read = await readWithLibreOffice(bytes, 'annual-report.docx');
    const text = read.text.replace(/\s+/g, ' ');
    // pdftotext lays a table cell's wrapped lines beside its neighbours', so the evidence is found word by word.
    const words = new Set(text.split(' '));
    for (const c of report.completed) {
      expect(words).toContain(c.ref);
      expect(c.evidence!.split(' ').filter((w) => !words.has(w))).toEqual([]);
    }
    for (const part of ['Actions completed in the year', 'Actions carried forward', 'RAG at the start and end of the year', 'Police: 1 action, 2 updates in the year']) expect(text).toContain(part);
    expect(text).toContain('overdue by 59 days');
  }, 180_000);
});

import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesCommand } from '../../src/cli/commands/changes-command.js';
import { writeChangesDocx, type ChangesSinceMeeting } from '../../src/export/docx/changes-docx.js';
import { ragLook } from '../../src/export/rag-look.js';
import type { Plan } from '../../src/plan/plan.js';
import type { Rag } from '../../src/plan/rag.js';
import { changeTimescale } from '../../src/service/completion-requests.js';
import { addMeeting } from '../../src/service/meeting-dates.js';
import { planChanges } from '../../src/service/plan-changes.js';
import { recordUpdate } from '../../src/service/record-update.js';
import { planCli } from '../cli/run-plan.js';
import { libreOfficeAvailable } from '../fixtures/libreoffice.js';
import { docxParts, paragraphTexts } from './docx-parts.js';
import { firstPagePng, pdfToolsAvailable, readWithLibreOffice } from './office-reader.js';
import { startSamplePlanServer, type SamplePlanServer } from './sample-plan-server.js';

/*
 * "Since the last meeting" as a short Word document, from the Gloucestershire sample with a board
 * meeting on 12 February 2018 and what leads recorded after it through the same services the tab,
 * cards and chat use, each on its own day. Page 1 goes to test-results/export when the tests run,
 * and to docs/export (PLAN_EXPORT_PAGE_DIR=docs/export) when the README's picture is remade.
 */
const PAGES = resolve(import.meta.dirname, '..', '..', process.env.PLAN_EXPORT_PAGE_DIR ?? join('test-results', 'export'));
const NOW = new Date('2018-03-01T12:00:00.000Z');
const TODAY = '2018-03-01';
const WORD = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ready = pdfToolsAvailable() && libreOfficeAvailable();

const RED_UPDATE = 'Adult Social Care have not yet agreed the transitions protocol; escalated to the Director';
const TIMESCALE_UPDATE = 'Licensing training moved to the summer so every driver can attend';
const EVIDENCE = 'Every school now has a named CSE lead, and referrals from schools rose by a third';

let sample: SamplePlanServer;
let plan: Plan;
let changes: ChangesSinceMeeting;

async function update(ref: string, day: string, text: string, change: { rag?: Rag; timescale?: string; evidence?: string } = {}): Promise<void> {
  const action = (await sample.store.getActionByRef(sample.glos, ref))!;
  await recordUpdate(sample.store, { actionId: action.id, text, ...change, author: 'Louise West', authorId: null, origin: 'tab', mayClose: true, key: `${ref}-${day}`, now: new Date(`${day}T10:00:00.000Z`), today: day });
}

beforeAll(async () => {
  sample = await startSamplePlanServer(NOW);
  const { store, glos } = sample;
  // Before the meeting: 1.6 Amber, and 1.5 due at the end of February, so it falls overdue since.
  await update('1.6', '2018-01-15', 'Draft protocol shared with Adult Social Care', { rag: 'Amber' });
  await update('1.5', '2018-01-15', 'Audit planned for February', { timescale: 'February 2018' });
  let settled = (await store.getPlan(glos))!;
  settled = await addMeeting(store, settled, { date: '2018-02-12', source: 'entered', title: 'Partnership Board' }, TODAY);
  settled = await addMeeting(store, settled, { date: '2018-03-12', source: 'entered', title: 'Partnership Board' }, TODAY);
  // Since the meeting: a RAG worsened, a timescale moved, an action completed, a new timescale asked of the owner.
  await update('1.6', '2018-02-20', RED_UPDATE, { rag: 'Red' });
  await update('1.7', '2018-02-21', TIMESCALE_UPDATE, { timescale: 'June 2018' });
  await update('1.8', '2018-02-22', 'Named leads confirmed in every school', { rag: 'Complete', evidence: EVIDENCE });
  const asked = (await store.exportPlan(glos))!.actions.find((a) => a.ref === '1.12')!;
  const by = { author: 'Louise West', authorId: null, origin: 'tab' as const };
  await changeTimescale(store, asked, asked.version, { timescale: 'September 2018', reason: 'Waiting for the new licensing policy' }, { by, isOwner: false, ownerApproves: true, key: '1.12-ask', now: new Date('2018-02-23T10:00:00.000Z'), today: '2018-02-23' });
  plan = (await store.getPlan(glos))!;
  changes = await planChanges(store, plan, TODAY, null);
}, 120_000);

afterAll(async () => {
  await sample.stop();
});

const written = (answer: ChangesSinceMeeting = changes, of: Pick<Plan, 'title' | 'ragLegend'> = plan): Promise<Uint8Array> => writeChangesDocx({ plan: of, changes: answer, now: NOW.toISOString() });

/** pdftotext lays a table cell's wrapped lines beside its neighbours', so text is found word by word. */
function wordsOf(text: string): Set<string> {
  return new Set(text.split(/\s+/).filter(Boolean));
}

const nothingChanged = (): ChangesSinceMeeting => ({ ...changes, actions: [], counts: { actionsChanged: 0, newUpdates: 0, ragChanged: 0, timescaleMoved: 0, newlyOverdue: 0, completed: 0 } });

describe('the seeded plan', () => {
  it('has changed since the meeting in every way the digest shows', () => {
    const of = (ref: string) => changes.actions.find((a) => a.ref === ref);
    expect(of('1.6')?.rag).toEqual({ was: 'Amber', now: 'Red' });
    expect(of('1.7')?.timescale).toEqual({ was: 'October 2017', now: 'June 2018' });
    expect(of('1.8')).toMatchObject({ completed: true, rag: { was: 'Not set', now: 'Complete' } });
    expect(of('1.5')?.newlyOverdue).toBe(true);
    expect(of('1.12')?.requests).toHaveLength(1);
    expect(changes.nextMeeting?.date).toBe('2018-03-12');
    expect(changes.actions.map((a) => a.ref)).toEqual(['1.5', '1.6', '1.7', '1.8', '1.12', '4.1', '4.4', '5.5']);
  });
});

describe('"since the last meeting" as a Word document', () => {
  it('is titled with the plan and the meeting, counts the changes, and heads each changed action with its ref and title', async () => {
    const parts = docxParts(await written());
    const body = parts['word/document.xml']!;
    const paragraphs = paragraphTexts(body);
    const title = `${plan.title}: since the last meeting (12 Feb 2018, Partnership Board)`;
    expect(paragraphs[0]).toBe(title);
    expect(body).toContain('<w:pStyle w:val="Title"/>');
    // 4.1, 4.4 and 5.5 count too: the sample's own updates of February 2018 run to the month's end.
    expect(paragraphs[2]).toBe('8 actions changed: 6 new updates, 2 RAG changes, 1 timescale moved, 1 newly overdue, 1 completed');
    for (const a of changes.actions) expect(paragraphs).toContain(`${a.ref} ${a.title}`);
    expect(body.match(/<w:pStyle w:val="Heading1"\/>/g)?.length).toBe(changes.actions.length + 1);
    expect(paragraphs.slice(-3)).toEqual(['Next meeting', '12 Mar 2018 (Partnership Board)', '']);
  });

  it('sets its title and language as the plan export does, for screen readers and accessibility checkers', async () => {
    const parts = docxParts(await written());
    expect(parts['docProps/core.xml']).toContain(`<dc:title>${plan.title}: since the last meeting (12 Feb 2018, Partnership Board)</dc:title>`);
    expect(parts['docProps/core.xml']).toContain('<dc:language>en-GB</dc:language>');
    expect(parts['word/styles.xml']).toContain('w:val="en-GB"');
  });

  it('says each RAG was and now in words on the shading of the plan key', async () => {
    const body = docxParts(await written())['word/document.xml']!;
    for (const rag of ['Amber', 'Red'] as const) {
      const look = ragLook(rag, plan.ragLegend);
      expect(body).toMatch(new RegExp(`w:fill="${look.fill!}"/></w:tcPr><w:p><w:r><w:rPr><w:b/><w:bCs/><w:color w:val="${look.text}"/></w:rPr><w:t xml:space="preserve">${look.word}</w:t>`));
    }
  });

  it('words completion, lateness, the timescale asked for and other changes as the rest of the product does', async () => {
    const paragraphs = paragraphTexts(docxParts(await written())['word/document.xml']!);
    expect(paragraphs).toContain('Completed');
    expect(paragraphs).toContain('Now overdue');
    expect(paragraphs).toContain('New timescale asked for: timescale "September 2018" in place of "August 2016" (Waiting for the new licensing policy)');
    expect(paragraphs).toEqual(expect.arrayContaining(['20 Feb 2018', RED_UPDATE, 'Louise West']));
  });

  it('is a document that says nothing changed when nothing has', async () => {
    const paragraphs = paragraphTexts(docxParts(await written(nothingChanged()))['word/document.xml']!);
    expect(paragraphs).toContain('0 actions changed: 0 new updates, 0 RAG changes, 0 timescales moved, 0 newly overdue, 0 completed');
    expect(paragraphs).toContain('Nothing has changed.');
  });

  it('says "since" the day asked for when there is no meeting to count from', async () => {
    const paragraphs = paragraphTexts(docxParts(await written({ ...changes, since: '2018-02-01', lastMeeting: null }))['word/document.xml']!);
    expect(paragraphs[0]).toBe(`${plan.title}: since 1 Feb 2018`);
  });
});

describe.runIf(ready)('"since the last meeting" in LibreOffice', () => {
  it('opens, showing each changed ref, the RAG words and every new update (page 1 kept as a PNG)', async () => {
    const read = await readWithLibreOffice(await written(), 'changes.docx');
    const seen = wordsOf(read.text);
    expect(changes.actions.map((a) => a.ref).filter((ref) => !seen.has(ref))).toEqual([]);
    for (const rag of ['Amber', 'Red', 'Complete']) expect(seen).toContain(rag);
    for (const u of changes.actions.flatMap((a) => a.newUpdates)) expect(u.text.split(/\s+/).filter((w) => !seen.has(w))).toEqual([]);
    expect(read.text).toContain('since the last meeting');
    await firstPagePng(read.pdf, join(PAGES, 'changes-docx.png'));
  }, 180_000);

  it('opens the document that says nothing changed, on one page', async () => {
    const read = await readWithLibreOffice(await written(nothingChanged()), 'nothing.docx');
    expect(read.pages).toBe(1);
    expect(read.text).toContain('Nothing has changed.');
  }, 180_000);

  it('opens with hostile text: a 50,000-character update, control characters, emoji and right-to-left', async () => {
    const [first, ...rest] = changes.actions;
    const long = `${'Partnership review of the referral pathway. '.repeat(1200).slice(0, 50_000)}\u0000\u0007\u000B\uFFFE`;
    const rtl = 'مراجعة الخطة مع الشركاء';
    const hostile: ChangesSinceMeeting = {
      ...changes,
      lastMeeting: { ...changes.lastMeeting!, title: 'Board\u0007 🚸' },
      actions: [
        {
          ...first!,
          title: `Emoji 👩🏽‍⚕️ and a lone surrogate \uD83D in a title`,
          newUpdates: [
            { ...changes.actions.flatMap((a) => a.newUpdates)[0]!, text: long },
            { ...changes.actions.flatMap((a) => a.newUpdates)[0]!, text: `${rtl}\nA bell\u0007 here`, author: 'فاطمة' },
          ],
        },
        ...rest,
      ],
    };
    const read = await readWithLibreOffice(await written(hostile, { ...plan, title: `${plan.title}\u0000 📋` }), 'hostile.docx');
    expect(read.pages).toBeGreaterThan(5);
    expect(read.text).toContain('مراجعة');
    expect(read.text).toContain('Partnership review of the referral pathway.');
    expect(wordsOf(read.text)).toContain(first!.ref);
  }, 180_000);
});

describe('GET /api/plans/{planId}/changes.docx', () => {
  it('downloads the digest as Word, named from the day and the plan', async () => {
    const res = await fetch(`${sample.base}/api/plans/${sample.glos}/changes.docx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(WORD);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="Since 12 Feb 2018 Gloucestershire Multi-agency[^"]*\.docx"; filename\*=UTF-8''Since%2012%20Feb%202018%20/);
    const paragraphs = paragraphTexts(docxParts(new Uint8Array(await res.arrayBuffer()))['word/document.xml']!);
    expect(paragraphs[0]).toContain('since the last meeting (12 Feb 2018, Partnership Board)');
  });

  it('counts from the day given in since=', async () => {
    const res = await fetch(`${sample.base}/api/plans/${sample.glos}/changes.docx?since=2018-02-21`);
    expect(res.status).toBe(200);
    const paragraphs = paragraphTexts(docxParts(new Uint8Array(await res.arrayBuffer()))['word/document.xml']!);
    expect(paragraphs[0]).toBe(`${plan.title}: since 21 Feb 2018`);
    expect(paragraphs).not.toContain(RED_UPDATE);
  });

  it('answers 404 for a plan there is not', async () => {
    const res = await fetch(`${sample.base}/api/plans/no-such-plan/changes.docx`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('plan_not_found');
  });

  it('answers 400 for a since that is not a day, naming it', async () => {
    const res = await fetch(`${sample.base}/api/plans/${sample.glos}/changes.docx?since=last-week`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('since');
  });
});

describe('plan changes --format docx', () => {
  it('writes the digest to the file named by --out, never to the terminal', async () => {
    const out = join(sample.dir, 'since.docx');
    const { code, stdout } = await planCli(join(sample.dir, 'plans.db'))('changes', '--plan', sample.glos, '--since', '2018-02-12', '--format', 'docx', '--out', out);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Wrote the changes to \\d+ actions of ${sample.glos} since 12 Feb 2018 to ${out}`));
    expect((await readFile(out)).subarray(0, 2).toString()).toBe('PK');
  });

  it('refuses a format it does not have, naming text, markdown, json and docx', async () => {
    await expect(changesCommand(sample.store, { plan: sample.glos, format: 'pdf' }, NOW)).rejects.toThrow('--format must be one of text, markdown, json, docx, not "pdf"');
    const { code, stderr } = await planCli(join(sample.dir, 'plans.db'))('changes', '--plan', sample.glos, '--format', 'pdf');
    expect(code).toBe(2);
    expect(stderr).toContain('text, markdown, json, docx');
  });
});

import { describe, expect, it } from 'vitest';
import { writePlanDocx } from '../../src/export/docx/plan-docx.js';
import { DEFAULT_EXPORT_OPTIONS, type ExportOptions } from '../../src/export/export-options.js';
import { importPlanBuffer } from '../../src/import/import-file.js';
import type { HistoryEntry } from '../../src/plan/action-history.js';
import type { PlanDocument } from '../../src/plan/plan.js';
import { gloucestershireExtract, panCheshireExtract } from '../fixtures/plan-drafts.js';
import { docxParts, paragraphTexts } from './docx-parts.js';
import { documentOfDraft } from './plan-document.js';

const TODAY = '2018-03-01';
const NOW = '2018-03-01T12:00:00.000Z';

async function exported(doc: PlanDocument, options: Partial<ExportOptions> = {}): Promise<{ bytes: Uint8Array; parts: Record<string, string>; text: string[] }> {
  const bytes = await writePlanDocx({ doc, options: { ...DEFAULT_EXPORT_OPTIONS, ...options }, today: TODAY, now: NOW });
  const parts = docxParts(bytes);
  return { bytes, parts, text: paragraphTexts(parts['word/document.xml']!) };
}

function change(actionId: string, date: string, changes: HistoryEntry['changes'], sequence = 0): HistoryEntry {
  return { id: `${actionId}-h${sequence}`, actionId, sequence, kind: 'changed', changes, note: null, author: 'Jane Price', authorId: null, origin: 'tab', date, recordedAt: `${date}T10:00:00.000Z`, key: `${actionId}-${sequence}` };
}

/** The Gloucestershire extract after its February meeting: 4.3 moved from Amber to Red, 1.17 closed. */
function afterTheMeeting(): PlanDocument {
  const doc = documentOfDraft(gloucestershireExtract());
  const byRef = (ref: string) => doc.actions.find((a) => a.ref === ref)!;
  byRef('4.3').rag = 'Red';
  byRef('4.3').history = [change(byRef('4.3').id, '2018-02-12', [{ field: 'rag', was: 'Amber', now: 'Red' }])];
  byRef('1.17').rag = 'Complete';
  byRef('1.17').history = [change(byRef('1.17').id, '2018-02-12', [{ field: 'rag', was: 'Not set', now: 'Complete' }, { field: 'status', was: 'open', now: 'closed' }])];
  doc.plan.versionRecord = [{ version: 'V1', date: '2018-01-15', description: 'Agreed by the board', author: 'Board manager', cells: {} }];
  return doc;
}

describe('the Word document of a plan', () => {
  it('opens with the title, a subtitle saying which version and what it holds, then the key', async () => {
    const { text } = await exported(afterTheMeeting());
    expect(text[0]).toBe('Gloucestershire Multi-agency Child Sexual Exploitation (CSE) Action Plan 2017-2018');
    expect(text[1]).toBe('Version V2, 1 Mar 2018 · 8 actions');
    expect(text).toContain('RAG key');
    expect(text.indexOf('RAG key')).toBeLessThan(text.findIndex((t) => t.startsWith('Priority 1')));
  });

  it('is accessible: Title and Heading styles, header rows marked to repeat, title and language set', async () => {
    const { parts } = await exported(afterTheMeeting());
    const body = parts['word/document.xml']!;
    expect(body).toContain('<w:pStyle w:val="Title"/>');
    expect(body).toContain('<w:pStyle w:val="Heading1"/>');
    const tables = body.match(/<w:tbl>/g)!.length;
    expect(body.match(/<w:tblHeader\/>/g)).toHaveLength(tables);
    expect(parts['docProps/core.xml']).toContain('<dc:title>Gloucestershire Multi-agency Child Sexual Exploitation (CSE) Action Plan 2017-2018</dc:title>');
    expect(parts['docProps/core.xml']).toContain('<dc:language>en-GB</dc:language>');
    expect(parts['word/styles.xml']).toMatch(/<w:lang w:val="en-GB"/);
    expect(body).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
  });

  it('heads each section with its number and title, and a table under the plan\'s own column names, in its order', async () => {
    const doc = afterTheMeeting();
    doc.plan.columns = [
      { heading: '', role: 'ref' },
      { heading: 'Desired Outcome', role: 'outcome' },
      { heading: 'Action: what we will do', role: 'action' },
      { heading: 'Risk', role: null },
      { heading: 'Leads', role: 'lead' },
      { heading: 'Timescale: complete by', role: 'timescale' },
      { heading: 'Progress', role: 'updates' },
    ];
    const { text } = await exported(doc);
    expect(text).toContain('Priority 1: Prevention, awareness raising and public confidence');
    const header = text.indexOf('Desired Outcome');
    expect(text.slice(header - 1, header + 7)).toEqual(['Ref', 'Desired Outcome', 'Action: what we will do', 'Leads', 'Timescale: complete by', 'Progress', 'RAG', '1.7']);
  });

  it('gives plans without their own columns the usual ones', async () => {
    const { text } = await exported(afterTheMeeting());
    const header = text.indexOf('Ref');
    expect(text.slice(header, header + 7)).toEqual(['Ref', 'Action', 'Outcome', 'Lead', 'Timescale', 'Updates', 'RAG']);
  });

  it('words every RAG and shades it in the plan key\'s colour, so colour is never the only sign', async () => {
    const doc = afterTheMeeting();
    doc.plan.ragLegend = [
      { rag: 'Red', colour: 'Red', meaning: 'at risk (high)', swatch: 'C00000' },
      { rag: 'Amber', colour: 'Amber', meaning: 'at risk (moderate)' },
      { rag: 'Complete', colour: 'Green', meaning: 'complete' },
    ];
    const { parts } = await exported(doc);
    const cells = [...parts['word/document.xml']!.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((m) => m[0]);
    const ragCell = (word: string) => cells.filter((c) => new RegExp(`<w:t[^>]*>${word}</w:t>`).test(c)).at(-1)!;
    expect(ragCell('Red')).toContain('w:fill="C00000"');
    expect(ragCell('Red')).toContain('<w:color w:val="FFFFFF"/>');
    expect(ragCell('Amber')).toContain('w:fill="FFEB9C"');
    expect(ragCell('Complete')).toContain('w:fill="C6EFCE"');
    expect(ragCell('Not set')).not.toContain('w:fill');
  });

  it('writes each action\'s updates in the order written, their dates as written; one recorded in Teams opened with its date', async () => {
    const doc = afterTheMeeting();
    const action = doc.actions.find((a) => a.ref === '4.4')!;
    action.updates.push({ ...action.updates[0]!, id: 'teams', sequence: action.updates.length, date: '2018-02-20', dateSource: 'recorded', origin: 'tab', author: 'Louise West', text: 'Pathway agreed at the February board.' });
    const { text } = await exported(doc);
    const written = action.updates.slice(0, -1).map((u) => u.text.split('\n')[0]!);
    const at = written.map((w) => text.indexOf(w));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text[at.at(-1)! + 1]).toBe('Update 20/02/2018 – Pathway agreed at the February board. (Louise West)');
  });

  it('adds a row to the Version Control Record: the next version, today, and what changed since the last', async () => {
    const { text } = await exported(afterTheMeeting());
    const record = text.indexOf('Version Control Record');
    expect(text.slice(record + 1, record + 5)).toEqual(['Version', 'Date', 'Author', 'Changes']);
    expect(text.slice(record + 5, record + 9)).toEqual(['V1', '15 Jan 2018', 'Board manager', 'Agreed by the board']);
    expect(text[record + 9]).toBe('V2');
    expect(text[record + 10]).toBe('1 Mar 2018');
    const what = text[record + 12]!;
    expect(what).toMatch(/^\d+ updates? added \([^)]*4\.4/);
    expect(what).toContain('RAG changed on 2 actions (1.17 Not set to Complete, 4.3 Amber to Red)');
    expect(what).toContain('1 action completed (1.17)');
    expect(what).toContain('since version V1 (15 Jan 2018)');
  });

  it("keeps the plan's own version record columns, and numbers the next version as the plan does", async () => {
    const { text } = await exported(documentOfDraft(panCheshireExtract()));
    const record = text.indexOf('Version Control Record');
    expect(text.slice(record + 1, record + 7)).toEqual(['Version No', 'Date', 'Time', 'Circulation/Activity', 'Other Comment', 'Author']);
    expect(text.slice(record + 19, record + 21)).toEqual(['V04', '1 Mar 2018']);
  });

  it("with options: one lead's open actions, the latest update of each, said in the subtitle", async () => {
    const { text } = await exported(afterTheMeeting(), { lead: 'Louise West', withClosed: false, updates: { kind: 'latest', count: 1 } });
    expect(text[1]).toBe('Version V2, 1 Mar 2018 · 3 actions · actions led by Louise West · open actions only · the latest update of each action');
    expect(text).not.toContain('1.9');
    expect(text).toContain('4.4');
  });

  it('a plan with no actions is a valid document that says so', async () => {
    const doc = afterTheMeeting();
    doc.actions = [];
    const { text, bytes } = await exported(doc);
    expect(text).toContain('This plan has no actions.');
    expect(bytes.byteLength).toBeGreaterThan(0);
  });

  it('an export that leaves every action out says what it asked for', async () => {
    const { text } = await exported(afterTheMeeting(), { agency: 'Probation' });
    expect(text).toContain('No actions of this plan match: Probation actions.');
  });

  it('reads back as the same plan when imported', async () => {
    const { bytes } = await exported(afterTheMeeting());
    const { draft } = await importPlanBuffer('plan.docx', bytes);
    expect(draft.actions.map((a) => [a.ref, a.rag])).toEqual(afterTheMeeting().actions.map((a) => [a.ref, a.rag]));
    expect(draft.versionRecord.map((v) => v.version)).toEqual(['V1', 'V2']);
  });
});

describe('hostile and unusual text', () => {
  function withText(text: string): PlanDocument {
    const doc = afterTheMeeting();
    doc.actions[0]!.text = text;
    doc.actions[0]!.updates[0]!.text = text;
    return doc;
  }

  it('strips characters XML cannot hold, so the document still opens', async () => {
    const { parts, text } = await exported(withText('Bell\u0007 form\u000Cfeed NUL\u0000 lone\uD800 half <script>&amp;'));
    expect(parts['word/document.xml']).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(text).toContain('Bell form feed NUL lone half <script>&amp;');
  });

  it('keeps emoji and right-to-left text, marking right-to-left paragraphs as such', async () => {
    const { parts, text } = await exported(withText('مراجعة الخطة مع الشركاء 👍🏽 done'));
    expect(text).toContain('مراجعة الخطة مع الشركاء 👍🏽 done');
    expect(parts['word/document.xml']).toContain('<w:bidi/>');
  });

  it('writes an action of 50,000 characters whole', async () => {
    const long = 'Partnership review of the referral pathway. '.repeat(1200).slice(0, 50_000);
    const { text } = await exported(withText(long));
    expect(text).toContain(long.trim());
  });
});

import { describe, expect, it } from 'vitest';
import { readTextExport } from '../../src/import/formats/text-export.js';
import type { ImportResult } from '../../src/import/import-report.js';
import { readPlan, type ReadPlanOptions } from '../../src/import/plan-reader.js';
import { DEFAULT_PLAN_SETTINGS } from '../../src/plan/plan.js';

/** A text export from lines: arrays are table rows (cells joined by tabs), strings are paragraphs. */
function read(lines: (string | string[])[], options?: ReadPlanOptions): ImportResult {
  const content = lines.map((l) => (Array.isArray(l) ? l.join('\t') : l)).join('\n');
  return readPlan(readTextExport('plan.txt', content), options);
}

function attempt(lines: (string | string[])[]): unknown {
  try {
    read(lines);
  } catch (err) {
    return err;
  }
  throw new Error('expected the document to be refused');
}

const HEADER = ['', 'Action', 'Lead', 'Timescale', 'Progress', 'RAG'];

describe('reading a plan document', () => {
  it('takes the first paragraph as the title, the lines before the first section as the description, and a RAG legend as the legend', () => {
    const { draft } = read(['Adults Board Plan 2024-25', 'This plan answers the 2023 review.', 'Key: Red – off track, Amber – at risk, Green – on track', 'Priority 1', HEADER, ['1.1', 'Audit', 'Jane Price', 'March 2025', '', 'Red']]);
    expect(draft.title).toBe('Adults Board Plan 2024-25');
    expect(draft.description).toBe('This plan answers the 2023 review.\n\nKey: Red – off track, Amber – at risk, Green – on track');
    expect(draft.ragLegend.map((l) => l.colour.toLowerCase())).toEqual(['red', 'amber', 'green']);
    expect(draft.actions[0]!.rag).toBe('Red');
  });

  it('uses a title it is given, keeping the document\'s own as the start of the description', () => {
    const { draft } = read(['Draft plan v3', 'Intro.', HEADER, ['1.1', 'Audit', 'Jane Price', 'March 2025', '', '']], { title: 'Adults Board Plan' });
    expect(draft.title).toBe('Adults Board Plan');
    expect(draft.description).toBe('Draft plan v3\n\nIntro.');
  });

  it('records the source only when told when the import happened, and starts from the default settings', () => {
    const lines = ['Plan', HEADER, ['1.1', 'Audit', 'Jane Price', 'March 2025', '', '']];
    expect(read(lines).draft.source).toBeNull();
    const { draft } = read(lines, { importedAt: '2025-01-06T09:00:00.000Z' });
    expect(draft.source).toEqual({ fileName: 'plan.txt', format: 'text-export', importedAt: '2025-01-06T09:00:00.000Z' });
    expect(draft).toMatchObject(DEFAULT_PLAN_SETTINGS);
  });

  it('reads the same blocks to the same plan every time', () => {
    const lines = ['Plan', HEADER, ['1.1', 'Audit', 'Jane Price', 'Sept 2103', 'Update 15/05/2013 - started', '●']];
    expect(read(lines)).toEqual(read(lines));
  });

  it('refuses a document with no table, saying what it expected', () => {
    expect(attempt(['Board minutes', 'Present: the chair'])).toMatchObject({
      code: 'import_no_plan_table',
      at: { file: 'plan.txt' },
      message: expect.stringMatching(/^plan\.txt: found no table of actions; expected .*Action.*Lead/),
    });
  });

  it('refuses a table with no header it recognises, naming its first row and the headers it expected', () => {
    expect(attempt(['Minutes', 'Contacts', ['Name', 'Phone', 'Email'], ['Jane', '0151', 'j@x']])).toMatchObject({
      code: 'import_no_header',
      at: { file: 'plan.txt', line: 3 },
      message: expect.stringMatching(/^plan\.txt, line 3: found a table but no header row .* expected a header with columns such as Ref \/ No\., Action, .*Lead \/ Owner/),
    });
  });

  it('refuses a cell with active content, naming the line and the column by its header', () => {
    expect(attempt(['Plan', HEADER, ['1.1', 'Audit', 'Jane', 'May', '<img src=x onerror="alert(1)">', '']])).toMatchObject({
      code: 'import_unsafe_content',
      at: { file: 'plan.txt', line: 3, column: 'Progress' },
    });
    expect(attempt(['Plan', HEADER, ['1.1', '<p>Audit</p><iframe src="https://example.org">', 'Jane', 'May', '', '']])).toMatchObject({ code: 'import_unsafe_content', at: { column: 'Action' } });
  });

  it('finds columns by the meaning of their headers, in any order, and says why for each', () => {
    const { draft, report } = read([
      'Plan',
      ['No.', 'Owner', 'Target date', 'Progress update', 'Status', 'What needs to happen', 'How will we know', 'Milestones'],
      ['1', 'Jane Price', '31/03/2025', 'June 24 - audit tool agreed', 'Amber', 'Audit case files', 'Files show outcomes', 'Q1 tool; Q2 audit'],
    ]);
    expect(report.tables[0]!.columns.map((c) => c.role)).toEqual(['ref', 'lead', 'timescale', 'updates', 'rag', 'action', 'outcome', null]);
    expect(report.tables[0]!.columns.every((c) => c.reason !== '')).toBe(true);
    expect(draft.actions[0]).toMatchObject({ ref: '1', text: 'Audit case files', outcome: 'Files show outcomes', leadsText: 'Jane Price', rag: 'Amber' });
    expect(report.unplaced).toEqual([expect.objectContaining({ message: 'text in a column the plan does not use', text: 'Q1 tool; Q2 audit' })]);
    expect(draft.unplacedText).toEqual(['Q1 tool; Q2 audit']);
  });

  it('reads a recommendation column beside the action column as the action\'s source', () => {
    const { draft, report } = read(['Plan', ['Ref', 'Recommendation', 'Action', 'Lead', 'Deadline'], ['R1', 'The board should audit referrals', 'Audit 20 referrals', 'Jane Price', 'May 2025']]);
    expect(report.tables[0]!.columns.map((c) => c.role)).toEqual(['ref', 'sources', 'action', 'lead', 'timescale']);
    expect(draft.actions[0]).toMatchObject({ text: 'Audit 20 referrals', sources: ['The board should audit referrals'] });
  });

  it('numbers the actions of a table that has no numbers column, section by section, and says so', () => {
    const { draft, report } = read([
      'Plan',
      'Objective 1: Making safeguarding personal',
      ['Action', 'Lead', 'Deadline'],
      ['Audit MSP outcomes', 'Jane Price', 'March 2025'],
      ['Train staff', 'Izzy Dougan', 'June 2025'],
      'Objective 2: Prevention',
      ['Action', 'Lead', 'Deadline'],
      ['Run an awareness week', 'Comms', 'Q3 2024/25'],
    ]);
    expect(draft.actions.map((a) => [a.ref, a.sectionIndex, a.text])).toEqual([
      ['1.1', 0, 'Audit MSP outcomes'],
      ['1.2', 0, 'Train staff'],
      ['2.1', 1, 'Run an awareness week'],
    ]);
    expect(report.notes.map((n) => n.message)).toContain('the table has no numbers column; it was given ref 1.1');
  });

  it('reads every row as an action where the numbers column was left empty throughout', () => {
    const { draft } = read(['Plan', HEADER, ['', 'Audit', 'Jane Price', 'March 2025', '', ''], ['', 'Train', 'Izzy Dougan', 'June 2025', '', ''], ['', 'Report', 'Jane Price', 'July 2025', '', '']]);
    expect(draft.actions.map((a) => [a.ref, a.parentRef, a.text])).toEqual([
      ['1', null, 'Audit'],
      ['2', null, 'Train'],
      ['3', null, 'Report'],
    ]);
  });

  it('starts sections at headings between tables and at heading rows inside them, with the row after as description', () => {
    const { draft } = read([
      'Plan',
      '1. Partnerships',
      'The LSCB must be informed.',
      HEADER,
      ['1.1', 'Agree a protocol', 'PCSG', 'End 2012', '', ''],
      ['2. LSCB Strategy:', '', '', '', '', ''],
      ['The LSCB must have a strategy.', '', '', '', '', ''],
      ['2.1', 'Write the strategy', 'PCSG', 'End 2012', '', ''],
    ]);
    expect(draft.sections).toEqual([
      { number: '1', label: null, title: 'Partnerships', description: 'The LSCB must be informed.' },
      { number: '2', label: null, title: 'LSCB Strategy', description: 'The LSCB must have a strategy.' },
    ]);
    expect(draft.actions.map((a) => [a.ref, a.sectionIndex])).toEqual([
      ['1.1', 0],
      ['2.1', 1],
    ]);
  });

  it('keeps a version record as the plan\'s history, wherever it stands, and not as a section or title', () => {
    const { draft } = read([
      'Version control',
      ['Version', 'Date', 'Author', 'Changes'],
      ['0.1', '03/01/2025', 'J Price', 'First draft'],
      'Adults Board Plan',
      HEADER,
      ['1.1', 'Audit', 'Jane Price', 'March 2025', '', ''],
    ]);
    expect(draft.title).toBe('Adults Board Plan');
    expect(draft.versionRecord).toEqual([{ version: '0.1', date: '2025-01-03', author: 'J Price', description: 'First draft', cells: { Version: '0.1', Date: '03/01/2025', Author: 'J Price', Changes: 'First draft' } }]);
    expect(draft.sections.map((s) => s.title)).toEqual(['Actions']);
  });

  it('skips a header repeated after a page break, and records a table with different columns as a new mapping', () => {
    const { draft, report } = read([
      'Plan',
      HEADER,
      ['1.1', 'Audit', 'Jane Price', 'March 2025', '', ''],
      'Page 2 of 3',
      HEADER,
      ['1.2', 'Train', 'Izzy Dougan', 'June 2025', '', ''],
      '2. Data',
      ['Ref', 'Action', 'Owner', 'Due'],
      ['2.1', 'Collect data', 'Analyst', 'July 2025'],
    ]);
    expect(report.furniture).toEqual([
      { text: 'Page 2 of 3', count: 1 },
      { text: '(repeated header row)', count: 1 },
    ]);
    expect(report.tables.map((t) => t.at.line)).toEqual([2, 8]);
    expect(draft.actions.map((a) => a.ref)).toEqual(['1.1', '1.2', '2.1']);
  });

  it('keeps apart two actions written with the same ref, and says so', () => {
    const { draft, report } = read(['Plan', HEADER, ['1.1', 'Audit', 'Jane', 'May 2025', '', ''], ['1.1', 'Train', 'Izzy', 'June 2025', '', '']]);
    expect(draft.actions.map((a) => a.ref)).toEqual(['1.1', '1.1-2']);
    expect(report.notes.map((n) => n.message)).toContain('ref 1.1 is used 2 times in the document; this one is stored as 1.1-2');
  });

  it('keeps what it cannot place in the report and the plan, with why', () => {
    const { draft, report } = read([
      'Plan',
      ['Contacts', 'Jane 0151'],
      HEADER,
      ['1.1', 'Audit', 'Jane', 'May 2025', '', ''],
      ['Actions below were agreed at the March meeting', '', '', '', '', ''],
      'A note typed between the tables.',
      ['1.2', 'Train', 'Izzy', 'June 2025', '', ''],
    ]);
    expect(report.unplaced.map((u) => [u.at.line, u.text])).toEqual([
      [2, 'Contacts | Jane 0151'],
      [5, 'Actions below were agreed at the March meeting'],
      [6, 'A note typed between the tables.'],
    ]);
    expect(draft.unplacedText).toEqual(report.unplaced.map((u) => u.text));
    expect(draft.actions.map((a) => a.text)).toEqual(['Audit', 'Train']);
  });

  it('records a duplicate only when it names another action of the plan', () => {
    const { draft, report } = read([
      'Plan',
      HEADER,
      ['1.1', 'Audit', 'Jane', 'May 2025', 'This is the same as 2013 levels.', ''],
      ['1.2', 'Audit again', 'Jane', 'May 2025', 'This action duplicates 1.1.', ''],
    ]);
    expect(draft.actions.map((a) => a.duplicateOf)).toEqual([null, '1.1']);
    expect(report.notes.map((n) => n.message)).toContain('the text says it duplicates 2013, which is not another action of this plan; not recorded as a duplicate');
  });

  it('counts sections, actions and updates in the report', () => {
    const { report } = read(['Plan', HEADER, ['1.1', 'Audit', 'Jane', 'May 2025', '<p>Jan 25 - started</p><p>Feb 25 - done</p>', '']]);
    expect(report).toMatchObject({ fileName: 'plan.txt', format: 'text-export', sectionCount: 1, actionCount: 1, updateCount: 2 });
  });
});

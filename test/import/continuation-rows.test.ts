import { describe, expect, it } from 'vitest';
import { readTextExport } from '../../src/import/formats/text-export.js';
import type { ImportResult } from '../../src/import/import-report.js';
import { readPlan } from '../../src/import/plan-reader.js';
import type { ActionDraft } from '../../src/plan/plan.js';

const HEADER = ['', 'Action', 'Outcome', 'Lead', 'Timescale', 'Progress', 'RAG'];
const PAGE_END = 'Appendix 3';

/** A text export from lines: arrays are table rows, strings paragraphs; the page footer is repeated so it reads as furniture. */
function read(lines: (string | string[])[]): ImportResult & { action: (ref: string) => ActionDraft } {
  const content = ['Plan 2013', PAGE_END, HEADER, ...lines].map((l) => (Array.isArray(l) ? l.join('\t') : l)).join('\n');
  const result = readPlan(readTextExport('plan.txt', content));
  return { ...result, action: (ref) => result.draft.actions.find((a) => a.ref === ref) ?? expect.fail(`no action ${ref}`) };
}

describe('rows without a number', () => {
  it('reads an unnumbered row with its own lead, timescale or RAG as a sub-action of the numbered row above', () => {
    const { draft } = read([
      ['5.1', 'Review partnership data, which will;', 'Accurate data', 'PCSG', 'Sept 2013', 'Collection is hard.', '●'],
      ['', 'map the needs of the area;', '', '', '', 'Still a risk.', '●'],
      ['', 'include data on missing children', '', 'Analyst', '', '', ''],
    ]);
    expect(draft.actions.map((a) => [a.ref, a.parentRef, a.text])).toEqual([
      ['5.1', null, 'Review partnership data, which will;'],
      ['5.1a', '5.1', 'map the needs of the area;'],
      ['5.1b', '5.1', 'include data on missing children'],
    ]);
  });

  it('gives a sub-action its parent\'s lead and timescale when it has none, and says so', () => {
    const { action, report } = read([
      ['5.1', 'Review data', '', 'PCSG', 'Sept 2013', '', '●'],
      ['', 'map the needs', '', '', '', '', '●'],
    ]);
    expect(action('5.1a')).toMatchObject({ leadsText: 'PCSG', timescale: { asWritten: 'Sept 2013' } });
    expect(report.notes.map((n) => n.message)).toEqual(expect.arrayContaining(["sub-action 5.1a has no lead of its own; it takes 5.1's", "sub-action 5.1a has no timescale of its own; it takes 5.1's"]));
  });

  it('joins a row with no lead, timescale or RAG to its group cell by cell: each cell to the nearest row above with text in that column', () => {
    const { action, report } = read([
      ['5.1', 'Review data', 'Accurate data', 'PCSG', 'Sept 2013', 'Collection presents challenges.', '●'],
      ['', 'map the needs of the area', '', '', '', 'Changes have been or are being made to CAVA. Further changes', '●'],
      ['', 'Include data so the links are understood and', '', '', '', '', '●'],
      PAGE_END,
      ['', 'identified', '', '', '', 'are being made to allow multiple flags.', ''],
    ]);
    expect(action('5.1b').text).toBe('Include data so the links are understood and identified');
    expect(action('5.1a').updates.map((u) => u.text).join(' ')).toMatch(/Further changes are being made to allow multiple flags\.$/);
    expect(action('5.1').updates.map((u) => u.text)).toEqual(['Collection presents challenges.']);
    expect(report.notes.find((n) => n.at.line === 8)?.message).toMatch(/^row continues 5\.1b and 5\.1a \(after a page break, its cells read on from the text above\)/);
  });

  it('sends continued text in a column no row of the group has to the group\'s last row', () => {
    const { action } = read([
      ['5.5', 'Adopt a recording method', 'Better data', 'PCSG', '', 'Reviewing options.', '●'],
      PAGE_END,
      ['', '', '', '', 'Sept 2013', '', ''],
    ]);
    expect(action('5.5').timescale.asWritten).toBe('Sept 2013');
  });

  it('goes on with a cut sentence in the same paragraph, and starts a new paragraph after a finished one', () => {
    const { action } = read([
      ['1.2', 'Identify support services', 'To scope provision.', 'PCSG', 'April 2013', 'Services identified, although these cover', '●'],
      PAGE_END,
      ['', '', 'Ensure witness intimidation is investigated', '', '', 'different ages.', ''],
    ]);
    expect(action('1.2').outcome).toBe('To scope provision.\n\nEnsure witness intimidation is investigated');
    expect(action('1.2').updates.map((u) => u.text)).toEqual(['Services identified, although these cover different ages.']);
  });

  it('reads a row after a page break that finishes cut text as a continuation, even with a timescale cell of its own', () => {
    const { draft, action, report } = read([
      ['4.2', 'Ensure schools raise awareness', 'Messages embedded', 'Nigel Wenham', 'Update July 2013', 'Group agreed a task group.', '●'],
      ['', 'Highlight the importance of preventing people becoming involved in', 'Links built', 'Nigel Wenham', 'Update July', 'Group was unanimous that', '●'],
      PAGE_END,
      ['', 'prostitution.', '', '', '2013', 'this should be taken forward.', ''],
    ]);
    expect(draft.actions.map((a) => a.ref)).toEqual(['4.2', '4.2a']);
    expect(action('4.2a')).toMatchObject({ text: 'Highlight the importance of preventing people becoming involved in prostitution.', timescale: { asWritten: 'Update July 2013' } });
    expect(action('4.2a').updates.map((u) => u.text)).toEqual(['Group was unanimous that this should be taken forward.']);
    expect(report.notes.map((n) => n.message)).toContain('row continues 4.2a (after a page break, its cells read on from the text above); each cell was joined to the text above it');
  });

  it('reads the same kind of row as a sub-action where the text above was finished', () => {
    const { draft } = read([
      ['4.2', 'Ensure schools raise awareness.', 'Messages embedded.', 'Nigel Wenham', 'July 2013', 'Group agreed a task group.', '●'],
      PAGE_END,
      ['', 'Raise awareness through ThinkUKnow.', '', 'Nigel Wenham', 'July 2013', 'Planned.', '●'],
    ]);
    expect(draft.actions.map((a) => [a.ref, a.text])).toEqual([
      ['4.2', 'Ensure schools raise awareness.'],
      ['4.2a', 'Raise awareness through ThinkUKnow.'],
    ]);
  });

  it('never runs text on from one section into the next', () => {
    const { draft, report } = read([
      ['1.1', 'Agree a protocol', 'One protocol', 'PCSG', 'End 2012', 'Agreed by all', '●'],
      '2. Strategy',
      ['', '', '', '', '', 'Strategy drafted.', ''],
    ]);
    expect(draft.actions.map((a) => [a.ref, a.sectionIndex])).toEqual([
      ['1.1', 0],
      ['2.1', 1],
    ]);
    expect(draft.actions[0]!.updates.map((u) => u.text)).toEqual(['Agreed by all']);
    expect(report.notes.map((n) => n.message)).toContain('the row has no number and no numbered action above it in its section; it was given ref 2.1');
  });
});

describe('a RAG colour lost in the export', () => {
  it('is taken from the latest update when that update states it, and the note says so', () => {
    const { action } = read([['2.1', 'Develop a strategy', '', 'PCSG', 'End 2012', '<p>Strategy agreed (Updated PCSG 10/02/13)</p><p>Update 15/05/2013 - Status of this action changed to Amber</p>', '●']]);
    expect(action('2.1').rag).toBe('Amber');
    expect(action('2.1').ragNote).toMatch(/^colour lost in the export \(shown as ●\); Amber taken from the latest update, which states it$/);
  });

  it('stays Not set when only an older update states a status', () => {
    const { action } = read([['2.1', 'Develop a strategy', '', 'PCSG', 'End 2012', '<p>Update 10/02/2013 - Status changed to Green</p><p>Update 15/05/2013 - to be reviewed in July</p>', '●']]);
    expect(action('2.1')).toMatchObject({ rag: 'Not set', ragNote: 'colour lost in the export (shown as ●)' });
  });

  it('is not guessed from the updates where the RAG cell was simply left empty', () => {
    const { action } = read([['2.1', 'Develop a strategy', '', 'PCSG', 'End 2012', 'Update 15/05/2013 - Status changed to Amber', '']]);
    expect(action('2.1')).toMatchObject({ rag: 'Not set', ragNote: null });
  });
});

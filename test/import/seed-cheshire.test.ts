import { describe, expect, it } from 'vitest';
import { CHESHIRE, sampleWithLookup } from './seed-plans.js';

const { draft, report, action } = sampleWithLookup(CHESHIRE);

describe('reading the Pan Cheshire plan (text export)', () => {
  it('finds its six numbered sections with their descriptions', () => {
    expect(draft.sections.map((s) => [s.number, s.title])).toEqual([
      ['1', 'Multi Agency Partnerships'],
      ['2', 'LSCB Strategy'],
      ['3', 'Training of Frontline Staff'],
      ['4', 'Awareness (These actions to be taken forward supported by a Task and Finish Group)'],
      ['5', 'Data Collection'],
      ['6', 'Strategic Pan Cheshire CSE Meeting'],
    ]);
    expect(draft.sections[1]!.description).toBe('The LSCB must ensure a strategy is in place that provides a long term vision and aim in relation to CSE.');
  });

  it('finds every action, with the unnumbered rows under 4.2 and 5.1 as sub-actions', () => {
    expect(draft.actions.map((a) => a.ref)).toEqual([
      '1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '2.1', '2.2', '3.1', '3.2', '3.3', '3.4',
      '4.1', '4.2', '4.2a', '4.2b', '4.2c', '4.3', '4.6', '5.1', '5.1a', '5.1b', '5.2', '5.3', '5.4', '5.5', '5.6', '6.1',
    ]);
    expect(action('4.2b')).toMatchObject({ parentRef: '4.2', leadsText: 'Nigel Wenham', sectionIndex: 3 });
    expect(action('4.2b').text).toMatch(/^Highlight the importance .* involved in prostitution\.$/);
    expect(action('4.2b').timescale.asWritten).toBe('Update July 2013');
  });

  it('skips page furniture and rule lines, and says how often', () => {
    expect(report.furniture).toEqual([
      { text: 'Appendix 3', count: 18 },
      { text: '(rule line)', count: 7 },
      { text: 'DRAFT', count: 2 },
    ]);
  });

  it('maps its one header, written again over each section\'s table, by meaning', () => {
    expect(report.tables).toHaveLength(1);
    expect(report.tables[0]!.at).toEqual({ file: CHESHIRE, line: 17 });
    expect(report.tables[0]!.columns.map((c) => [c.header, c.role])).toEqual([
      ['', 'ref'],
      ['Action', 'action'],
      ['Anticipated Outcomes', 'outcome'],
      ['Lead', 'lead'],
      ['Timescales', 'timescale'],
      ['Updates / Comment', 'updates'],
      ['RAG', 'rag'],
    ]);
    expect(report.tables[0]!.columns[0]!.reason).toBe('blank header over the first column: the action numbers');
  });

  it('joins rows broken across pages back onto their action, cell by cell', () => {
    expect(action('1.2').outcome).toContain('Ensure witness intimidation and acts of interference are robustly investigated');
    expect(action('3.3').leadsText).toBe('CP Training and Development (Nigel Reid)\nLSCB training Managers');
    expect(action('3.3').leads.map((l) => l.name)).toEqual(['Nigel Reid', 'LSCB training Managers']);
    expect(action('5.5').timescale.asWritten).toBe('Sept 2103');
    expect(action('5.5').timescale.reading).toMatchObject({ kind: 'due' });
    // 5.1's row breaks after its two sub-actions: the action text goes on in 5.1b, the progress in 5.1a.
    expect(action('5.1b').text).toMatch(/are understood and identified$/);
    expect(action('5.1b').sources).toEqual(['ACPO 5.4', 'DOE Action Plan']);
    expect(action('5.1a').updates.map((u) => u.text).join(' ')).toContain('Further changes are being made to CAVA to allow multiple flags.');
    expect(action('5.1b').updates).toEqual([]);
    // A cut sentence goes on in the same paragraph; a finished one is followed by a new paragraph.
    expect(action('1.2').outcome.split('\n\n')).toHaveLength(2);
    expect(action('6.1').text).toBe('Undertake a review of the current Strategic Partnership Group, including ;\n\nMembership Agreed priorities and work plan.');
  });

  it('reads a row after a page break that finishes cut text as a continuation, even with a timescale cell', () => {
    expect(action('4.2b').timescale.asWritten).toBe('Update July 2013');
    expect(action('4.2b').timescale.reading).toMatchObject({ kind: 'due', due: '2013-07-31' });
    expect(action('4.2b').outcome).toMatch(/raise awareness of Child Sexual Exploitation in line with the agreed narrative at a local level$/);
    expect(action('4.2b').updates.map((u) => u.date)).toEqual(['2013-02-10', '2013-05-15']);
  });

  it('says in the report which rows it joined and which it read as sub-actions', () => {
    const at = (line: number) => report.notes.filter((n) => n.at.line === line).map((n) => n.message);
    expect(at(98)).toEqual([expect.stringMatching(/^row continues 4\.2b \(after a page break/)]);
    expect(at(123)).toContainEqual(expect.stringMatching(/^row continues 5\.1b and 5\.1a/));
    expect(at(77)).toEqual([expect.stringMatching(/^row continues 3\.4 \(it has no number, lead, timescale or RAG of its own\)/)]);
    expect(at(93)).toEqual(['an unnumbered row with a lead, a timescale and a RAG of its own under 4.2: read as sub-action 4.2a']);
    expect(at(118)).toContain('an unnumbered row with a RAG of its own under 5.1: read as sub-action 5.1a');
  });

  it('gives sub-actions without a lead or timescale of their own their parent\'s', () => {
    expect(action('5.1a')).toMatchObject({ parentRef: '5.1', leadsText: 'PCSG', timescale: { asWritten: 'Sept 2103' } });
    expect(report.notes.map((n) => n.message)).toContain("sub-action 5.1b has no lead of its own; it takes 5.1's");
  });

  it('counts what it read: 6 sections, 28 actions, 51 updates, nothing unplaced', () => {
    expect([report.sectionCount, report.actionCount, report.updateCount, report.unplaced.length]).toEqual([6, 28, 51, 0]);
    expect(report.updateCount).toBe(draft.actions.reduce((n, a) => n + a.updates.length, 0));
  });

  it('splits the update history on its closing notes and dated openers', () => {
    const updates = action('1.4').updates;
    expect(updates.map((u) => [u.date, u.dateSource, u.author])).toEqual([
      ['2013-02-10', 'closing-note', 'PCSG'],
      ['2013-05-15', 'stated', null],
    ]);
    expect(updates[1]!.text).toContain('target date for the One minute guide to be published on all LSCB website by mid June');
    expect(updates[1]!.text).toMatch(/possibly July 2013\.$/);
    expect(action('1.6').updates.map((u) => [u.date, u.author])).toEqual([
      ['2013-02-10', 'PCSG'],
      ['2013-05-15', 'DCI Wenham'],
    ]);
  });

  it('flags "Sept 2103" as a likely typo for 2013 without changing it', () => {
    for (const ref of ['5.1', '5.3', '5.4', '5.5', '5.6']) {
      const t = action(ref).timescale;
      expect(t.asWritten).toBe('Sept 2103');
      expect(t.reading).toMatchObject({ kind: 'due', due: '2103-09-30' });
      expect(t.flag).toMatchObject({ suggestion: 'Sept 2013', suggestedDue: '2013-09-30' });
    }
    expect(report.notes.filter((n) => n.message.includes('2103')).length).toBeGreaterThanOrEqual(5);
  });

  it('keeps the lost RAG colours as Not set with a note, unless an update states the status', () => {
    expect(action('1.1')).toMatchObject({ rag: 'Not set' });
    expect(action('1.1').ragNote).toContain('●');
    expect(action('2.1').rag).toBe('Amber');
    expect(action('2.1').ragNote).toContain('Amber taken from the latest update');
    expect(action('2.1').updates.at(-1)!.text).toMatch(/Status of this action changed to Amber$/);
    expect(action('2.2')).toMatchObject({ rag: 'Complete' });
    expect(action('2.2').updates.at(-1)!.text).toContain('this action will be shown as Green/closed');
  });

  it('reads sources out of the action text and notices the actions that say they duplicate another', () => {
    expect(action('1.2').sources).toEqual(['ACPO 2.4']);
    expect(action('1.4').sources).toEqual(['OCC Interim Report Recommendation 1']);
    expect(action('1.5').duplicateOf).toBe('1.1');
    expect(action('5.2').duplicateOf).toBe('5.1');
    expect(draft.actions.filter((a) => a.duplicateOf !== null).map((a) => a.ref)).toEqual(['1.5', '5.2']);
  });

  it('reads leads that are groups and people, with roles in brackets', () => {
    expect(action('1.1').leads).toEqual([{ name: 'Pan Cheshire Group', kind: 'group', role: 'PCSG' }]);
    expect(action('1.6').leads).toEqual([{ name: 'DCI Wenham', kind: 'person', role: null }]);
    expect(action('1.3').leads.map((l) => [l.name, l.kind])).toEqual([
      ["LSCB's", 'group'],
      ['SPPU – DCI', 'group'],
    ]);
  });

  it('keeps the version control record as the plan history, not as a section', () => {
    expect(draft.versionRecord.map((v) => [v.version, v.date, v.author])).toEqual([
      ['V02', '2013-02-11', 'DI Tasker'],
      ['V03', '2013-05-15', null],
    ]);
    expect(draft.versionRecord[0]!.description).toContain('Version circulated to PCSG following meeting 10/02/13');
  });

  it('takes the title and the introduction from the text before the first section', () => {
    expect(draft.title).toBe('Pan Cheshire Child Sexual Exploitation Local Safeguarding Children Board Action Plan');
    expect(draft.description).toContain('ACPO CSE Plan');
    expect(draft.unplacedText).toEqual([]);
  });
});

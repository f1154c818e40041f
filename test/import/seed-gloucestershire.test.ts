import { describe, expect, it } from 'vitest';
import { GLOUCESTERSHIRE, sampleWithLookup } from './seed-plans.js';

const { draft, report, action } = sampleWithLookup(GLOUCESTERSHIRE);

describe('reading the Gloucestershire plan (text export)', () => {
  it('finds five priorities, titled from the line after each heading', () => {
    expect(draft.sections.map((s) => [s.number, s.title])).toEqual([
      ['1', 'Prevention, awareness raising and public confidence'],
      ['2', 'Early Identification and Protection'],
      ['3', 'Bringing perpetrators to justice'],
      ['4', 'Intervention and Support to young people and their families'],
      ['5', 'Governance, intelligence gathering and performance monitoring'],
    ]);
    expect(draft.sections[0]!.description).toMatch(/^All partners will ensure/);
    expect(draft.sections.every((s) => s.label === 'Priority')).toBe(true);
  });

  it('finds all 47 actions in order, with "New" as a marker rather than part of the ref', () => {
    const expected = [
      ...Array.from({ length: 18 }, (_, i) => `1.${i + 1}`),
      ...Array.from({ length: 8 }, (_, i) => `2.${i + 1}`),
      ...Array.from({ length: 8 }, (_, i) => `3.${i + 1}`),
      ...Array.from({ length: 5 }, (_, i) => `4.${i + 1}`),
      ...Array.from({ length: 8 }, (_, i) => `5.${i + 1}`),
    ];
    expect(draft.actions.map((a) => a.ref)).toEqual(expected);
    expect(action('1.17').markers).toEqual(['New']);
    expect(action('1.18').markers).toEqual(['New']);
  });

  it('maps its long header names to their columns by meaning', () => {
    const columns = report.tables[0]!.columns;
    expect(columns.map((c) => c.role)).toEqual(['ref', 'outcome', 'action', 'lead', 'timescale', 'updates']);
    expect(columns[2]!.header).toBe('Action: activity that needs to take place to achieve Desired Outcome');
    // Priority 5 writes "completed by": a second mapping, read the same way.
    expect(report.tables.map((t) => t.at.line)).toEqual([15, 104]);
    expect(report.tables[1]!.columns.map((c) => c.role)).toEqual(columns.map((c) => c.role));
  });

  it('takes the title, the introduction and the legend from the lines before the first priority', () => {
    expect(draft.title).toBe('Gloucestershire Multi-agency Child Sexual Exploitation (CSE) Action Plan 2017-2018');
    expect(draft.description.split('\n\n')).toEqual([
      'Please note that this is a live document and subject to regular updates',
      'RAG: RED – at risk (high) AMBER – at risk (moderate) GREEN – complete',
      'Purple notes updates are required.',
    ]);
  });

  it('counts what it read: 5 priorities, 47 actions, 83 updates, nothing unplaced', () => {
    expect([report.sectionCount, report.actionCount, report.updateCount, report.unplaced.length]).toEqual([5, 47, 83, 0]);
  });

  it('reads the RAG legend, purple included', () => {
    expect(draft.ragLegend.map((l) => [l.colour.toLowerCase(), l.meaning])).toEqual([
      ['red', 'at risk (high)'],
      ['amber', 'at risk (moderate)'],
      ['green', 'complete'],
      ['purple', 'updates are required'],
    ]);
  });

  it('splits leads joined with "/" and collapses a doubled surname', () => {
    expect(action('1.9').leads.map((l) => l.name)).toEqual(['Louise West', 'Dawn Porter']);
    expect(action('1.9').leadsText).toBe('Louise West West/Dawn Porter');
    expect(action('5.2').leads).toEqual([{ name: 'All Steering group leads', kind: 'group', role: null }]);
  });

  it('dates progress entries by month without inventing a day', () => {
    expect(action('1.16').updates.map((u) => u.date)).toEqual([null, '2017-06', '2017-08', '2017-10']);
    expect(action('4.1').updates.map((u) => u.date)).toEqual(['2016-11', '2017-06', '2018-02']);
    expect(action('3.7').updates.map((u) => [u.date, u.dateSource])).toEqual([
      [null, 'none'],
      ['2017-07-19', 'in-text'],
    ]);
  });

  it('reads every kind of timescale the plan uses beside its words', () => {
    const kinds = Object.fromEntries(draft.actions.map((a) => [a.ref, a.timescale.reading.kind]));
    expect(kinds).toMatchObject({ '1.1': 'completed', '1.3': 'completed', '1.10': 'ongoing', '1.11': 'recurring', '1.17': 'ongoing', '2.5': 'due', '4.2': 'ongoing', '5.1': 'recurring', '5.3': 'recurring' });
    expect(action('1.14').timescale.reading).toMatchObject({ kind: 'due', due: '2017-10-31' });
    expect(action('2.5').timescale.reading).toMatchObject({ kind: 'due', due: '2017-03-31' });
    expect(action('5.8').timescale.reading).toMatchObject({ kind: 'ongoing', reviewBy: '2017-12-31' });
  });

  it('places the rows continued after "GSC - Official" page breaks', () => {
    expect(report.furniture).toEqual([
      { text: 'GSC - Official', count: 8 },
      { text: '(repeated header row)', count: 3 },
      { text: '(rule line)', count: 1 },
    ]);
    expect(action('1.5').updates.map((u) => u.text).join(' ')).toContain('about internet safety and grooming');
    expect(action('2.7').updates.map((u) => u.text).join(' ')).toContain('experience the highest number of missing episodes');
    expect(draft.versionRecord).toEqual([]);
    expect(draft.unplacedText).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, readFilter, toActionFilter, writeFilter } from './tab-filter.js';

describe('tab filter in the URL', () => {
  it('reads every filter from the query string the API also understands', () => {
    const filter = readFilter('?lead=Louise%20West&section=2&rag=Red,Amber&overdue=true&dueBefore=2018-03-31&changedSince=2018-02-01&q=taxi');
    expect(filter).toEqual({
      lead: 'Louise West',
      section: '2',
      rag: ['Red', 'Amber'],
      overdue: true,
      dueBefore: '2018-03-31',
      changedSince: '2018-02-01',
      q: 'taxi',
    });
  });

  it('ignores what makes no sense in a shared link: a bad date, an unknown RAG, overdue other than true', () => {
    expect(readFilter('?dueBefore=31/03/2018&changedSince=2018-02-30&rag=purple,amber&overdue=yes')).toEqual({ ...EMPTY_FILTER, rag: ['Amber'] });
  });

  it('writes RAG values in their fixed order and leaves out empty filters', () => {
    const params = writeFilter({ ...EMPTY_FILTER, rag: ['Amber', 'Red'], lead: 'DCI Wenham', q: '  ' });
    expect(params.toString()).toBe('lead=DCI+Wenham&rag=Amber%2CRed');
  });

  it('keeps parameters that are not filters, such as the theme', () => {
    const params = writeFilter({ ...EMPTY_FILTER, overdue: true }, '?theme=dark&lead=old');
    expect(params.get('theme')).toBe('dark');
    expect(params.get('lead')).toBeNull();
    expect(params.get('overdue')).toBe('true');
  });

  it('round-trips through the URL unchanged', () => {
    const filter = { lead: 'LSCB training Managers', section: '3', rag: ['Red' as const], overdue: true, dueBefore: '2018-06-30', changedSince: '', q: 'CSE & missing' };
    expect(readFilter(writeFilter(filter))).toEqual(filter);
  });

  it('becomes the domain filter with the plan’s today, the search as free text', () => {
    expect(toActionFilter({ ...EMPTY_FILTER, q: 'taxi', overdue: true }, '2018-03-01')).toEqual({ today: '2018-03-01', text: 'taxi', overdue: true });
  });
});

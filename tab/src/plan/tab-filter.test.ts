import { describe, expect, it } from 'vitest';
import { activeFilterCount, EMPTY_FILTER, PICKING_PARAMS, readDueBy, readFilter, toActionFilter, writeFilter } from './tab-filter.js';

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
      order: 'plan',
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
    const filter = { lead: 'LSCB training Managers', section: '3', rag: ['Red' as const], overdue: true, dueBefore: '2018-06-30', changedSince: '', q: 'CSE & missing', order: 'most-overdue' as const };
    expect(readFilter(writeFilter(filter))).toEqual(filter);
  });

  it('keeps the list’s order in the URL by the API’s names, plan order by default and for a name it does not know', () => {
    expect(readFilter('?order=most-overdue').order).toBe('most-overdue');
    expect(readFilter('?order=last-update').order).toBe('last-update');
    expect(readFilter('?order=worst').order).toBe('plan');
    expect(writeFilter({ ...EMPTY_FILTER, order: 'due' }).toString()).toBe('order=due');
    expect(writeFilter(EMPTY_FILTER).toString()).toBe('');
  });

  it('does not count the order as a filter, nor send it to the domain’s filter: it picks no action', () => {
    expect(activeFilterCount({ ...EMPTY_FILTER, order: 'rag' })).toBe(0);
    expect(toActionFilter({ ...EMPTY_FILTER, order: 'rag' }, '2018-03-01')).toEqual({ today: '2018-03-01' });
  });

  it('becomes the domain filter with the plan’s today, the search as free text', () => {
    expect(toActionFilter({ ...EMPTY_FILTER, q: 'taxi', overdue: true }, '2018-03-01')).toEqual({ today: '2018-03-01', text: 'taxi', overdue: true });
  });
});

describe('the stage’s “due by” day in the URL', () => {
  it('reads a day, and nothing from a value that is not one', () => {
    expect(readDueBy('?dueBy=2018-03-12')).toBe('2018-03-12');
    expect(readDueBy('?dueBy=12/03/2018')).toBeNull();
    expect(readDueBy('')).toBeNull();
  });

  it('is not part of the plan view’s filter, so a plan view given it picks nothing by it', () => {
    expect(readFilter('?dueBy=2018-03-12')).toEqual(EMPTY_FILTER);
  });

  it('is among the parameters a new list replaces, with every filter but the order', () => {
    expect([...PICKING_PARAMS].sort()).toEqual(['changedSince', 'dueBefore', 'dueBy', 'lead', 'overdue', 'q', 'rag', 'section']);
  });
});

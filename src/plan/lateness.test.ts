import { describe, expect, it } from 'vitest';
import { describeLateness, daysOverdue, lateness } from './lateness.js';
import type { Timescale } from './timescale.js';

const due = (day: string): Timescale => ({ asWritten: day, reading: { kind: 'due', due: day, period: day, note: null }, flag: null });
const completed: Timescale = { asWritten: 'Completed March 2018', reading: { kind: 'completed', on: '2018-03', note: null }, flag: null };

describe('lateness: overdue means late and open', () => {
  it('counts the days an open action is late', () => {
    expect(lateness({ rag: 'Amber', timescale: due('2018-01-21') }, '2018-03-02')).toEqual({ state: 'overdue', days: 40, due: '2018-01-21' });
    expect(describeLateness(lateness({ rag: 'Amber', timescale: due('2018-01-21') }, '2018-03-02'))).toBe('overdue by 40 days');
    expect(describeLateness(lateness({ rag: 'Red', timescale: due('2018-03-01') }, '2018-03-02'))).toBe('overdue by 1 day');
  });

  it('never calls a closed action late, by its RAG or its timescale', () => {
    expect(lateness({ rag: 'Complete', timescale: due('2017-01-31') }, '2018-03-02')).toEqual({ state: 'closed' });
    expect(daysOverdue({ rag: 'Not set', timescale: completed }, '2018-03-02')).toBeNull();
  });

  it('says when an action is due soon, today, or has no date', () => {
    expect(describeLateness(lateness({ rag: 'Green', timescale: due('2018-03-05') }, '2018-03-02'))).toBe('due in 3 days');
    expect(describeLateness(lateness({ rag: 'Green', timescale: due('2018-03-02') }, '2018-03-02'))).toBe('due today');
    expect(lateness({ rag: 'Green', timescale: due('2018-12-31') }, '2018-03-02')).toEqual({ state: 'on-track' });
    expect(lateness({ rag: 'Green', timescale: { asWritten: 'Ongoing', reading: { kind: 'ongoing', from: null, reviewBy: null, note: null }, flag: null } }, '2018-03-02').state).toBe('no-date');
  });
});

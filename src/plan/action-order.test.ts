import { describe, expect, it } from 'vitest';
import { sortActions } from './action-order.js';
import type { Rag } from './rag.js';
import type { Timescale } from './timescale.js';

const due = (day: string): Timescale => ({ asWritten: day, reading: { kind: 'due', due: day, period: day, note: null }, flag: null });
const undated: Timescale = { asWritten: 'Ongoing', reading: { kind: 'ongoing', from: null, reviewBy: null, note: null }, flag: null };
const a = (ref: string, order: number, rag: Rag, timescale: Timescale, lastUpdated: string | null) => ({ ref, order, rag, timescale, lastUpdated });

const actions = [
  a('1', 0, 'Green', due('2018-01-31'), '2018-02'),
  a('2', 1, 'Red', due('2017-10-31'), '2017-11-20'),
  a('3', 2, 'Complete', due('2017-06-30'), null),
  a('4', 3, 'Amber', undated, '2018-02-14'),
  a('5', 4, 'Not set', due('2018-06-30'), '2017'),
];
const refs = (order: Parameters<typeof sortActions>[1]) => sortActions(actions, order, '2018-03-01').map((x) => x.ref);

describe('the orders a plan can be listed in', () => {
  it('puts the most overdue first; closed and not-late actions after, in plan order', () => {
    expect(refs('most-overdue')).toEqual(['2', '1', '3', '4', '5']);
  });
  it('sorts by due date, undated last', () => {
    expect(refs('due')).toEqual(['3', '2', '1', '5', '4']);
  });
  it('puts red and amber first', () => {
    expect(refs('rag')).toEqual(['2', '4', '5', '1', '3']);
  });
  it('puts the most recently updated first, a day within a month after the month, never-updated last', () => {
    expect(refs('last-update')).toEqual(['4', '1', '2', '5', '3']);
  });
  it('keeps plan order when asked', () => {
    expect(refs('plan')).toEqual(['1', '2', '3', '4', '5']);
  });
});

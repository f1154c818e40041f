import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from './action-history.js';
import { meetingSummary, summaryCounts, type SummaryActionSource } from './meeting-summary.js';
import type { PlanMeeting } from './plan-meetings.js';
import type { Timescale } from './timescale.js';
import type { Update } from './update.js';

const due = (day: string): Timescale => ({ asWritten: day, reading: { kind: 'due', due: day, period: day, note: null }, flag: null });
const action = (ref: string, rag: SummaryActionSource['rag'], timescale: Timescale, order: number): SummaryActionSource => ({ id: `id-${ref}`, ref, title: `Action ${ref}`, order, rag, timescale });
const meeting = (date: string): PlanMeeting => ({ date, source: 'entered', title: 'Board' });

function entry(ref: string, date: string, changes: HistoryEntry['changes']): HistoryEntry {
  return { id: `h-${ref}-${date}`, actionId: `id-${ref}`, sequence: 1, kind: 'changed', changes, note: null, author: 'Secretary', authorId: null, origin: 'tab', date, recordedAt: `${date}T11:00:00.000Z`, key: `h-${ref}-${date}` };
}

function update(ref: string, date: string): Update {
  return { id: `u-${ref}-${date}`, actionId: `id-${ref}`, sequence: 1, date, dateSource: 'stated', author: 'Secretary', authorId: null, text: 'minuted', origin: 'tab', ragAfter: null, timescaleAfter: null, key: `u-${ref}-${date}`, recordedAt: `${date}T11:00:00.000Z` };
}

const MEETING = '2018-03-12';
const plan = { id: 'p', title: 'Plan', meetings: [meeting('2018-02-12'), meeting(MEETING), meeting('2018-04-09')] };
const actions = [
  action('1.1', 'Red', due('2018-03-20'), 0),
  action('1.2', 'Amber', due('2018-03-14'), 1),
  action('1.3', 'Complete', due('2018-03-15'), 2),
  action('1.4', 'Amber', due('2018-04-09'), 3),
  action('1.5', 'Green', due('2018-03-01'), 4),
];

describe("a meeting's summary", () => {
  it('lists the actions discussed once each, in the order shown, leaving out refs the plan does not have', () => {
    const summary = meetingSummary({ plan, date: MEETING, actions, material: { updates: [], history: [] }, discussed: ['1.2', '9.9', '1.1', '1.2'] });
    expect(summary.discussed.map((a) => a.ref)).toEqual(['1.2', '1.1']);
  });

  it("takes the changes recorded on the meeting's day only, not the day before or after", () => {
    const material = {
      updates: [update('1.1', MEETING), update('1.2', '2018-03-13'), update('1.4', '2018-03-11')],
      history: [entry('1.4', MEETING, [{ field: 'rag', was: 'Green', now: 'Amber' }]), entry('1.5', '2018-03-13', [{ field: 'rag', was: 'Amber', now: 'Green' }])],
    };
    const summary = meetingSummary({ plan, date: MEETING, actions, material, discussed: [] });
    expect(summary.changes.map((c) => [c.ref, c.newUpdates.length, c.rag])).toEqual([
      ['1.1', 1, null],
      ['1.4', 0, { was: 'Green', now: 'Amber' }],
    ]);
  });

  it('lists the open actions due from the meeting until the next one, soonest first, and not the closed or overdue ones', () => {
    const summary = meetingSummary({ plan, date: MEETING, actions, material: { updates: [], history: [] }, discussed: [] });
    expect(summary.nextMeeting?.date).toBe('2018-04-09');
    expect(summary.dueBeforeNext.map((a) => [a.ref, a.due, a.when])).toEqual([
      ['1.2', '2018-03-14', 'due in 2 days'],
      ['1.1', '2018-03-20', 'due in 8 days'],
    ]);
    expect(summaryCounts(summary)).toEqual({ discussed: 0, changes: 0, dueBeforeNext: 2 });
  });

  it('looks 30 days ahead when no next meeting is planned', () => {
    const summary = meetingSummary({ plan: { ...plan, meetings: [meeting(MEETING)] }, date: MEETING, actions, material: { updates: [], history: [] }, discussed: [] });
    expect(summary.nextMeeting).toBeNull();
    expect(summary.dueBy).toBe('2018-04-11');
    expect(summary.dueBeforeNext.map((a) => a.ref)).toEqual(['1.2', '1.1', '1.4']);
  });
});

import { describe, expect, it } from 'vitest';
import { lastMeeting, nextMeeting, withMeeting, withoutMeeting, type PlanMeeting } from './plan-meetings.js';

const m = (date: string, title: string | null = null): PlanMeeting => ({ date, source: 'entered', title });

describe("a plan's meetings", () => {
  it('keeps one meeting a day, in date order, learning a title it did not have', () => {
    const meetings = withMeeting(withMeeting([m('2018-04-09')], m('2018-02-12')), { date: '2018-04-09', source: 'teams', title: 'Board' });
    expect(meetings).toEqual([m('2018-02-12'), m('2018-04-09', 'Board')]);
    expect(withoutMeeting(meetings, '2018-02-12')).toEqual([m('2018-04-09', 'Board')]);
  });

  it('refuses a meeting that is not a day', () => {
    expect(() => withMeeting([], m('2018-02'))).toThrow(/YYYY-MM-DD/);
  });

  it('counts "since the last meeting" from the one before today: a meeting today is the one in progress', () => {
    const meetings = [m('2018-01-15'), m('2018-02-12'), m('2018-03-12')];
    expect(lastMeeting(meetings, '2018-03-12')?.date).toBe('2018-02-12');
    expect(lastMeeting(meetings, '2018-03-13')?.date).toBe('2018-03-12');
    expect(lastMeeting(meetings, '2018-01-15')).toBeNull();
    expect(nextMeeting(meetings, '2018-03-12')?.date).toBe('2018-03-12');
    expect(nextMeeting(meetings, '2018-03-13')).toBeNull();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { ActionView } from '../../../src/plan/plan.js';
import { GLOUCESTERSHIRE, PAN_CHESHIRE, seededStore } from '../test/seeded-api.js';
import { changedSince, lastMeeting } from './last-meeting.js';

const actions = new Map<string, ActionView[]>();

beforeAll(async () => {
  const store = await seededStore();
  for (const id of [GLOUCESTERSHIRE, PAN_CHESHIRE]) actions.set(id, await store.findActions(id));
  await store.close();
});

const withLastUpdated = (dates: (string | null)[]): ActionView[] =>
  dates.map((lastUpdated, i) => ({ ...actions.get(PAN_CHESHIRE)![0]!, id: `a${i}`, ref: `1.${i + 1}`, lastUpdated }));

describe('last meeting', () => {
  it('is 15 May 2013 for the Pan Cheshire plan: the day eighteen actions were updated together', () => {
    expect(lastMeeting(actions.get(PAN_CHESHIRE)!, '2013-07-01')).toEqual({ since: '2013-05-15', date: '2013-05-15', actionCount: 18 });
  });

  it('is February 2018 for the Gloucestershire plan, whose updates are dated by month', () => {
    expect(lastMeeting(actions.get(GLOUCESTERSHIRE)!, '2018-03-01')).toEqual({ since: '2018-02-01', date: '2018-02', actionCount: 3 });
  });

  it('passes over a month with only a stray update or two', () => {
    expect(lastMeeting(withLastUpdated(['2018-01', '2018-01', '2018-01-17', '2018-03-02', null]), '2018-03-20')?.date).toBe('2018-01');
  });

  it('ignores dates after today and year-only dates', () => {
    expect(lastMeeting(withLastUpdated(['2019-01', '2019-01', '2019-01', '2017', '2017', '2017', '2017-05']), '2018-06-01')).toEqual({ since: '2017-05-01', date: '2017-05', actionCount: 1 });
  });

  it('is unknown when no action has a dated update', () => {
    expect(lastMeeting(withLastUpdated([null, null]), '2018-06-01')).toBeNull();
  });

  it('counts a month-only update as changed since a day in that month', () => {
    const [action] = withLastUpdated(['2018-02']);
    expect(changedSince(action!, '2018-02-20')).toBe(true);
    expect(changedSince(action!, '2018-03-01')).toBe(false);
  });
});

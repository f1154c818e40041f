import { describe, expect, it } from 'vitest';
import { describeDigestSchedule, scheduledDigestDue, weekdayOf, type ChannelDigest, type DigestSchedule } from './channel-digest.js';
import { channelDigestSchema } from './channel-digest-schema.js';
import type { PlanMeeting } from './plan-meetings.js';

const channel = { teamId: '19:team@thread.tacv2', channelId: '19:board@thread.tacv2', name: 'Board' };
const digest = (schedule: DigestSchedule, lastPostedOn: string | null = null): ChannelDigest => ({ channel, schedule, lastPostedOn });
const meeting = (date: string): PlanMeeting => ({ date, source: 'entered', title: null });

describe('the weekday of a date', () => {
  it('names the day of the week', () => {
    expect(weekdayOf('2026-12-07')).toBe('Monday');
    expect(weekdayOf('2026-12-05')).toBe('Saturday');
    expect(weekdayOf('1999-12-31')).toBe('Friday');
  });
});

describe('a weekly digest', () => {
  const weekly = digest({ kind: 'weekly', weekday: 'Monday' });

  it('is due on its day', () => {
    expect(scheduledDigestDue(weekly, [], '2026-12-07')).toBe('2026-12-07');
  });

  it('is not due on the other days of the week', () => {
    for (const day of ['2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13']) expect(scheduledDigestDue(weekly, [], day), day).toBeNull();
  });

  it('is sent up to two days late when its day was missed, and then waits for the next week', () => {
    expect(scheduledDigestDue(weekly, [], '2026-12-08')).toBe('2026-12-07');
    expect(scheduledDigestDue(weekly, [], '2026-12-09')).toBe('2026-12-07');
    expect(scheduledDigestDue(weekly, [], '2026-12-10')).toBeNull();
  });

  it('is not posted twice for one week, nor when it was asked for that day', () => {
    expect(scheduledDigestDue({ ...weekly, lastPostedOn: '2026-12-07' }, [], '2026-12-07')).toBeNull();
    expect(scheduledDigestDue({ ...weekly, lastPostedOn: '2026-12-07' }, [], '2026-12-08')).toBeNull();
    expect(scheduledDigestDue({ ...weekly, lastPostedOn: '2026-12-07' }, [], '2026-12-14')).toBe('2026-12-14');
  });

  it('counts a digest asked for before its day as last week\'s', () => {
    expect(scheduledDigestDue({ ...weekly, lastPostedOn: '2026-12-06' }, [], '2026-12-07')).toBe('2026-12-07');
  });
});

describe('a digest before each meeting', () => {
  const before = digest({ kind: 'before-meeting', daysBefore: 3 });
  const meetings = [meeting('2026-11-20'), meeting('2026-12-10'), meeting('2027-01-14')];

  it('is due the given days before the next meeting', () => {
    expect(scheduledDigestDue(before, meetings, '2026-12-07')).toBe('2026-12-07');
  });

  it('is not due earlier', () => {
    expect(scheduledDigestDue(before, meetings, '2026-12-06')).toBeNull();
  });

  it('is still sent, late, until the meeting when its day was missed', () => {
    expect(scheduledDigestDue(before, meetings, '2026-12-09')).toBe('2026-12-07');
  });

  it('is not sent on the meeting\'s own day: the meeting is under way', () => {
    expect(scheduledDigestDue(before, meetings, '2026-12-10')).toBeNull();
  });

  it('is posted once a meeting', () => {
    expect(scheduledDigestDue({ ...before, lastPostedOn: '2026-12-07' }, meetings, '2026-12-08')).toBeNull();
    expect(scheduledDigestDue({ ...before, lastPostedOn: '2026-12-07' }, meetings, '2027-01-11')).toBe('2027-01-11');
  });

  it('waits when no meeting is planned', () => {
    expect(scheduledDigestDue(before, [meeting('2026-11-20')], '2026-12-07')).toBeNull();
  });
});

describe('a digest posted only on request', () => {
  it('is never due on a schedule', () => {
    expect(scheduledDigestDue(digest({ kind: 'on-request' }), [meeting('2026-12-08')], '2026-12-07')).toBeNull();
  });
});

describe('the digest setting as stored and sent', () => {
  it('takes a channel, a schedule and the day last posted', () => {
    expect(channelDigestSchema.parse(digest({ kind: 'before-meeting', daysBefore: 2 }, '2026-12-01')).schedule).toEqual({ kind: 'before-meeting', daysBefore: 2 });
  });

  it('names what is wrong: an unknown weekday, days out of range, a malformed id', () => {
    const bad = (value: unknown) => channelDigestSchema.safeParse(value).error?.issues.map((i) => i.path.join('.'));
    expect(bad(digest({ kind: 'weekly', weekday: 'Funday' } as unknown as DigestSchedule))).toEqual(['schedule.weekday']);
    expect(bad(digest({ kind: 'before-meeting', daysBefore: 30 }))).toEqual(['schedule.daysBefore']);
    expect(bad({ ...digest({ kind: 'on-request' }), channel: { ...channel, channelId: '19:a b' } })).toEqual(['channel.channelId']);
  });

  it('says the schedule in words', () => {
    expect(describeDigestSchedule({ kind: 'weekly', weekday: 'Friday' })).toBe('every Friday');
    expect(describeDigestSchedule({ kind: 'before-meeting', daysBefore: 1 })).toBe('1 day before each meeting');
    expect(describeDigestSchedule({ kind: 'on-request' })).toBe('when someone in the channel asks');
  });
});

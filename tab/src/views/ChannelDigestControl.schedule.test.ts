import { describe, expect, it } from 'vitest';
import * as domain from '../../../src/plan/channel-digest.js';
import { describeDigestSchedule, MOST_DAYS_BEFORE_MEETING, WEEKDAYS } from './ChannelDigestControl.schedule.js';

describe('the tab’s copy of the digest schedule’s words', () => {
  it('has the domain’s weekdays, in its order, and its longest lead time before a meeting', () => {
    expect(WEEKDAYS).toEqual(domain.WEEKDAYS);
    expect(MOST_DAYS_BEFORE_MEETING).toBe(domain.MOST_DAYS_BEFORE_MEETING);
  });

  it('words every schedule the server can keep as the domain does (the card’s footer and the CLI say the same)', () => {
    const schedules: domain.DigestSchedule[] = [
      { kind: 'on-request' },
      ...domain.WEEKDAYS.map((weekday) => ({ kind: 'weekly' as const, weekday })),
      ...Array.from({ length: domain.MOST_DAYS_BEFORE_MEETING }, (_, i) => ({ kind: 'before-meeting' as const, daysBefore: i + 1 })),
    ];
    for (const schedule of schedules) expect(describeDigestSchedule(schedule), JSON.stringify(schedule)).toBe(domain.describeDigestSchedule(schedule));
  });
});

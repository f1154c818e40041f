import type { DigestSchedule, Weekday } from '../../../src/plan/channel-digest.js';

/*
 * The domain's words and bounds for a digest schedule (src/plan/channel-digest.ts), as the tab
 * needs them at run time. Imported from there, that module would bring its classic zod schemas,
 * whose construction probes Function() and is reported as a violation of the tab's
 * Content-Security-Policy. ChannelDigestControl.schedule.test.ts holds this copy to the domain's,
 * value for value; it goes once the domain keeps its schemas in a module of their own.
 */

export const WEEKDAYS: readonly Weekday[] = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export const MOST_DAYS_BEFORE_MEETING = 14;

/** describeDigestSchedule: "when someone in the channel asks", "every Monday", "3 days before each meeting". */
export function describeDigestSchedule(schedule: DigestSchedule): string {
  switch (schedule.kind) {
    case 'on-request':
      return 'when someone in the channel asks';
    case 'weekly':
      return `every ${schedule.weekday}`;
    case 'before-meeting':
      return `${schedule.daysBefore} day${schedule.daysBefore === 1 ? '' : 's'} before each meeting`;
  }
}

import { addDays, daysBetween, type DateOnly } from './calendar-date.js';
import { nextMeeting, type PlanMeeting } from './plan-meetings.js';

/*
 * The digest: "since the last meeting" posted by the bot to the channel the plan's group works in,
 * when someone there asks for it and, if the plan says so, on a schedule: every week on one day, or
 * a few days before each meeting, so the group reads what changed before it meets.
 */

/** A Teams channel, as the bot and the tab both name it: the team's thread id and the channel's. */
export interface PlanChannel {
  /** The team's id as Teams gives it to bots (channelData.team.id) and tabs (team.internalId): "19:…@thread.tacv2". */
  teamId: string;
  /** The channel's id (channelData.channel.id, channel.id): "19:…@thread.tacv2"; the General channel's is the team's. */
  channelId: string;
  /** The channel's name when it was linked, for people reading the setting; Teams may rename it since. */
  name: string | null;
}

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The longest lead time before a meeting: boards meet every few weeks, so more would fall in the previous cycle. */
export const MOST_DAYS_BEFORE_MEETING = 14;

export type DigestSchedule = { kind: 'on-request' } | { kind: 'weekly'; weekday: Weekday } | { kind: 'before-meeting'; daysBefore: number };

export interface ChannelDigest {
  channel: PlanChannel;
  schedule: DigestSchedule;
  /** The day (in the plan's time zone) it was last posted, asked for or scheduled: a scheduled post skips a day one was already posted. */
  lastPostedOn: DateOnly | null;
}

/** Monday to Sunday of a date (1 January 2024 was a Monday). */
export function weekdayOf(date: DateOnly): Weekday {
  const offset = ((daysBetween('2024-01-01', date) % 7) + 7) % 7;
  return WEEKDAYS[offset]!;
}

/**
 * A weekly post that the server missed (down on its day) is still sent this many days late; later
 * than that the next week's is nearer, and a stale one would only repeat it.
 */
const WEEKLY_GRACE_DAYS = 2;

/**
 * The day a scheduled digest is for, if one is due today: the schedule's last occasion on or before
 * today, when nothing was posted on or since it and it is not too late. Null when none is due.
 * - weekly: the last of its weekday, up to two days late;
 * - before a meeting: the next meeting's date less the days, until the meeting itself.
 */
export function scheduledDigestDue(digest: ChannelDigest, meetings: readonly PlanMeeting[], today: DateOnly): DateOnly | null {
  const { schedule, lastPostedOn } = digest;
  const postedSince = (occasion: DateOnly) => lastPostedOn !== null && lastPostedOn >= occasion;
  switch (schedule.kind) {
    case 'on-request':
      return null;
    case 'weekly': {
      const back = (WEEKDAYS.indexOf(weekdayOf(today)) - WEEKDAYS.indexOf(schedule.weekday) + 7) % 7;
      const occasion = addDays(today, -back);
      return back <= WEEKLY_GRACE_DAYS && !postedSince(occasion) ? occasion : null;
    }
    case 'before-meeting': {
      // A meeting today is under way: its digest was the one before it.
      const next = nextMeeting(meetings, addDays(today, 1));
      if (!next) return null;
      const occasion = addDays(next.date, -schedule.daysBefore);
      return occasion <= today && !postedSince(occasion) ? occasion : null;
    }
  }
}

/** The schedule in words, for the tab, the CLI and the card's footer. */
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

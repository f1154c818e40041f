import { describe, expect, it } from 'vitest';
import type { Reminder } from '../../src/store/reminder-log.js';
import { isSnoozed, SNOOZE_DAYS, snoozeEnds, wasSnoozed } from './reminder-snooze.js';

const reminder = (over: Partial<Reminder>): Reminder => ({
  key: 'glos:3.4|nigel hatten|overdue|2017-09-30#18',
  planId: 'glos',
  actionId: 'glos:3.4',
  lead: 'Nigel Hatten',
  leadUserId: null,
  reason: 'overdue',
  period: '2017-09-30#18',
  claimedAt: '2018-06-20T08:00:00.000Z',
  status: 'answered',
  sentAt: '2018-06-20T08:00:05.000Z',
  answeredAt: '2018-06-20T09:15:00.000Z',
  attempts: 1,
  lastError: null,
  via: 'card',
  ...over,
});

describe('reminder snooze', () => {
  it(`ends ${SNOOZE_DAYS} days after the day the lead pressed the button, on the plan's clock`, () => {
    expect(snoozeEnds('2018-06-20T09:15:00.000Z', 'Europe/London')).toBe('2018-06-27');
    // 23:30 UTC on 20 June is 21 June in London.
    expect(snoozeEnds('2018-06-20T23:30:00.000Z', 'Europe/London')).toBe('2018-06-28');
  });

  it('reads an answered reminder as snoozed only while nothing has been heard of the action since', () => {
    const r = reminder({});
    expect(wasSnoozed(r, { lastUpdated: '2018-02' }, 'Europe/London')).toBe(true);
    expect(wasSnoozed(r, { lastUpdated: '2018-06-20' }, 'Europe/London')).toBe(false);
    expect(wasSnoozed(reminder({ status: 'sent', answeredAt: null }), { lastUpdated: null }, 'Europe/London')).toBe(false);
  });

  it('holds back reminders to the lead who snoozed, about that action, until the week is over', () => {
    const reminders = [reminder({})];
    const action = { id: 'glos:3.4', lastUpdated: '2017-01' };
    expect(isSnoozed(reminders, action, 'nigel  HATTEN', '2018-06-26', 'Europe/London')).toBe(true);
    expect(isSnoozed(reminders, action, 'Nigel Hatten', '2018-06-27', 'Europe/London')).toBe(false);
    expect(isSnoozed(reminders, action, 'Jane Price', '2018-06-21', 'Europe/London')).toBe(false);
    expect(isSnoozed(reminders, { ...action, id: 'glos:1.5' }, 'Nigel Hatten', '2018-06-21', 'Europe/London')).toBe(false);
  });
});

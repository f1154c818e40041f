import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_REMINDER_SCHEDULE, nextSweepAt, readReminderSchedule, ReminderScheduler } from '../../bot/reminders/reminder-scheduler.js';
import type { SweepReport } from '../../bot/reminders/sweep-report.js';
import { SqlitePlanStore } from '../../src/store/sqlite/sqlite-plan-store.js';
import { importSample } from '../bot-connector/reminder-harness.js';

const EMPTY: SweepReport = { dryRun: false, startedAt: '', finishedAt: '', plans: [], totals: { due: 0, sent: 0, cards: 0, skipped: 0, failed: 0, unreachable: 0 }, stopped: null };

afterEach(() => {
  vi.useRealTimers();
});

describe('reminder schedule configuration', () => {
  it('runs daily at 09:00 by default, when the bot is registered', () => {
    expect(readReminderSchedule({}, true)).toEqual({ enabled: true, reason: 'the bot is registered (BOT_ID)', pattern: DEFAULT_REMINDER_SCHEDULE });
    expect(DEFAULT_REMINDER_SCHEDULE).toBe('0 9 * * *');
  });

  it('stays off without a bot registration unless PLAN_REMINDERS=on, and off when PLAN_REMINDERS=off', () => {
    expect(readReminderSchedule({}, false)).toMatchObject({ enabled: false, reason: expect.stringContaining('PLAN_REMINDERS=on') });
    expect(readReminderSchedule({ PLAN_REMINDERS: 'on' }, false)).toMatchObject({ enabled: true });
    expect(readReminderSchedule({ PLAN_REMINDERS: 'off' }, true)).toMatchObject({ enabled: false, reason: 'PLAN_REMINDERS=off' });
  });

  it('takes another pattern from PLAN_REMINDER_SCHEDULE and names the variable when it cannot read one', () => {
    expect(readReminderSchedule({ PLAN_REMINDER_SCHEDULE: '30 8 * * 1-5' }, true).pattern).toBe('30 8 * * 1-5');
    expect(() => readReminderSchedule({ PLAN_REMINDER_SCHEDULE: 'every morning' }, true)).toThrow(/PLAN_REMINDER_SCHEDULE "every morning"/);
    expect(() => readReminderSchedule({ PLAN_REMINDER_SCHEDULE: ' ' }, true)).toThrow(/PLAN_REMINDER_SCHEDULE is set but empty/);
    expect(() => readReminderSchedule({ PLAN_REMINDERS: 'yes' }, true)).toThrow(/PLAN_REMINDERS must be "on" or "off"/);
  });
});

describe('reminder scheduler', () => {
  it('fires at 09:00 London time, in winter (GMT) and in summer (BST)', () => {
    expect(nextSweepAt(DEFAULT_REMINDER_SCHEDULE, 'Europe/London', new Date('2026-11-23T08:59:00Z'))?.toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(nextSweepAt(DEFAULT_REMINDER_SCHEDULE, 'Europe/London', new Date('2026-11-23T09:00:30Z'))?.toISOString()).toBe('2026-11-24T09:00:00.000Z');
    expect(nextSweepAt(DEFAULT_REMINDER_SCHEDULE, 'Europe/London', new Date('2026-07-01T07:00:00Z'))?.toISOString()).toBe('2026-07-01T08:00:00.000Z');
  });

  it('sweeps the London plans when the clock reaches 09:00 in London, and each zone at its own nine', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-23T08:59:58Z'), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const store = new SqlitePlanStore(':memory:');
    const glos = await importSample(store, 'gloucestershire-cse-2017-18.txt');
    const cheshire = await importSample(store, 'pan-cheshire-cse-2013.txt');
    await store.updatePlanSettings(cheshire.id, { timeZone: 'America/New_York' });
    const swept: { at: string; planIds: string[] }[] = [];
    const scheduler = new ReminderScheduler({
      store,
      pattern: DEFAULT_REMINDER_SCHEDULE,
      log: () => {},
      sweep: async (planIds) => {
        swept.push({ at: new Date().toISOString(), planIds });
        return EMPTY;
      },
    });
    await scheduler.start();
    expect(scheduler.nextRuns().map((r) => [r.timeZone, r.next?.toISOString()]).sort()).toEqual([
      ['America/New_York', '2026-11-23T14:00:00.000Z'],
      ['Europe/London', '2026-11-23T09:00:00.000Z'],
    ]);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(swept).toEqual([{ at: expect.stringMatching(/^2026-11-23T09:00:0/), planIds: [glos.id] }]);
    await vi.advanceTimersByTimeAsync(5 * 3_600_000);
    expect(swept.map((s) => s.planIds)).toEqual([[glos.id], [cheshire.id]]);
    scheduler.stop();
    await store.close();
  });

  it('never runs two sweeps at once in a process', async () => {
    const store = new SqlitePlanStore(':memory:');
    await importSample(store, 'gloucestershire-cse-2017-18.txt');
    let running = 0;
    let most = 0;
    const scheduler = new ReminderScheduler({
      store,
      pattern: DEFAULT_REMINDER_SCHEDULE,
      log: () => {},
      sweep: async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running -= 1;
        return EMPTY;
      },
    });
    await Promise.all([scheduler.runZone('Europe/London'), scheduler.runZone('Europe/London'), scheduler.runZone('Europe/London')]);
    expect(scheduler.runs).toBe(3);
    expect(most).toBe(1);
    await store.close();
  });

  it('logs a failed sweep by its error name only and keeps its schedule', async () => {
    const store = new SqlitePlanStore(':memory:');
    await importSample(store, 'gloucestershire-cse-2017-18.txt');
    const lines: string[] = [];
    const scheduler = new ReminderScheduler({
      store,
      pattern: DEFAULT_REMINDER_SCHEDULE,
      log: (line) => lines.push(line),
      sweep: async () => {
        throw new TypeError('Louise West 4.3 text that must not be logged');
      },
    });
    await scheduler.start();
    await scheduler.runZone('Europe/London');
    expect(lines.at(-1)).toBe('reminder sweep failed in Europe/London: TypeError');
    expect(scheduler.nextRuns()).toHaveLength(1);
    scheduler.stop();
    await store.close();
  });
});

import { describe, expect, it } from 'vitest';
import type { Lead } from './lead.js';
import type { ActionView, PlanSettings } from './plan.js';
import type { Rag } from './rag.js';
import type { TimescaleReading } from './timescale.js';
import { groupByLead, recurrencePeriod, remindersDue } from './reminder-policy.js';
import { interpretTimescale } from './timescale.js';
import { DEFAULT_PLAN_SETTINGS } from './plan.js';

const settings: PlanSettings = { reminderLeadDays: 14, staleAfterDays: 60, timeZone: 'Europe/London', ownerApproves: false, leadNotice: 'card' };
const person = (name: string): Lead => ({ name, kind: 'person', role: null });

function action(ref: string, reading: TimescaleReading, opts: { rag?: Rag; lastUpdated?: string | null; leads?: Lead[] } = {}): ActionView {
  return {
    id: `glos:${ref}`,
    planId: 'glos',
    sectionId: 's1',
    ref,
    parentRef: null,
    order: 0,
    title: `Action ${ref}`,
    text: `Action ${ref}`,
    outcome: '',
    leads: opts.leads ?? [person('Louise West')],
    leadsText: (opts.leads ?? [person('Louise West')]).map((l) => l.name).join(' / '),
    timescale: { asWritten: 'as written', reading, flag: null },
    rag: opts.rag ?? 'Not set',
    ragNote: null,
    sources: [],
    markers: [],
    duplicateOf: null,
    lastUpdated: opts.lastUpdated === undefined ? '2017-10' : opts.lastUpdated,
    version: '1',
    latestUpdate: null,
    updateCount: 0,
  };
}

const due = (date: string): TimescaleReading => ({ kind: 'due', due: date, period: date.slice(0, 7), note: null });

describe('reminder policy', () => {
  it('reminds each lead when a due date falls within the plan\'s lead time', () => {
    const a = action('4.3', due('2017-12-31'), { leads: [person('Louise West'), person('Annette Blackstock')], lastUpdated: '2017-12' });
    const { due: reminders } = remindersDue([a], settings, '2017-12-20');
    expect(reminders.map((r) => [r.lead.name, r.reason, r.period])).toEqual([
      ['Louise West', 'due-soon', '2017-12-31'],
      ['Annette Blackstock', 'due-soon', '2017-12-31'],
    ]);
    expect(reminders[0]!.why).toBe('due 2017-12-31, in 11 days');
  });

  it('never reminds by the calendar for a timescale that follows the board\'s meetings, only when it goes quiet', () => {
    const reading = interpretTimescale('Every board meeting', { planYears: [2023] }).reading;
    const recent = action('2.1', reading, { lastUpdated: '2023-05-20' });
    for (const today of ['2023-05-31', '2023-06-15', '2023-06-30']) expect(remindersDue([recent], settings, today).due).toEqual([]);
    const quiet = remindersDue([action('2.2', reading, { lastUpdated: '2023-01-10' })], settings, '2023-06-30').due;
    expect(quiet.map((r) => r.reason)).toEqual(['stale']);
  });

  it('reminds a termly action once a term, in the weeks before the term ends', () => {
    const reading = interpretTimescale('Termly', { planYears: [2023] }).reading;
    const a = action('2.3', reading, { lastUpdated: '2023-08-20' });
    expect(remindersDue([a], settings, '2023-10-01').due).toEqual([]);
    const due = remindersDue([a], settings, '2023-12-20').due;
    expect(due.map((r) => [r.reason, r.period])).toEqual([['recurring', '2023-09']]);
  });

  it('hears an action last updated in a quarter or a term at the end of that period', () => {
    // 60 quiet days from the end of July to September 2022 ('2022-35') fall on 29 November 2022.
    const quarter = action('2.4', due('2030-12-31'), { lastUpdated: '2022-35' });
    expect(remindersDue([quarter], settings, '2022-11-28').due).toEqual([]);
    expect(remindersDue([quarter], settings, '2022-11-29').due.map((r) => [r.reason, r.why])).toEqual([['stale', 'no update for 60 days']]);
    const term = action('2.5', due('2030-12-31'), { lastUpdated: '2023-T2' });
    expect(remindersDue([term], settings, '2023-09-28').due).toEqual([]);
  });

  it('sends nothing before the lead time starts', () => {
    const { due: reminders } = remindersDue([action('4.1', due('2018-05-31'), { lastUpdated: '2018-02' })], settings, '2018-03-01');
    expect(reminders).toEqual([]);
  });

  it('marks an action overdue when its date passed with no update since, again each fortnight', () => {
    const a = action('5.5', due('2017-12-31'), { lastUpdated: '2017-06' });
    const first = remindersDue([a], settings, '2018-01-05').due[0]!;
    const sameFortnight = remindersDue([a], settings, '2018-01-12').due[0]!;
    const later = remindersDue([a], settings, '2018-01-20').due[0]!;
    expect(first.reason).toBe('overdue');
    expect(sameFortnight.key).toBe(first.key);
    expect(later.key).not.toBe(first.key);
  });

  it('does not call an action overdue when it was updated after its due date', () => {
    const a = action('4.4', due('2017-12-31'), { lastUpdated: '2018-02' });
    expect(remindersDue([a], settings, '2018-03-01').due).toEqual([]);
  });

  it('sends no reminder for a completed action, a Complete RAG or an N/A timescale', () => {
    const actions = [
      action('1.1', { kind: 'completed', on: '2017-05', note: null }, { lastUpdated: null }),
      action('1.2', due('2017-03-31'), { rag: 'Complete', lastUpdated: null }),
      action('2.2', { kind: 'not-applicable' }, { lastUpdated: null }),
    ];
    const decision = remindersDue(actions, settings, '2018-01-01');
    expect(decision.due).toEqual([]);
    expect(decision.skipped.map((s) => s.why)).toEqual(['timescale says completed', 'RAG is Complete', 'timescale is N/A']);
  });

  it('reminds about an ongoing action that has gone quiet for the stale period', () => {
    const a = action('1.15', { kind: 'ongoing', from: null, reviewBy: null, note: null }, { lastUpdated: '2017-06' });
    const quiet = remindersDue([a], settings, '2017-09-15').due[0]!;
    expect(quiet.reason).toBe('stale');
    expect(quiet.why).toBe('no update for 77 days');
    expect(remindersDue([a], { ...settings, staleAfterDays: 90 }, '2017-09-15').due).toEqual([]);
  });

  it('reminds about a quarterly action near the end of a quarter with no update in it', () => {
    const quarterly: TimescaleReading = { kind: 'recurring', recurrence: { months: 3, weeks: 0, inMonth: null, label: 'Quarterly' }, note: null };
    const a = action('5.1', quarterly, { lastUpdated: '2017-06' });
    const r = remindersDue([a], settings, '2017-09-20').due[0]!;
    expect(r).toMatchObject({ reason: 'recurring', period: '2017-Q3' });
    const updated = action('5.1', quarterly, { lastUpdated: '2017-08' });
    expect(remindersDue([updated], settings, '2017-09-20').due).toEqual([]);
  });

  it('places an annual September recurrence in the year that ends in September', () => {
    const r = { months: 12, weeks: 0, inMonth: 9, label: 'September Annually' };
    expect(recurrencePeriod(r, '2017-10-02')).toEqual({ start: '2017-10-01', end: '2018-09-30', label: '2018-09' });
    expect(recurrencePeriod(r, '2017-09-02')).toEqual({ start: '2016-10-01', end: '2017-09-30', label: '2017-09' });
  });

  it('lists an action with no lead as skipped, saying why, rather than dropping it', () => {
    const a = action('5.7', due('2017-12-31'), { leads: [], lastUpdated: '2017-06' });
    const decision = remindersDue([a], settings, '2018-01-05');
    expect(decision.due).toEqual([]);
    expect(decision.skipped[0]!.why).toContain('no lead to remind');
  });

  it('gives a lead of several actions one group, so one card lists them all', () => {
    const actions = [action('4.3', due('2017-12-31')), action('4.4', due('2017-12-31')), action('5.5', due('2017-12-31'), { leads: [person('louise  west')] })];
    const groups = groupByLead(remindersDue(actions, settings, '2017-12-20').due);
    expect([...groups.values()].map((g) => g.map((r) => r.action.ref))).toEqual([['4.3', '4.4', '5.5']]);
  });

  describe('lead time and stale period, as each plan sets them', () => {
    const read = (written: string): TimescaleReading => interpretTimescale(written, { planYears: [2017, 2018] }).reading;

    it('defaults to a fortnight of lead time and two months of quiet', () => {
      expect(DEFAULT_PLAN_SETTINGS).toMatchObject({ reminderLeadDays: 14, staleAfterDays: 60, timeZone: 'Europe/London' });
    });

    it('reminds on the first day of the lead time and not the day before', () => {
      const a = action('1.4', read('March 2018'), { lastUpdated: '2018-03-01' });
      expect(remindersDue([a], settings, '2018-03-17').due.map((r) => r.reason)).toEqual(['due-soon']);
      expect(remindersDue([a], settings, '2018-03-16').due).toEqual([]);
    });

    it('reminds earlier in a plan that asks for a longer lead time', () => {
      const a = action('1.4', read('March 2018'), { lastUpdated: '2018-02-20' });
      expect(remindersDue([a], settings, '2018-03-05').due).toEqual([]);
      expect(remindersDue([a], { ...settings, reminderLeadDays: 30 }, '2018-03-05').due.map((r) => r.why)).toEqual(['due 2018-03-31, in 26 days']);
    });

    it('says "today" on the due date itself, which is still due soon, and overdue the day after', () => {
      const a = action('2.1', read('March 2018'), { lastUpdated: '2018-03-01' });
      expect(remindersDue([a], settings, '2018-03-31').due[0]).toMatchObject({ reason: 'due-soon', why: 'due 2018-03-31, today' });
      expect(remindersDue([a], settings, '2018-04-01').due[0]).toMatchObject({ reason: 'overdue', why: 'overdue by 1 day (due 2018-03-31)' });
    });

    it('reminds about an ongoing action by its review date', () => {
      const a = action('3.2', read('Ongoing - review March 2018'), { lastUpdated: '2018-03-01' });
      expect(remindersDue([a], settings, '2018-03-20').due[0]).toMatchObject({ reason: 'due-soon', period: '2018-03-31' });
    });

    it('calls an open action with no dated update at all stale, once, until it is heard of', () => {
      const a = action('2.5', read('Ongoing'), { lastUpdated: null });
      const first = remindersDue([a], settings, '2018-01-05').due[0]!;
      const later = remindersDue([a], settings, '2018-03-05').due[0]!;
      expect(first).toMatchObject({ reason: 'stale', why: 'no dated update on record' });
      expect(later.key).toBe(first.key);
    });

    it('reminds again about a quiet action each further stale period, not every day', () => {
      const a = action('2.6', read('Ongoing'), { lastUpdated: '2017-10-01' });
      const keys = ['2017-12-01', '2017-12-20', '2018-01-29', '2018-02-10'].map((d) => remindersDue([a], settings, d).due[0]!.key);
      expect(new Set(keys).size).toBe(2);
      expect(keys[0]).toBe(keys[1]);
      expect(keys[2]).toBe(keys[3]);
    });

    it('gives an overdue action its overdue reminder rather than a stale one', () => {
      const a = action('5.5', read('Dec 2017'), { lastUpdated: '2017-05' });
      expect(remindersDue([a], settings, '2018-01-10').due.map((r) => r.reason)).toEqual(['overdue']);
    });
  });

  describe('recurring timescales', () => {
    const read = (written: string): TimescaleReading => interpretTimescale(written, { planYears: [2017, 2018] }).reading;

    it('reads Biannual as half years and Annually as calendar years', () => {
      const biannual = read('Biannual');
      const annual = read('Annually');
      if (biannual.kind !== 'recurring' || annual.kind !== 'recurring') throw new Error('expected recurring readings');
      expect(recurrencePeriod(biannual.recurrence, '2018-05-20')).toEqual({ start: '2018-01-01', end: '2018-06-30', label: '2018-H1' });
      expect(recurrencePeriod(biannual.recurrence, '2018-07-01')).toEqual({ start: '2018-07-01', end: '2018-12-31', label: '2018-H2' });
      expect(recurrencePeriod(annual.recurrence, '2018-12-20')).toEqual({ start: '2018-01-01', end: '2018-12-31', label: '2018' });
    });

    it('reminds once per period as the period comes round, keyed by the period', () => {
      const a = action('5.2', read('Biannual'), { lastUpdated: '2017-12' });
      const june = remindersDue([a], settings, '2018-06-20').due[0]!;
      const december = remindersDue([action('5.2', read('Biannual'), { lastUpdated: '2018-06-25' })], settings, '2018-12-20').due[0]!;
      expect([june.reason, june.period, december.reason, december.period]).toEqual(['recurring', '2018-H1', 'recurring', '2018-H2']);
      expect(remindersDue([a], settings, '2018-06-25').due[0]!.key).toBe(june.key);
    });

    it('calls a recurring action quiet like any other when its last update is older than the stale period', () => {
      const a = action('5.2', read('Biannual'), { lastUpdated: '2017-12' });
      expect(remindersDue([a], settings, '2018-06-01').due.map((r) => [r.reason, r.why])).toEqual([['stale', 'no update for 152 days']]);
      // Near the period's end the recurring reason is the more pressing one.
      expect(remindersDue([a], settings, '2018-06-20').due.map((r) => r.reason)).toEqual(['recurring']);
    });

    it('sends no recurring reminder for an annual action updated this year, however near the year end', () => {
      const a = action('6.1', read('Annually'), { lastUpdated: '2018-12-01' });
      expect(remindersDue([a], settings, '2018-12-28').due).toEqual([]);
      const earlier = action('6.1', read('Annually'), { lastUpdated: '2018-02' });
      expect(remindersDue([earlier], settings, '2018-12-28').due.map((r) => r.reason)).toEqual(['stale']);
    });
  });

  it('gives the same keys on every run for the same day, so a second sweep finds them claimed', () => {
    const actions = [action('4.3', due('2017-12-31')), action('1.15', { kind: 'ongoing', from: null, reviewBy: null, note: null }, { lastUpdated: '2017-06' })];
    const first = remindersDue(actions, settings, '2017-12-20').due.map((r) => r.key);
    const second = remindersDue(actions, settings, '2017-12-20').due.map((r) => r.key);
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });
});

import { describe, expect, it } from 'vitest';
import { compareReduced, describeReducedDate, endOfPeriod, isReducedDate, precisionOf, quarterOf, startOfPeriod, termOf } from './calendar-date.js';

describe('reduced dates', () => {
  it.each([
    ['2013', 'year', '2013-01-01', '2013-12-31', '2013'],
    ['2013-05', 'month', '2013-05-01', '2013-05-31', 'May 2013'],
    ['2013-05-15', 'day', '2013-05-15', '2013-05-15', '15 May 2013'],
    ['2022-35', 'quarter', '2022-07-01', '2022-09-30', 'Jul–Sep 2022'],
    ['2023-33', 'quarter', '2023-01-01', '2023-03-31', 'Jan–Mar 2023'],
    ['2023-T1', 'term', '2023-01-01', '2023-03-31', 'Spring term 2023'],
    ['2023-T2', 'term', '2023-04-01', '2023-07-31', 'Summer term 2023'],
    ['2022-T3', 'term', '2022-09-01', '2022-12-31', 'Autumn term 2022'],
  ])('reads %s at %s precision, from %s to %s, shown as "%s"', (date, precision, start, end, shown) => {
    expect(isReducedDate(date)).toBe(true);
    expect(precisionOf(date)).toBe(precision);
    expect(startOfPeriod(date)).toBe(start);
    expect(endOfPeriod(date)).toBe(end);
    expect(describeReducedDate(date)).toBe(shown);
  });

  it('refuses what is not a date: month 13, quarter 37, term 4, a quarter with a day', () => {
    for (const value of ['2013-13', '2022-37', '2022-T4', '2022-35-01', '2013-02-30']) expect(isReducedDate(value)).toBe(false);
  });

  it('writes quarters and terms in their ISO 8601-2 and term forms', () => {
    expect(quarterOf(2022, 3)).toBe('2022-35');
    expect(termOf(2023, 'summer')).toBe('2023-T2');
  });

  it('orders periods starting the same day widest first, so the narrower reads as later', () => {
    expect(['2023-01-01', '2023-01', '2023-33', '2023'].sort(compareReduced)).toEqual(['2023', '2023-33', '2023-01', '2023-01-01']);
    expect(compareReduced('2023-T1', '2023-33')).toBe(0);
  });

  it('orders quarters and terms among months by the start of their period', () => {
    const dates = ['2022-10', '2022-35', '2022-T3', '2022-07-15', '2022'];
    expect([...dates].sort(compareReduced)).toEqual(['2022', '2022-35', '2022-07-15', '2022-T3', '2022-10']);
  });
});

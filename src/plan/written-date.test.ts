import { describe, expect, it } from 'vitest';
import { monthName, monthNumber } from './month-names.js';
import { calendarDate, findWrittenDates, fullYear, quarterDate, termDate } from './written-date.js';

const dates = (text: string, acceptYear?: (y: number) => boolean): string[] => findWrittenDates(text, acceptYear ? { acceptYear } : {}).map((d) => d.date);

describe('written dates', () => {
  it('reads month names as UK plans abbreviate them', () => {
    expect(['Jan', 'Sept', 'sep', 'SEPTEMBER', 'June', 'jun', 'Aug.'].map(monthNumber)).toEqual([1, 9, 9, 9, 6, 6, 8]);
    expect(['Ju', 'Janu', 'may be', 'Mayor'].map(monthNumber)).toEqual([null, null, null, null]);
    expect(monthName(12)).toBe('December');
  });

  it('reads a two-digit year as 20YY', () => {
    expect(fullYear('13')).toBe(2013);
    expect(fullYear('2103')).toBe(2103);
  });

  it('knows there is no 31 February, and 29 February only in a leap year', () => {
    expect(calendarDate(2013, 2, 31)).toBeNull();
    expect(calendarDate(2016, 2, 29)).toBe('2016-02-29');
    expect(calendarDate(2017, 2, 29)).toBeNull();
  });

  it('finds day-first dates, day-month-year and month-year at the precision written', () => {
    expect(dates('met 10/02/13 and 15.05.2013')).toEqual(['2013-02-10', '2013-05-15']);
    expect(dates('held 3rd Oct 17')).toEqual(['2017-10-03']);
    expect(dates('action plan Oct 17')).toEqual(['2017-10']);
    expect(dates('due February 2017.')).toEqual(['2017-02']);
  });

  it('skips what only looks like a date: 31/02, a month without a year, a section ref', () => {
    expect(dates('on 31/02/13, in June, see 1.4 and ACPO 2.4')).toEqual([]);
  });

  it('reads "Q2 2022/23" as a financial quarter (July to September 2022) and "Q1 2023" as a calendar quarter', () => {
    expect(dates('reviewed in Q2 2022/23, Q4 22-23 and Q1 2023')).toEqual(['2022-35', '2023-33', '2023-33']);
    expect([quarterDate('1', '2022', '23'), quarterDate('4', '2022', '2023'), quarterDate('3', '2022', undefined)]).toEqual(['2022-34', '2023-33', '2022-35']);
  });

  it('reads school terms of a calendar year and of a school year, the autumn term in the first year', () => {
    expect(dates('Spring term 2023, Autumn Term 2022/23, Summer term 2022/23')).toEqual(['2023-T1', '2022-T3', '2023-T2']);
    expect(termDate('spring', '2022', '23')).toBe('2023-T1');
  });

  it('reads no quarter or term whose second year does not follow the first', () => {
    expect(dates('Q2 2022/25 and Spring term 2022/24')).toEqual([]);
  });

  it('reads a bare year only when the caller accepts it', () => {
    expect(dates('planned for 2017')).toEqual([]);
    expect(dates('planned for 2017', (y) => y === 2017)).toEqual(['2017']);
    expect(dates('over 2000 people', (y) => y === 2017)).toEqual([]);
  });
});

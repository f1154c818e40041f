import { describe, expect, it } from 'vitest';
import { displayDate, displayInstant } from './display-date.js';

describe('dates on cards', () => {
  it('writes a date at the precision it was stated', () => {
    expect(displayDate('2013-04-30')).toBe('30 Apr 2013');
    expect(displayDate('2013-05')).toBe('May 2013');
    expect(displayDate('2012')).toBe('2012');
  });

  it('writes a quarter as its months and a school term by name, never a day', () => {
    expect(displayDate('2022-35')).toBe('Jul–Sep 2022');
    expect(displayDate('2023-T1')).toBe('Spring term 2023');
  });

  it('writes an instant on the plan\'s clock, summer time included', () => {
    expect(displayInstant('2018-06-20T23:30:00.000Z', 'Europe/London')).toBe('21 Jun 2018 at 00:30');
    expect(displayInstant('2017-12-20T09:05:00.000Z', 'Europe/London')).toBe('20 Dec 2017 at 09:05');
  });
});

import { describe, expect, it } from 'vitest';
import { formatDate } from './dates.js';

describe('dates in the tab', () => {
  it('shows a date at the precision the plan stated it', () => {
    expect(formatDate('2013-05-15')).toBe('15 May 2013');
    expect(formatDate('2013-05')).toBe('May 2013');
    expect(formatDate('2013')).toBe('2013');
  });

  it('shows a quarter as its months and a school term by name, not its code', () => {
    expect(formatDate('2022-35')).toBe('Jul–Sep 2022');
    expect(formatDate('2023-33')).toBe('Jan–Mar 2023');
    expect(formatDate('2023-T1')).toBe('Spring term 2023');
    expect(formatDate('2022-T3')).toBe('Autumn term 2022');
  });

  it('shows text that is no date as written', () => {
    expect(formatDate('soon')).toBe('soon');
  });
});

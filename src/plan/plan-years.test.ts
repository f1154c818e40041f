import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { centralYear, coreYears, farYear, yearsNamedIn } from './plan-years.js';

const sample = (file: string): string => readFileSync(new URL(`../../samples/${file}`, import.meta.url), 'utf8');

describe('plan years', () => {
  describe('yearsNamedIn', () => {
    it('finds four-digit years, sorted and each once', () => {
      expect(yearsNamedIn(['April 2013', 'End 2012', 'Update July 2013', 'April 2013'])).toEqual([2012, 2013]);
    });

    it('finds both years of a financial year: "2017-18", "2017/18", "Q1 2013/14", "FY 17/18"', () => {
      expect(yearsNamedIn(['Action Plan 2017-18'])).toEqual([2017, 2018]);
      expect(yearsNamedIn(['2017/18'])).toEqual([2017, 2018]);
      expect(yearsNamedIn(['the first phase of case audits has commenced for Q1 2013/14'])).toEqual([2013, 2014]);
      expect(yearsNamedIn(['FY 17/18'])).toEqual([2017, 2018]);
    });

    it('finds the year of a day-first date with a two-digit year, and of a month with one', () => {
      expect(yearsNamedIn(['(Updated PCSG 10/02/13)'])).toEqual([2013]);
      expect(yearsNamedIn(['Meeting with Licensing committee 20/5/16 about'])).toEqual([2016]);
      expect(yearsNamedIn(['June 17 - Above DVD launched', 'Feb 18 – CSE Review completed'])).toEqual([2017, 2018]);
    });

    it('reports a typo year such as 2103 rather than hiding it, and an ISO date\'s year', () => {
      expect(yearsNamedIn(['Sept 2103', 'Sept 2103', 'April 2013'])).toEqual([2013, 2103]);
      expect(yearsNamedIn(['2018-06-01'])).toEqual([2018]);
    });

    it('ignores numbers that are not years: counts, phone numbers, an impossible date, "aged 12/13"', () => {
      expect(yearsNamedIn(['over 200 people attended', '0151 777 8764', '1,560 trained', '31/02/13', 'aged 12/13', '2gether Trust'])).toEqual([]);
    });

    it('reads the seed plans as the years they are about', () => {
      const cheshire = sample('pan-cheshire-cse-2013.txt');
      const glos = sample('gloucestershire-cse-2017-18.txt');
      expect(yearsNamedIn([glos])).toEqual([2016, 2017, 2018]);
      // The whole Cheshire file also names times ("2054 hrs") and the typo; the core is still 2012-2014.
      expect(yearsNamedIn([cheshire])).toEqual(expect.arrayContaining([2012, 2013, 2014, 2103]));
      expect(coreYears(yearsNamedIn([cheshire]))).toEqual([2012, 2013, 2014]);
    });
  });

  describe('coreYears: the largest cluster of years no more than five apart', () => {
    it('leaves out a far year however often it is written', () => {
      expect(coreYears([2012, 2013, 2014, 2103])).toEqual([2012, 2013, 2014]);
      expect(coreYears([2012, 2013, 2103, 2103, 2103, 2103])).toEqual([2012, 2013]);
    });

    it('breaks a tie by the median of all the years, and finds no core in a true tie', () => {
      expect(coreYears([2013, 2025, 2103])).toEqual([2025]);
      expect(coreYears([2013, 2103])).toEqual([]);
      expect(coreYears([])).toEqual([]);
    });
  });

  describe('centralYear: where a month written without a year falls', () => {
    it('is the lower median of the core years', () => {
      expect(centralYear([2017, 2018])).toBe(2017);
      expect(centralYear([2016, 2017, 2018])).toBe(2017);
      expect(centralYear([2012, 2013, 2014, 2103])).toBe(2013);
      expect(centralYear([])).toBeNull();
    });
  });

  describe('farYear', () => {
    it('judges 2103 far from a 2012-2014 plan and finds 2013, two digits swapped', () => {
      expect(farYear(2103, [2012, 2013, 2014, 2103])).toEqual({ year: 2103, from: 2012, to: 2014, likely: 2013 });
    });

    it('finds a one-digit slip when no swap fits', () => {
      expect(farYear(2027, [2016, 2017, 2018])).toMatchObject({ likely: 2017 });
    });

    it('offers no likely year when none is one slip away', () => {
      expect(farYear(2030, [2012, 2013, 2014])).toMatchObject({ likely: null });
    });

    it('does not judge a year within five of the core, or when the plan\'s years are unknown', () => {
      expect(farYear(2019, [2016, 2017, 2018])).toBeNull();
      expect(farYear(2103, [])).toBeNull();
    });
  });
});

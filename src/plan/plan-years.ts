import { MONTH_NAME } from './month-names.js';
import { calendarDate, fullYear } from './written-date.js';

/**
 * The years a plan is about, as its own words name them, and what follows from them: which years
 * form the plan's core, which written year stands far from it, and which year a bare "December"
 * means.
 *
 * The rule for "far": the plan's years are grouped into clusters of years no more than
 * CLUSTER_GAP apart (2012, 2013, 2014 are one cluster; 2103 is another). The core is the cluster
 * with the most distinct years; on a tie, the one nearest the median of all the years; if still
 * tied, there is no core and nothing is judged far. Distinct years are counted, not mentions, so a
 * typo repeated on every row ("Sept 2103" four times) weighs no more than once.
 */

/** Years further apart than this start a new cluster; a year this far from every core year is suspicious. */
export const CLUSTER_GAP = 5;

const MIN_YEAR = 1990;
const MAX_YEAR = 2199;

const FOUR_DIGIT = /(?<![\d£$])(\d{4})(?!\d)/g;
const FINANCIAL = /(?<!\d)(\d{4})\s*[/-]\s*(\d{2})(?!\d)/g;
const FINANCIAL_SHORT = /\b(?:fy|financial\s+year)\s*(\d{2})\s*[/-]\s*(\d{2})(?!\d)/gi;
const DAY_FIRST = /(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](\d{2})(?![\d/])/g;
const MONTH_SHORT_YEAR = new RegExp(String.raw`\b${MONTH_NAME}(?![a-z])\.?[\s'-]*(\d{2})(?![\d/])`, 'gi');

const inRange = (y: number): boolean => y >= MIN_YEAR && y <= MAX_YEAR;

/**
 * The years the texts name, sorted and unique: four-digit years from 1990 to 2199 (so a typo such
 * as 2103 is reported, for interpretTimescale to judge), both years of a financial year ("2017-18",
 * "2017/18", "FY 17/18"), day-first dates with a two-digit year ("10/02/13") and a month with a
 * two-digit year ("Sept 17").
 */
export function yearsNamedIn(texts: readonly string[]): number[] {
  const years = new Set<number>();
  const add = (y: number): void => {
    if (inRange(y)) years.add(y);
  };
  for (const text of texts) {
    for (const m of text.matchAll(FOUR_DIGIT)) add(Number(m[1]));
    for (const m of text.matchAll(FINANCIAL)) {
      const first = Number(m[1]);
      if ((first + 1) % 100 === Number(m[2])) add(first + 1);
    }
    for (const m of text.matchAll(FINANCIAL_SHORT)) {
      const first = Number(m[1]);
      if ((first + 1) % 100 === Number(m[2])) {
        add(2000 + first);
        add(2000 + first + 1);
      }
    }
    for (const m of text.matchAll(DAY_FIRST)) {
      const year = fullYear(m[3]!);
      if (calendarDate(year, Number(m[2]), Number(m[1]))) add(year);
    }
    for (const m of text.matchAll(MONTH_SHORT_YEAR)) add(fullYear(m[1]!));
  }
  return [...years].sort((a, b) => a - b);
}

/** The plan's core years (see the rule above), sorted; empty when there are none or no cluster leads. */
/** A plan's core years are asked for once per cell of a plan of thousands: worked out once per list. */
const coreYearsOf = new WeakMap<readonly number[], number[]>();

export function coreYears(planYears: readonly number[]): number[] {
  const known = coreYearsOf.get(planYears);
  if (known) return known;
  const core = computeCoreYears(planYears);
  coreYearsOf.set(planYears, core);
  return core;
}

function computeCoreYears(planYears: readonly number[]): number[] {
  const sorted = [...new Set(planYears)].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const clusters: number[][] = [];
  for (const year of sorted) {
    const last = clusters.at(-1);
    if (last && year - last.at(-1)! <= CLUSTER_GAP) last.push(year);
    else clusters.push([year]);
  }
  const most = Math.max(...clusters.map((c) => c.length));
  let leaders = clusters.filter((c) => c.length === most);
  if (leaders.length > 1) {
    const median = medianOf(sorted);
    const distance = (c: number[]): number => (median < c[0]! ? c[0]! - median : median > c.at(-1)! ? median - c.at(-1)! : 0);
    const nearest = Math.min(...leaders.map(distance));
    leaders = leaders.filter((c) => distance(c) === nearest);
  }
  return leaders.length === 1 ? leaders[0]! : [];
}

/**
 * The year a month written without one falls in ("review membership December"): the lower median
 * of the core years, so a 2017-18 plan gives 2017 and a plan naming 2016 to 2018 gives 2017.
 */
export function centralYear(planYears: readonly number[]): number | null {
  const core = coreYears(planYears);
  return core.length === 0 ? null : core[Math.floor((core.length - 1) / 2)]!;
}

export interface FarYear {
  year: number;
  /** The core years it was judged against, first and last. */
  from: number;
  to: number;
  /** A year one slip of the keyboard away (two neighbouring digits swapped, or one digit wrong) that lies in the core. */
  likely: number | null;
}

/** The judgement on a written year: null when it sits with the plan's years (or they are unknown), else why it looks wrong. */
export function farYear(year: number, planYears: readonly number[]): FarYear | null {
  const core = coreYears(planYears);
  if (core.length === 0) return null;
  if (core.some((y) => Math.abs(y - year) <= CLUSTER_GAP)) return null;
  const from = core[0]!;
  const to = core.at(-1)!;
  return { year, from, to, likely: likelyYear(year, from, to, centralYear(planYears)!) };
}

/** Swaps first, then single-digit slips; a tie goes to the year nearest the centre, and a true tie to nobody. */
function likelyYear(year: number, from: number, to: number, centre: number): number | null {
  const digits = String(year);
  if (digits.length !== 4) return null;
  const swaps = new Set<number>();
  for (let i = 0; i < 3; i++) {
    const d = digits.split('');
    [d[i], d[i + 1]] = [d[i + 1]!, d[i]!];
    swaps.add(Number(d.join('')));
  }
  const slips = new Set<number>();
  for (let i = 0; i < 4; i++) {
    for (let v = 0; v <= 9; v++) {
      const d = digits.split('');
      d[i] = String(v);
      slips.add(Number(d.join('')));
    }
  }
  for (const candidates of [swaps, slips]) {
    const inCore = [...candidates].filter((y) => y !== year && y >= from && y <= to && String(y).length === 4);
    if (inCore.length === 0) continue;
    const best = Math.min(...inCore.map((y) => Math.abs(y - centre)));
    const nearest = inCore.filter((y) => Math.abs(y - centre) === best);
    return nearest.length === 1 ? nearest[0]! : null;
  }
  return null;
}

function medianOf(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

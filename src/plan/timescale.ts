import type { DateOnly, ReducedDate } from './calendar-date.js';

/** How often a recurring timescale comes round ("Quarterly", "Annually", "every six months"). */
export interface Recurrence {
  /** Months between occurrences: 1 monthly, 3 quarterly, 6 biannual, 12 annual; 0 when weeks applies. */
  months: number;
  /** Weeks between occurrences, for weekly and fortnightly; 0 when months applies. */
  weeks: number;
  /** Month of year (1-12) the occurrence falls in, when stated ("September Annually"). */
  inMonth: number | null;
  /** The plan's own word for it: "Quarterly". */
  label: string;
}

/** What a timescale means, beside the words written in the plan. */
export type TimescaleReading =
  | { kind: 'due'; due: DateOnly; period: ReducedDate; note: string | null }
  | { kind: 'recurring'; recurrence: Recurrence; note: string | null }
  | { kind: 'completed'; on: ReducedDate | null; note: string | null }
  | { kind: 'ongoing'; from: ReducedDate | null; reviewBy: DateOnly | null; note: string | null }
  | { kind: 'not-applicable' }
  | { kind: 'unclear'; reason: string };

/** A value that reads as a date but looks wrong (a year far from the plan's others): never changed, flagged. */
export interface TimescaleFlag {
  message: string;
  /** The likely intended text, "Sept 2013" for "Sept 2103". */
  suggestion: string | null;
  suggestedDue: DateOnly | null;
}

export interface Timescale {
  /** Exactly as written in the plan. */
  asWritten: string;
  reading: TimescaleReading;
  flag: TimescaleFlag | null;
}

/** What interpreting a timescale may lean on: the years the plan is about. */
export interface TimescaleContext {
  /** Years the plan's title, timescales and updates name; used to spot typos and to place "December". */
  planYears: readonly number[];
}

import { compareReduced } from './calendar-date.js';

type Dated = { date: string | null; sequence: number };

/**
 * Which of two updates is the more recent, the rule every store and screen shares: a dated update
 * beats an undated one; between dates, the later period; on the same date, the later entry.
 */
export function isLaterUpdate(a: Dated, b: Dated): boolean {
  if ((a.date === null) !== (b.date === null)) return a.date !== null;
  if (a.date !== null && b.date !== null) {
    const c = compareReduced(a.date, b.date);
    if (c !== 0) return c > 0;
  }
  return a.sequence > b.sequence;
}

export function latestUpdate<T extends Dated>(updates: readonly T[]): T | null {
  let latest: T | null = null;
  for (const u of updates) if (latest === null || isLaterUpdate(u, latest)) latest = u;
  return latest;
}

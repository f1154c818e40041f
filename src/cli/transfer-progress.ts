import type { ResourceUnitPacer } from '../graph/resource-unit-pacer.js';
import type { TransferProgress } from '../store/sharepoint/plan-transfer.js';

/** Every item written costs 2 resource units (a create), whether alone or inside a $batch. */
const UNITS_PER_ITEM = 2;

/**
 * How long the rest will take: the pace seen so far, but never faster than the budget allows once
 * what is left of the current window is spent. At SharePoint's smallest budget that is about ten
 * writes a second, so a 20,000-item plan says "about 33 min" from the start rather than after a
 * fast first minute.
 */
export function estimateMsLeft(remaining: number, observedPerMs: number | null, pacer: ResourceUnitPacer): number {
  if (remaining <= 0) return 0;
  const unitsPerMs = pacer.budget / pacer.windowMs;
  const available = Math.max(0, pacer.budget - pacer.spentInWindow());
  const budgetBound = Math.max(0, remaining * UNITS_PER_ITEM - available) / unitsPerMs;
  const observed = observedPerMs !== null && observedPerMs > 0 ? remaining / observedPerMs : 0;
  return Math.max(budgetBound, observed);
}

export function describeDuration(ms: number): string {
  if (ms < 1000) return 'under a second';
  const seconds = Math.round(ms / 1000);
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Progress on stderr with the time left: one line rewritten on a terminal, a line per quarter otherwise. */
export function transferProgressReporter(label: string, pacer: ResourceUnitPacer, stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now) {
  const started = now();
  let firstSeen: { at: number; done: number } | null = null;
  let lastQuarter = -1;
  let lastDrawn = 0;
  return {
    update(progress: TransferProgress): void {
      const t = now();
      // Items found already written (a resumed run) arrive at once; the pace counts from here.
      firstSeen ??= { at: t, done: progress.done };
      const elapsed = t - firstSeen.at;
      const rate = elapsed > 0 && progress.done > firstSeen.done ? (progress.done - firstSeen.done) / elapsed : null;
      const remaining = progress.total - progress.done;
      const percent = progress.total === 0 ? 100 : Math.floor((progress.done / progress.total) * 100);
      const msLeft = estimateMsLeft(remaining, rate, pacer);
      const left = remaining === 0 ? 'finishing' : msLeft < 1000 ? 'under a second left' : `about ${describeDuration(msLeft)} left`;
      const line = `${label}: ${progress.done}/${progress.total} items (${percent}%), ${progress.stage}; ${left}`;
      if (stream.isTTY) {
        if (t - lastDrawn < 200 && remaining > 0) return;
        lastDrawn = t;
        stream.write(`\r${line}\u001b[K`);
        return;
      }
      const quarter = Math.floor(percent / 25);
      if (quarter === lastQuarter) return;
      lastQuarter = quarter;
      stream.write(`${line}\n`);
    },
    finish(): void {
      const took = `${label}: done in ${describeDuration(now() - started)}`;
      stream.write(stream.isTTY ? `\r${took}\u001b[K\n` : `${took}\n`);
    },
    /** Ends a rewritten line before another message is printed. */
    interrupt(): void {
      if (stream.isTTY) stream.write('\n');
    },
  };
}

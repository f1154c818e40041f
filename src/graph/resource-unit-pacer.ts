import type { PacingClock } from './pacing-clock.js';
import { realPacingClock } from './pacing-clock.js';

/**
 * Spends SharePoint's resource-unit budget evenly instead of running into 429 storms.
 *
 * SharePoint limits each app per tenant by resource units per minute (1,250 for tenants under
 * 1,000 licences up to 6,250), and throttled requests still count
 * (sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online).
 * The pacer keeps a sliding window of what it spent and waits before a request that would go over
 * the budget; a sliding window never spends more than the budget in any fixed minute either.
 *
 * Past 80% of the minute's budget, SharePoint adds RateLimit-Limit, RateLimit-Remaining and
 * RateLimit-Reset (seconds) to responses for app-only calls (IETF draft-03, beta; devblogs
 * "Prevent throttling in your application by using RateLimit headers in SharePoint Online"). The
 * pacer believes them over its own count: the same app may be running elsewhere.
 */
export interface PacerOptions {
  /** Resource units the app may spend per window. */
  budget: number;
  /** SharePoint's window is a minute; tests shorten it. */
  windowMs?: number;
  /**
   * Share of the budget to plan for (default 0.95): requests arrive a little after they are
   * counted here, and other processes of the same app spend from the same budget.
   */
  utilisation?: number;
  clock?: PacingClock;
}

export interface PacerStats {
  spentUnits: number;
  /** Total time requests waited for budget, in ms. */
  waitedMs: number;
  /** Times a 429 or 503 paused every request. */
  pauses: number;
  /** The limit the server announced, when it did. */
  serverLimit: number | null;
}

export class ResourceUnitPacer {
  readonly windowMs: number;
  readonly utilisation: number;
  private readonly configuredBudget: number;
  private readonly clock: PacingClock;
  private readonly spends: { at: number; units: number }[] = [];
  private pausedUntil = 0;
  private serverLimit: number | null = null;
  private serverRemaining: number | null = null;
  private serverResetAt = 0;
  private readonly counters = { spentUnits: 0, waitedMs: 0, pauses: 0 };

  constructor(options: PacerOptions) {
    if (!(options.budget > 0)) throw new RangeError('a resource-unit budget must be positive');
    this.configuredBudget = options.budget;
    this.windowMs = options.windowMs ?? 60_000;
    this.utilisation = options.utilisation ?? 0.95;
    if (!(this.utilisation > 0 && this.utilisation <= 1)) throw new RangeError('utilisation is a share of the budget, above 0 and at most 1');
    this.clock = options.clock ?? realPacingClock;
  }

  /** The budget in force: the configured one, or less when the server said so. */
  get budget(): number {
    const limit = this.serverLimit === null ? this.configuredBudget : Math.min(this.configuredBudget, this.serverLimit);
    return limit * this.utilisation;
  }

  get stats(): PacerStats {
    return { ...this.counters, serverLimit: this.serverLimit };
  }

  /** Units spent in the current window. */
  spentInWindow(): number {
    this.prune(this.clock.now());
    return this.spends.reduce((sum, s) => sum + s.units, 0);
  }

  /** Waits until `units` fit in the budget, then counts them as spent. */
  async acquire(units: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const wait = this.waitFor(units, now);
      if (wait <= 0) {
        this.spends.push({ at: now, units });
        this.counters.spentUnits += units;
        if (this.serverRemaining !== null && now < this.serverResetAt) this.serverRemaining -= units;
        return;
      }
      this.counters.waitedMs += wait;
      await this.clock.sleep(wait, signal);
    }
  }

  /** Reads RateLimit-* after every response. */
  observe(headers: Headers): void {
    const limit = numberHeader(headers, 'ratelimit-limit');
    const remaining = numberHeader(headers, 'ratelimit-remaining');
    const reset = numberHeader(headers, 'ratelimit-reset');
    if (limit !== null && limit > 0) this.serverLimit = limit;
    if (remaining !== null && reset !== null) {
      this.serverRemaining = remaining;
      this.serverResetAt = this.clock.now() + reset * 1000;
    }
  }

  /** A 429 or 503 with Retry-After stops every request of this app, not just the one refused. */
  pauseFor(ms: number): void {
    const until = this.clock.now() + ms;
    if (until > this.pausedUntil) {
      this.pausedUntil = until;
      this.counters.pauses += 1;
    }
  }

  private waitFor(units: number, now: number): number {
    if (now < this.pausedUntil) return this.pausedUntil - now;
    if (this.serverRemaining !== null) {
      if (now >= this.serverResetAt) this.serverRemaining = null;
      else if (units > this.serverRemaining) return this.serverResetAt - now;
    }
    this.prune(now);
    let used = this.spends.reduce((sum, s) => sum + s.units, 0);
    // A request larger than the whole budget goes alone rather than never.
    if (used === 0 || used + units <= this.budget) return 0;
    for (const spend of this.spends) {
      used -= spend.units;
      if (used === 0 || used + units <= this.budget) return spend.at + this.windowMs - now;
    }
    return 0;
  }

  private prune(now: number): void {
    while (this.spends.length > 0 && (this.spends[0]?.at ?? now) <= now - this.windowMs) this.spends.shift();
  }
}

function numberHeader(headers: Headers, name: string): number | null {
  const value = headers.get(name);
  if (value === null) return null;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : null;
}

/**
 * SharePoint's per-app resource-unit budget, as sharepoint/dev/general-development/
 * how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online describes it: so many resource
 * units a minute (1 a single-item read, 2 a multi-item read or any write); over it, 429 with
 * Retry-After; throttled requests still count. Past 80% of the window's budget, RateLimit-Limit,
 * RateLimit-Remaining and RateLimit-Reset (seconds) go on responses (devblogs: "Prevent throttling
 * in your application by using RateLimit headers in SharePoint Online"). Windows here are fixed and
 * their length configurable, so tests can use a second instead of a minute.
 */
export interface BudgetOptions {
  unitsPerWindow: number;
  windowMs: number;
}

export interface Charge {
  allowed: boolean;
  headers: Record<string, string>;
}

export class ResourceBudget {
  private windowStart: number;
  private used = 0;
  throttled = 0;
  charged = 0;

  constructor(
    readonly options: BudgetOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.windowStart = now();
  }

  charge(units: number): Charge {
    const now = this.now();
    const { unitsPerWindow, windowMs } = this.options;
    if (now >= this.windowStart + windowMs) {
      this.windowStart += Math.floor((now - this.windowStart) / windowMs) * windowMs;
      this.used = 0;
    }
    // Whole seconds as SharePoint sends them; a window shortened for tests (under 10 s) gets
    // fractions, or rounding up to a second would dwarf the window itself.
    const exact = (this.windowStart + windowMs - now) / 1000;
    const resetSeconds = windowMs >= 10_000 ? Math.max(1, Math.ceil(exact)) : Math.max(0.001, Math.round(exact * 1000) / 1000);
    const allowed = this.used + units <= unitsPerWindow;
    // Throttled requests count against the limit too.
    this.used += units;
    this.charged += units;
    const headers: Record<string, string> = {};
    if (!allowed) {
      this.throttled += 1;
      headers['Retry-After'] = String(resetSeconds);
    }
    if (this.used >= unitsPerWindow * 0.8) {
      headers['RateLimit-Limit'] = String(unitsPerWindow);
      headers['RateLimit-Remaining'] = String(Math.max(0, unitsPerWindow - this.used));
      headers['RateLimit-Reset'] = String(resetSeconds);
    }
    return { allowed, headers };
  }
}

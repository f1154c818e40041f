/**
 * Whether the server can do its work: the store was reached, recently. In tenant mode a store
 * request is a SharePoint request, paid from the tenant's resource-unit budget, and probes come
 * every few seconds from each load balancer and orchestrator, so the answer is cached: the store
 * is asked at most once per interval however often, and by however many, it is probed. Liveness
 * (/api/health) asks this object nothing that reaches the store.
 */

export const DEFAULT_READY_EVERY_MS = 5 * 60_000;
/** After a failure the store is asked again sooner, so a brief outage does not keep the instance out for the full interval. */
export const DEFAULT_READY_RETRY_MS = 30_000;
/** A probe waits at most this long for a first answer; the request itself goes on, and is not repeated meanwhile. */
export const DEFAULT_READY_WAIT_MS = 5_000;

export type ReadinessState =
  | { ready: true; checkedAt: string; plans: number }
  | { ready: false; checkedAt: string | null; reason: string };

export interface ReadinessOptions {
  /** One store request that proves the store answers; resolves with the number of plans it holds. */
  check: () => Promise<number>;
  /** Milliseconds since the epoch; a test's clock in tests. */
  now?: () => number;
  everyMs?: number;
  retryMs?: number;
  waitMs?: number;
  /** Where a failed check's message goes: the server's log, not the unauthenticated probe's answer. */
  log?: (line: string) => void;
}

export class StoreReadiness {
  private last: ReadinessState | null = null;
  private lastAt = 0;
  private inFlight: Promise<ReadinessState> | null = null;
  private lastError: unknown = null;
  private readonly now: () => number;
  private readonly everyMs: number;
  private readonly retryMs: number;
  private readonly waitMs: number;

  constructor(private readonly options: ReadinessOptions) {
    this.now = options.now ?? Date.now;
    this.everyMs = options.everyMs ?? DEFAULT_READY_EVERY_MS;
    this.retryMs = options.retryMs ?? DEFAULT_READY_RETRY_MS;
    this.waitMs = options.waitMs ?? DEFAULT_READY_WAIT_MS;
  }

  /**
   * The start's check (src/app/compose.ts): asks the store now and records the answer; a failure
   * is recorded and thrown, since a server that cannot reach its store at start should not start.
   */
  async checkNow(): Promise<number> {
    const state = await this.run();
    if (state.ready) return state.plans;
    throw this.lastError ?? new Error(state.reason);
  }

  /** The last answer, with no store request: what liveness reports. */
  lastKnown(): ReadinessState | null {
    return this.last;
  }

  /**
   * What a readiness probe answers. The cached state while it is fresh; once it is stale one check
   * starts (probes meanwhile share it) and the probe is answered from the cache, so a slow store
   * delays no probe. Before any answer, the probe waits briefly for the first check.
   */
  async probe(): Promise<ReadinessState> {
    const due = this.last === null || this.now() - this.lastAt >= (this.last.ready ? this.everyMs : this.retryMs);
    const pending = due ? (this.inFlight ?? this.run()) : null;
    if (this.last !== null || pending === null) return this.last ?? { ready: false, checkedAt: null, reason: 'the store has not been checked yet' };
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<ReadinessState>((resolve) => {
      timer = setTimeout(() => resolve({ ready: false, checkedAt: null, reason: `the store has not answered within ${this.waitMs} ms` }), this.waitMs);
      timer.unref();
    });
    try {
      return await Promise.race([pending, waited]);
    } finally {
      clearTimeout(timer);
    }
  }

  private run(): Promise<ReadinessState> {
    const started = this.now();
    const check = (async (): Promise<ReadinessState> => {
      try {
        const plans = await this.options.check();
        this.lastError = null;
        return { ready: true, checkedAt: new Date(started).toISOString(), plans };
      } catch (error) {
        this.lastError = error;
        // Anyone may probe, so the answer names the kind of failure; the message (a list, a status) goes to the log.
        const kind = error instanceof Error ? error.name : 'Error';
        this.options.log?.(`ready: the store check failed: ${error instanceof Error ? error.message : String(error)}`);
        return { ready: false, checkedAt: new Date(started).toISOString(), reason: `the store did not answer (${kind})` };
      }
    })().then((state) => {
      this.last = state;
      this.lastAt = started;
      this.inFlight = null;
      return state;
    });
    this.inFlight = check;
    return check;
  }
}

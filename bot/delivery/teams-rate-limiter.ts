import { realPacingClock, type PacingClock } from '../../src/graph/pacing-clock.js';
import type { RateWindow, TeamsRateLimits } from './teams-rate-limits.js';

/**
 * A token bucket: `perSecond` tokens a second, at most `capacity` saved up. With a capacity of one
 * the requests are evenly spaced, so no one-second window holds more than `perSecond` of them (a
 * bucket allowed to save up 30 would let 60 through in the first second). Paces Graph's app
 * installs (30 a second per app per tenant). For the Bot Connector's 50 a second the limiter below
 * keeps a sliding second instead: a bucket of capacity one loses every late timer's lateness, which
 * on a busy two-core machine cost up to a fifth of the rate in the bench.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly perSecond: number,
    readonly capacity: number,
    private readonly clock: PacingClock,
  ) {
    this.tokens = capacity;
    this.last = clock.now();
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.perSecond) / 1000);
    this.last = now;
  }

  /** Milliseconds (not rounded) until a token is there; 0 when one is there now. */
  waitMs(now = this.clock.now()): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : ((1 - this.tokens) * 1000) / this.perSecond;
  }

  /** Takes a token if there is one. */
  take(now = this.clock.now()): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Waits for a token and takes it. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const wait = this.waitMs();
      if (wait === 0 && this.take()) return;
      await this.clock.sleep(wait, signal);
    }
  }
}

/** Sliding windows per key ("at most 7 in any 1 s, 8 in any 2 s, ..."), as the per-conversation limits are stated. */
export class SlidingWindows {
  private readonly times = new Map<string, number[]>();
  private readonly longest: number;

  constructor(private readonly windows: readonly RateWindow[]) {
    this.longest = Math.max(0, ...windows.map((w) => w.seconds * 1000));
  }

  /** Milliseconds until one more request for `key` fits every window. */
  waitMs(key: string, now: number): number {
    const times = this.prune(key, now);
    let wait = 0;
    for (const w of this.windows) {
      const span = w.seconds * 1000;
      const inWindow = times.filter((t) => t > now - span);
      if (inWindow.length >= w.max) {
        // The request that must leave the window before one more fits.
        const leaving = inWindow[inWindow.length - w.max]!;
        wait = Math.max(wait, leaving + span - now + 1);
      }
    }
    return wait;
  }

  /** Takes back one request recorded at `at` (it never went). */
  forget(key: string, at: number): void {
    const times = this.times.get(key);
    const index = times?.lastIndexOf(at) ?? -1;
    if (times && index !== -1) times.splice(index, 1);
  }

  record(key: string, now: number): void {
    const times = this.prune(key, now);
    times.push(now);
    this.times.set(key, times);
  }

  private prune(key: string, now: number): number[] {
    const times = this.times.get(key) ?? [];
    const kept = times.filter((t) => t > now - this.longest);
    if (kept.length === 0) this.times.delete(key);
    else this.times.set(key, kept);
    return kept;
  }
}

export interface TeamsRateLimiterOptions {
  clock?: PacingClock;
  /**
   * The share of the per-app rate kept back (default 2%, at least one request a second): requests
   * leave within the limit but arrive with network jitter, and two that land a little early would
   * cross it.
   */
  headroom?: number;
  /**
   * This many 429s within a second mean the app as a whole is throttled, not one conversation, and
   * everyone waits (default: a fifth of the per-app rate, at least 3). Stray 429s, even a few in a
   * second, hold back only their own conversations.
   */
  throttledBurst?: number;
}

/**
 * What the sender asks before every request to the Bot Connector: room in the app's per-tenant
 * second, room in the conversation's windows, and no pause from a 429 still running. A 429's
 * Retry-After pauses its conversation; many 429s close together pause every conversation.
 *
 * The app's rate is kept as the service states it, a sliding second, rather than by a token
 * bucket: requests are spaced at least half the average interval apart, and when timers fire late
 * (a busy event loop) the second's unused room is caught up instead of lost.
 */
export class TeamsRateLimiter {
  readonly clock: PacingClock;
  private readonly app: SlidingWindows;
  private readonly spacingMs: number;
  private lastGrant = Number.NEGATIVE_INFINITY;
  private readonly conversations: SlidingWindows;
  private readonly pausedUntil = new Map<string, number>();
  private globalPauseUntil = 0;
  private readonly throttled: number[] = [];
  private readonly throttledBurst: number;
  private line: Promise<number> = Promise.resolve(0);
  /** Requests let through, for the bench and tests. */
  granted = 0;

  constructor(
    readonly limits: TeamsRateLimits,
    options: TeamsRateLimiterOptions = {},
  ) {
    this.clock = options.clock ?? realPacingClock;
    const headroom = options.headroom ?? 0.02;
    const perSecond = Math.max(1, limits.perAppPerSecond - Math.max(1, Math.ceil(limits.perAppPerSecond * headroom)));
    this.app = new SlidingWindows([{ seconds: 1, max: perSecond }]);
    this.spacingMs = 1000 / perSecond / 2;
    this.conversations = new SlidingWindows(limits.perConversation);
    this.throttledBurst = options.throttledBurst ?? Math.max(3, Math.ceil(limits.perAppPerSecond / 5));
  }

  /**
   * Waits until a request to `conversation` may go, and counts it. A paused or full conversation
   * waits on its own, out of the line; the others queue for the app's room first come, first
   * served, and only the head of the line sleeps (a crowd waking every few milliseconds would
   * itself make the timers late).
   */
  async acquire(conversation: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const ready = this.conversationWait(conversation, this.clock.now());
      if (ready > 0) {
        await this.clock.sleep(ready, signal);
        continue;
      }
      const at = await this.inLine(signal);
      const now = this.clock.now();
      if (this.conversationWait(conversation, now) > 0) {
        // Paused while it queued (a 429 just came back for it): its place in the second goes back.
        this.app.forget(APP, at);
        continue;
      }
      this.conversations.record(conversation, now);
      this.granted += 1;
      return;
    }
  }

  private conversationWait(conversation: string, now: number): number {
    const paused = this.pausedUntil.get(conversation) ?? 0;
    if (paused !== 0 && paused <= now) this.pausedUntil.delete(conversation);
    return Math.max(paused - now, this.conversations.waitMs(conversation, now));
  }

  /** Room in the app's second, in turn, once no app-wide pause is running; resolves with the time it was taken. */
  private inLine(signal?: AbortSignal): Promise<number> {
    const turn = this.line.then(async () => {
      for (;;) {
        const now = this.clock.now();
        const wait = Math.max(this.globalPauseUntil - now, this.app.waitMs(APP, now), this.lastGrant + this.spacingMs - now);
        if (wait <= 0) {
          this.app.record(APP, now);
          this.lastGrant = now;
          return now;
        }
        await this.clock.sleep(Math.max(0.1, wait), signal);
      }
    });
    this.line = turn.catch(() => 0);
    return turn;
  }

  /** A 429 for `conversation`: nothing more goes to it for `retryAfterMs`, nor to anyone if 429s are clustering. */
  throttle(conversation: string, retryAfterMs: number): void {
    const now = this.clock.now();
    this.pausedUntil.set(conversation, Math.max(this.pausedUntil.get(conversation) ?? 0, now + retryAfterMs));
    this.throttled.push(now);
    while (this.throttled.length > 0 && this.throttled[0]! <= now - 1000) this.throttled.shift();
    if (this.throttled.length >= this.throttledBurst) this.globalPauseUntil = Math.max(this.globalPauseUntil, now + retryAfterMs);
  }
}

const APP = 'app';

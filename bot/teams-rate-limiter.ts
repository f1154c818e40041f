import { realPacingClock, type PacingClock } from '../src/graph/pacing-clock.js';
import type { RateWindow, TeamsRateLimits } from './teams-rate-limits.js';

/**
 * A token bucket: `perSecond` tokens a second, at most `capacity` saved up. With a capacity of one
 * the requests are evenly spaced, so no one-second window ever holds more than `perSecond` of them,
 * which is how the service counts (a bucket allowed to save up 50 would let 100 through in the
 * first second and earn a 429).
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

  /** Returns a token taken but not used. */
  giveBack(): void {
    this.tokens = Math.min(this.capacity, this.tokens + 1);
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
   * The share of the per-app rate kept back (default 2%): requests leave evenly spaced but arrive
   * with network jitter, and a burst that lands a few milliseconds early would cross the limit.
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
 * What the sender asks before every request to the Bot Connector: a token of the app's per-tenant
 * rate, room in the conversation's windows, and no pause from a 429 still running. A 429's
 * Retry-After pauses its conversation; several 429s close together pause every conversation.
 */
export class TeamsRateLimiter {
  readonly clock: PacingClock;
  private readonly bucket: TokenBucket;
  private readonly conversations: SlidingWindows;
  private readonly pausedUntil = new Map<string, number>();
  private globalPauseUntil = 0;
  private readonly throttled: number[] = [];
  private readonly throttledBurst: number;
  private line: Promise<void> = Promise.resolve();
  /** Requests let through, for the bench and tests. */
  granted = 0;

  constructor(
    readonly limits: TeamsRateLimits,
    options: TeamsRateLimiterOptions = {},
  ) {
    this.clock = options.clock ?? realPacingClock;
    const headroom = options.headroom ?? Number(process.env.HR ?? 0.02);
    // Any second then holds at most capacity + rate = perAppPerSecond + 0.5 requests, so never more
    // than the limit; the half token absorbs timers that fire a little late, which would otherwise
    // cost their lateness on every request.
    const rate = limits.perAppPerSecond * (1 - headroom);
    this.bucket = new TokenBucket(rate, Math.max(1, limits.perAppPerSecond - rate + 0.5), this.clock);
    this.conversations = new SlidingWindows(limits.perConversation);
    this.throttledBurst = options.throttledBurst ?? Math.max(3, Math.ceil(limits.perAppPerSecond / 5));
  }

  /**
   * Waits until a request to `conversation` may go, and counts it. A paused or full conversation
   * waits on its own, out of the line; the others queue for the app's tokens first come, first
   * served, and only the head of the line sleeps (a crowd waking every 20 ms would itself make the
   * timers late).
   */
  async acquire(conversation: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const ready = this.conversationWait(conversation, this.clock.now());
      if (ready > 0) {
        await this.clock.sleep(ready, signal);
        continue;
      }
      await this.inLine(signal);
      const now = this.clock.now();
      if (this.conversationWait(conversation, now) > 0) {
        // Paused while it queued (a 429 just came back for it): the token goes back for the next in line.
        this.bucket.giveBack();
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

  /** A token of the app's rate, in turn, once no app-wide pause is running. */
  private inLine(signal?: AbortSignal): Promise<void> {
    const turn = this.line.then(async () => {
      for (;;) {
        const now = this.clock.now();
        const wait = Math.max(this.globalPauseUntil - now, this.bucket.waitMs(now));
        if (wait <= 0 && this.bucket.take(now)) return;
        await this.clock.sleep(Math.max(0.1, wait), signal);
      }
    });
    this.line = turn.catch(() => undefined);
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

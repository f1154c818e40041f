/**
 * Time as the HTTP pipeline sees it: a monotonic-enough "now" in milliseconds and a sleep that an
 * abort ends at once. Injected so tests of retries and pacing never wait real seconds.
 */
export interface PacingClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

export const realPacingClock: PacingClock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortReason(signal as AbortSignal));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

/**
 * A clock whose sleeps advance virtual time instantly, for tests: it records every wait so a test
 * can assert that Retry-After was honoured without waiting for it.
 */
export class VirtualPacingClock implements PacingClock {
  readonly sleeps: number[] = [];
  private current: number;

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw abortReason(signal);
    this.sleeps.push(ms);
    if (ms > 0) this.current += ms;
    // Yield so concurrent callers interleave as they would with real timers.
    await Promise.resolve();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

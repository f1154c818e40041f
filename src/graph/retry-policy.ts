/**
 * When to try a Graph or SharePoint request again, and after how long.
 *
 * - 429 and 503 carry Retry-After: wait exactly that, because throttled requests still count against
 *   the budget and retrying early prolongs the throttle (learn.microsoft.com/graph/throttling;
 *   sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online).
 * - Without Retry-After: exponential backoff with full jitter, bounded attempts (same pages).
 * - 429 and 503 mean the request was refused, so a POST is safe to repeat. A 504 may have been
 *   executed upstream: it is retried only for methods that are safe to repeat.
 * - An abort is never retried (pnpjs queryable behaviours do the same).
 */
export interface RetryOptions {
  /** Total attempts including the first. */
  maxAttempts: number;
  /** First backoff when the server gave no Retry-After. */
  baseDelayMs: number;
  /** No single wait is longer than this, Retry-After included. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 120_000 };

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);

export function isRetryableStatus(status: number, method: string): boolean {
  if (status === 429 || status === 503) return true;
  // PATCH of list item fields sets values, so repeating it is harmless.
  return status === 504 && IDEMPOTENT.has(method.toUpperCase());
}

/** Retry-After as seconds (delta-seconds or an HTTP-date, RFC 9110 §10.2.3), or null. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, (date - nowMs) / 1000);
}

/** How long to wait before attempt number `attempt + 1` (attempt counts from 1). */
export function retryDelayMs(
  attempt: number,
  retryAfterSeconds: number | null,
  options: RetryOptions,
  random: () => number = Math.random,
): number {
  if (retryAfterSeconds !== null) return Math.min(options.maxDelayMs, Math.ceil(retryAfterSeconds * 1000));
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  // Equal jitter: at least half the backoff, the rest random, so clients throttled together spread out.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

import { isLaterUpdate } from '../../../src/plan/latest-update.js';
import type { Update } from '../../../src/plan/update.js';

/**
 * An action's history newest first, by the rule every store and screen shares (latest-update.ts):
 * later dates first, the later entry first on the same date, and undated entries after every
 * dated one, the last written first.
 */
export function newestFirst(updates: readonly Update[]): Update[] {
  return [...updates].sort((a, b) => (isLaterUpdate(a, b) ? -1 : isLaterUpdate(b, a) ? 1 : 0));
}

import { runPooled } from '../../concurrency/pool.js';

/**
 * A $batch of 20 list-item writes takes SharePoint a second or more to answer, while the resource
 * unit budget of a large tenant allows several a second: sent one after another, a long transfer
 * would wait on round trips instead of spending its budget. So a few go at once; the pacer still
 * decides when each may leave, so more in flight never means over budget.
 */
export const BATCHES_IN_FLIGHT = 4;

/**
 * Sends every part, up to `inFlight` at a time, each through `send` (which also takes its answer).
 * `stopped` is asked before each part leaves: a stop waits for those already sent, never cuts one.
 * Returns false when it stopped with parts unsent. A failure also waits for the others in flight
 * (so that a rollback finds what they wrote), then is thrown.
 */
export function sendBatchesInFlight<T>(parts: readonly T[], options: { stopped: () => boolean; send: (part: T) => Promise<void>; inFlight?: number }): Promise<boolean> {
  return runPooled(parts, { concurrency: options.inFlight ?? BATCHES_IN_FLIGHT, stopped: options.stopped }, options.send);
}

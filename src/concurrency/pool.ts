export interface PoolOptions {
  /** At most this many items are worked on at once (at least one). */
  concurrency: number;
  /** Asked before each item starts: a stop waits for the items already started, never cuts one. */
  stopped?: () => boolean;
}

/**
 * Works through the items in order, up to `concurrency` at a time. After a failure no new item
 * starts; the first failure is thrown once every started item has finished, so that a caller's
 * rollback or report sees everything that was done. Returns false when it stopped with items left.
 */
export async function runPooled<T>(items: readonly T[], options: PoolOptions, work: (item: T) => Promise<void>): Promise<boolean> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const stopped = options.stopped ?? (() => false);
  const lane = async (): Promise<void> => {
    while (failure === null && next < items.length && !stopped()) {
      const item = items[next] as T;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, items.length)) }, lane));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return next >= items.length;
}

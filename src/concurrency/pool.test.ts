import { describe, expect, it } from 'vitest';
import { runPooled } from './pool.js';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

describe('a bounded pool', () => {
  it('works every item, never more at once than asked', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    const finished = await runPooled([1, 2, 3, 4, 5, 6, 7], { concurrency: 3 }, async (n) => {
      running += 1;
      most = Math.max(most, running);
      await tick();
      done.push(n);
      running -= 1;
    });
    expect(finished).toBe(true);
    expect(most).toBe(3);
    expect([...done].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('starts nothing after a failure, lets the started items finish, then throws the first failure', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = runPooled([1, 2, 3, 4, 5, 6], { concurrency: 2 }, async (n) => {
      started.push(n);
      if (n === 1) throw new Error('first failed');
      await tick();
      await tick();
      finished.push(n);
    });
    await expect(run).rejects.toThrow('first failed');
    expect(started).toEqual([1, 2]);
    expect(finished).toEqual([2]);
  });

  it('stops when asked before an item starts and says items were left', async () => {
    const done: number[] = [];
    const finished = await runPooled([1, 2, 3, 4], { concurrency: 1, stopped: () => done.length >= 2 }, async (n) => {
      done.push(n);
    });
    expect(finished).toBe(false);
    expect(done).toEqual([1, 2]);
  });
});

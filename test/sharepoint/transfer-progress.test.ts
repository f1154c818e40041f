import { describe, expect, it } from 'vitest';
import { VirtualPacingClock } from '../../src/graph/pacing-clock.js';
import { ResourceUnitPacer } from '../../src/graph/resource-unit-pacer.js';
import { describeDuration, estimateMsLeft } from '../../src/cli/transfer-progress.js';

function pacer(budget: number): { pacer: ResourceUnitPacer; clock: VirtualPacingClock } {
  const clock = new VirtualPacingClock();
  return { pacer: new ResourceUnitPacer({ budget, clock }), clock };
}

describe('time left of a transfer', () => {
  it('says a 20,000-item plan takes about half an hour at the smallest budget, however fast the first minute goes', () => {
    const { pacer: p } = pacer(1250);
    // 200 items a second observed: the budget, not the pace, decides.
    expect(describeDuration(estimateMsLeft(20_000, 0.2, p))).toBe('33 min');
  });

  it('takes the pace seen so far when what is left fits in the budget still free this minute', () => {
    const { pacer: p } = pacer(1250);
    expect(estimateMsLeft(100, 0.05, p)).toBe(2000);
  });

  it('counts the budget already spent in the window', async () => {
    const { pacer: p } = pacer(1250);
    await p.acquire(1000);
    // 100 items are 200 units; about 187 are free now, the other 13 go at the budget's rate.
    const ms = estimateMsLeft(100, 1, p);
    expect(ms).toBeGreaterThan(600);
    expect(ms).toBeLessThan(700);
  });

  it('reads durations as people say them', () => {
    expect(describeDuration(400)).toBe('under a second');
    expect(describeDuration(42_000)).toBe('42 s');
    expect(describeDuration(125 * 60_000)).toBe('2 h 5 min');
  });
});

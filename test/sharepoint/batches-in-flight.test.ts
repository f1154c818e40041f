import { describe, expect, it } from 'vitest';
import { sendBatchesInFlight } from '../../src/store/sharepoint/batches-in-flight.js';

/** A send that records how many were in flight, finishing after `ms`. */
function tracer(ms: number, failOn: number | null = null) {
  const state = { inFlight: 0, most: 0, sent: [] as number[], finished: [] as number[] };
  const send = async (part: number): Promise<void> => {
    state.sent.push(part);
    state.inFlight += 1;
    state.most = Math.max(state.most, state.inFlight);
    await new Promise((r) => setTimeout(r, ms));
    state.inFlight -= 1;
    if (part === failOn) throw new Error(`batch ${part} refused`);
    state.finished.push(part);
  };
  return { state, send };
}

describe('sending batches a few at a time', () => {
  it('keeps at most the given number in flight and sends every part once', async () => {
    const { state, send } = tracer(5);
    const all = await sendBatchesInFlight([1, 2, 3, 4, 5, 6, 7, 8, 9], { stopped: () => false, send, inFlight: 3 });
    expect(all).toBe(true);
    expect(state.most).toBe(3);
    expect([...state.sent].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('on a stop sends no more, lets those sent finish, and says it did not send everything', async () => {
    const { state, send } = tracer(5);
    let stop = false;
    const all = await sendBatchesInFlight([1, 2, 3, 4, 5, 6, 7, 8], {
      stopped: () => stop,
      send: async (part) => {
        if (part === 3) stop = true;
        await send(part);
      },
      inFlight: 2,
    });
    expect(all).toBe(false);
    expect(state.finished.sort()).toEqual(state.sent.sort());
    expect(state.sent.length).toBeLessThan(8);
  });

  it('on a failure waits for the others in flight, sends no more, then throws it', async () => {
    const { state, send } = tracer(5, 2);
    await expect(sendBatchesInFlight([1, 2, 3, 4, 5, 6, 7, 8], { stopped: () => false, send, inFlight: 3 })).rejects.toThrow('batch 2 refused');
    expect(state.inFlight).toBe(0);
    expect(state.sent.length).toBeLessThan(8);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import type { ActionWithUpdates } from '../../../src/plan/plan.js';
import type { PlanStore } from '../../../src/store/plan-store.js';
import { storeApi } from '../test/seeded-api.js';
import { GLOUCESTERSHIRE, seededStore } from '../test/seeded-api.js';
import { timelineLines, wouldClose } from './timeline-lines.js';

let store: PlanStore;
let action: ActionWithUpdates;

beforeEach(async () => {
  store = await seededStore();
  const api = storeApi(store, { author: 'Louise West' });
  const read = await api.getAction(GLOUCESTERSHIRE, '1.7');
  // Reported for the February meeting, recorded on 1 March; then the RAG changed in the tab.
  const { action: updated } = await api.addUpdate(GLOUCESTERSHIRE, '1.7', { text: 'Refresher agreed', date: '2018-02-12', version: read.version, key: 'tab:timeline-test' });
  await api.changeAction(GLOUCESTERSHIRE, '1.7', { version: updated.version, rag: 'Red' });
  action = await api.getAction(GLOUCESTERSHIRE, '1.7');
});

describe('an action’s record as the detail shows it', () => {
  it('puts updates and history entries in the domain’s one order, newest first, each change in its words with who and where', () => {
    const lines = timelineLines(action);
    expect(lines).toHaveLength(action.updates.length + action.history.length);
    expect(lines[0]).toEqual({ kind: 'history', key: expect.any(String), date: '1 Mar 2018', text: `RAG changed from ${action.history[0]!.changes[0]!.was} to Red — Louise West, in the tab` });
    expect(lines[1]).toMatchObject({ kind: 'update', date: '12 Feb 2018', who: 'Louise West, in the tab', recorded: 'recorded 1 Mar 2018', text: 'Refresher agreed' });
    expect(lines.at(-1)).toMatchObject({ kind: 'update', date: 'undated', recorded: null });
  });

  it('keeps only what counts as since a day, as the changes since a meeting count it', () => {
    expect(timelineLines(action, { since: '2018-02-12' }).map((l) => l.kind)).toEqual(['history', 'update']);
    expect(timelineLines(action, { since: '2018-02-13' }).map((l) => l.kind)).toEqual(['history']);
  });

  it('says "RAG set to" on an update only where no history entry records its change', () => {
    expect(timelineLines(action).filter((l) => l.kind === 'update' && l.set !== null)).toEqual([]);
  });
});

describe('whether a choice would close the action (and so needs what difference it made)', () => {
  it('is a Complete RAG or a timescale that reads as completed, on an open action only', () => {
    expect(wouldClose(action, { rag: 'Complete' })).toBe(true);
    expect(wouldClose(action, { rag: 'Green' })).toBe(false);
    expect(wouldClose(action, { rag: '', timescale: 'Completed March 2018' })).toBe(true);
    expect(wouldClose(action, { timescale: 'June 2018' })).toBe(false);
    expect(wouldClose({ ...action, rag: 'Complete' }, { rag: 'Complete' })).toBe(false);
  });
});

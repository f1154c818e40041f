import { beforeAll, describe, expect, it } from 'vitest';
import { sortActions } from '../../../src/plan/action-order.js';
import type { ActionChanges } from '../../../src/plan/changes-since.js';
import type { ActionView } from '../../../src/plan/plan.js';
import { planChanges } from '../../../src/service/plan-changes.js';
import { PAN_CHESHIRE, seededStore } from '../test/seeded-api.js';
import { stepForKey, walkThrough } from './walk-through.js';

const TODAY = '2018-03-01';
let actions: ActionView[];
let changed: Map<string, ActionChanges>;

beforeAll(async () => {
  const store = await seededStore();
  actions = await store.findActions(PAN_CHESHIRE);
  // Since the plan's last meeting, 15 May 2013 (read from the document).
  const answer = await planChanges(store, (await store.getPlan(PAN_CHESHIRE))!, TODAY, null);
  changed = new Map(answer.actions.map((a) => [a.actionId, a]));
  await store.close();
});

describe('meeting walk-through', () => {
  it('steps through the plan in its own order by default', () => {
    expect(walkThrough(actions, { order: 'plan', today: TODAY, onlyChanged: false, changed: null }).map((a) => a.ref)).toEqual(actions.map((a) => a.ref));
  });

  it('walks in any of the list’s orders, by the domain’s comparators: red and amber first, most overdue first', () => {
    const byRag = walkThrough(actions, { order: 'rag', today: TODAY, onlyChanged: false, changed: null }).map((a) => a.ref);
    expect(byRag[0]).toBe('2.1');
    expect(byRag.at(-1)).toBe('2.2');
    expect(byRag.slice(1, -1)).toEqual(actions.filter((a) => a.rag === 'Not set').map((a) => a.ref));
    const late = walkThrough(actions, { order: 'most-overdue', today: TODAY, onlyChanged: false, changed: null });
    expect(late.map((a) => a.ref)).toEqual(sortActions(actions, 'most-overdue', TODAY).map((a) => a.ref));
  });

  it('can keep only the actions that changed since the last meeting, as GET .../changes names them', () => {
    const only = walkThrough(actions, { order: 'plan', today: TODAY, onlyChanged: true, changed });
    expect(only.length).toBeGreaterThanOrEqual(18);
    expect(only.map((a) => a.id)).toEqual(actions.filter((a) => changed.has(a.id)).map((a) => a.id));
    expect(actions.filter((a) => a.lastUpdated === '2013-05-15').every((a) => changed.has(a.id))).toBe(true);
  });

  it('moves on with right arrow, j and Page Down, back with left arrow, k and Page Up; up and down arrows still scroll', () => {
    expect(['ArrowRight', 'j', 'PageDown'].map(stepForKey)).toEqual(['next', 'next', 'next']);
    expect(['ArrowLeft', 'k', 'PageUp'].map(stepForKey)).toEqual(['previous', 'previous', 'previous']);
    expect([stepForKey('Home'), stepForKey('End'), stepForKey('ArrowDown'), stepForKey('x')]).toEqual(['first', 'last', null, null]);
  });
});

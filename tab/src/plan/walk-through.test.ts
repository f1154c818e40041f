import { beforeAll, describe, expect, it } from 'vitest';
import { sortActions } from '../../../src/plan/action-order.js';
import type { ActionChanges } from '../../../src/plan/changes-since.js';
import { lateness } from '../../../src/plan/lateness.js';
import type { ActionView } from '../../../src/plan/plan.js';
import { planChanges } from '../../../src/service/plan-changes.js';
import { PAN_CHESHIRE, seededStore } from '../test/seeded-api.js';
import { buildPlanIndex } from './plan-index.js';
import { isDueBy, keyIsControls, stageAt, stageWalk, stepForKey, walkThrough } from './walk-through.js';

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
    expect([stepForKey('Home'), stepForKey('End'), stepForKey('ArrowDown'), stepForKey('x')]).toEqual(['overview', 'last', null, null]);
  });
});

describe('the stage URL', () => {
  it('shows the overview without `at`, with `at=overview`, and an action by its ref otherwise', () => {
    expect([stageAt(''), stageAt('?at=overview'), stageAt('?at='), stageAt('?at=2.1&rag=Red')]).toEqual([null, null, null, '2.1']);
  });

  it('walks through what its filter, order and “only what changed” pick', () => {
    const index = buildPlanIndex(actions, []);
    const red = stageWalk(index, '?rag=Amber,Red&order=rag', TODAY, null);
    expect(red.steps.map((a) => a.rag)).toEqual([...actions.filter((a) => a.rag === 'Red'), ...actions.filter((a) => a.rag === 'Amber')].map((a) => a.rag));
    expect(red.held).toBe(false);
    expect(stageWalk(index, '?changes=1', TODAY, changed).steps.map((a) => a.id)).toEqual(actions.filter((a) => changed.has(a.id)).map((a) => a.id));
  });

  it('keeps the action shown in its walk when it no longer matches (a minute moved it out), in its place', () => {
    const index = buildPlanIndex(actions, []);
    const notRed = actions.find((a) => a.rag !== 'Red')!;
    const walk = stageWalk(index, '?rag=Red', TODAY, null, notRed.ref);
    expect(walk.held).toBe(true);
    expect(walk.steps.map((a) => a.ref)).toEqual(actions.filter((a) => a.rag === 'Red' || a === notRed).map((a) => a.ref));
    expect(stageWalk(index, '?rag=Red', TODAY, null, 'no such ref').held).toBe(false);
  });

  it('picks for `dueBy` the open actions not yet late and due on or before the day', () => {
    const index = buildPlanIndex(actions, []);
    const day = '2103-12-31';
    const walk = stageWalk(index, `?dueBy=${day}`, TODAY, null);
    // Cheshire's "Sept 2103" typos are read as written: due in 2103, so not late in 2018.
    expect(walk.steps.map((a) => a.ref)).toEqual(actions.filter((a) => a.timescale.asWritten === 'Sept 2103').map((a) => a.ref));
    expect(walk.steps.map((a) => a.ref)).toContain('5.1');
    expect(walk.steps.every((a) => isDueBy(a, TODAY, day) && lateness(a, TODAY).state !== 'overdue')).toBe(true);
    expect(stageWalk(index, '?dueBy=2018-03-31', TODAY, null).steps).toEqual([]);
  });
});

describe('keys pressed in a control', () => {
  const input = (type: string) => ({ tagName: 'INPUT', type });
  it('leaves every key to a text field, so typing and moving the caret still work', () => {
    for (const key of ['ArrowLeft', 'ArrowRight', 'j', 'Home']) {
      expect(keyIsControls(input('text'), key)).toBe(true);
      expect(keyIsControls(input('search'), key)).toBe(true);
      expect(keyIsControls({ tagName: 'TEXTAREA' }, key)).toBe(true);
      expect(keyIsControls({ tagName: 'DIV', isContentEditable: true }, key)).toBe(true);
    }
  });

  it('lets Left and Right through from a closed select, and leaves it Up, Down and typed letters', () => {
    const select = { tagName: 'SELECT' };
    expect([keyIsControls(select, 'ArrowLeft'), keyIsControls(select, 'ArrowRight')]).toEqual([false, false]);
    expect([keyIsControls(select, 'ArrowUp'), keyIsControls(select, 'ArrowDown'), keyIsControls(select, 'j')]).toEqual([true, true, true]);
  });

  it('gives the stage every key pressed on a checkbox, a button or nothing in particular', () => {
    expect([keyIsControls(input('checkbox'), 'ArrowRight'), keyIsControls({ tagName: 'BUTTON' }, 'Home'), keyIsControls(null, 'j')]).toEqual([false, false, false]);
  });
});

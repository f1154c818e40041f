import { beforeAll, describe, expect, it } from 'vitest';
import type { ActionView } from '../../../src/plan/plan.js';
import { PAN_CHESHIRE, seededStore } from '../test/seeded-api.js';
import { lastMeeting } from './last-meeting.js';
import { stepForKey, walkThrough } from './walk-through.js';

let actions: ActionView[];

beforeAll(async () => {
  const store = await seededStore();
  actions = await store.findActions(PAN_CHESHIRE);
  await store.close();
});

describe('meeting walk-through', () => {
  it('steps through the plan in its own order by default', () => {
    expect(walkThrough(actions, { order: 'plan', onlyChanged: false, meeting: null }).map((a) => a.ref)).toEqual(actions.map((a) => a.ref));
  });

  it('puts red and amber first, keeping plan order within each RAG', () => {
    const refs = walkThrough(actions, { order: 'rag', onlyChanged: false, meeting: null }).map((a) => a.ref);
    expect(refs[0]).toBe('2.1');
    expect(refs.at(-1)).toBe('2.2');
    expect(refs.slice(1, -1)).toEqual(actions.filter((a) => a.rag === 'Not set').map((a) => a.ref));
  });

  it('can keep only the actions changed since the last meeting', () => {
    const meeting = lastMeeting(actions, '2013-07-01');
    const changed = walkThrough(actions, { order: 'plan', onlyChanged: true, meeting });
    expect(changed).toHaveLength(18);
    expect(changed.every((a) => a.lastUpdated === '2013-05-15')).toBe(true);
  });

  it('moves on with right arrow, j and Page Down, back with left arrow, k and Page Up; up and down arrows still scroll', () => {
    expect(['ArrowRight', 'j', 'PageDown'].map(stepForKey)).toEqual(['next', 'next', 'next']);
    expect(['ArrowLeft', 'k', 'PageUp'].map(stepForKey)).toEqual(['previous', 'previous', 'previous']);
    expect([stepForKey('Home'), stepForKey('End'), stepForKey('ArrowDown'), stepForKey('x')]).toEqual(['first', 'last', null, null]);
  });
});

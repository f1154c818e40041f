import { describe, expect, it } from 'vitest';
import { followedSearch, sameStage, sharedSearch, stageRef, withDiscussed } from './shared-stage.js';

describe('the stage everyone follows', () => {
  it('shares the view, filter, order and action, never who or where the window is', () => {
    expect(sharedSearch('meeting=demo&as=Chair&frame=stage&rag=Red&at=1.2&order=rag&theme=dark&presenter=u1')).toBe('at=1.2&order=rag&rag=Red');
  });

  it('follows a shared view while keeping this window’s own meeting, name and theme', () => {
    const next = new URLSearchParams(followedSearch('at=2.1&rag=Amber', 'meeting=demo&as=Alex&frame=stage&theme=dark&at=1.1'));
    expect(Object.fromEntries(next)).toEqual({ at: '2.1', rag: 'Amber', meeting: 'demo', as: 'Alex', frame: 'stage', theme: 'dark' });
  });

  it('counts two windows on the same plan and view as the same stage, whatever their own parameters', () => {
    expect(sameStage({ planId: 'p', search: 'as=A&at=1.1&rag=Red' }, { planId: 'p', search: 'rag=Red&at=1.1&as=B' })).toBe(true);
    expect(sameStage({ planId: 'p', search: 'at=1.1' }, { planId: 'q', search: 'at=1.1' })).toBe(false);
    expect(sameStage(null, null)).toBe(true);
    expect(sameStage(null, { planId: 'p', search: '' })).toBe(false);
  });

  it('lists each action discussed once, in the order first shown, and not the overview', () => {
    let discussed: readonly string[] = [];
    for (const search of ['at=overview', 'at=1.1', 'at=1.2', 'at=1.1', '']) discussed = withDiscussed(discussed, { planId: 'p', search });
    expect(discussed).toEqual(['1.1', '1.2']);
    expect(stageRef({ planId: 'p', search: 'at=3.4' })).toBe('3.4');
  });
});

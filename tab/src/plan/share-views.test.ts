import { describe, expect, it } from 'vitest';
import { hrefOf } from '../app/navigation.js';
import { readFilter, EMPTY_FILTER } from './tab-filter.js';
import { stageUrl } from './share-views.js';

const ORIGIN = 'https://plans.example.org';
const stagePath = hrefOf('/plans/plan%201/stage');

/** The stage URL's path and its parameters, as the stage will read them. */
function opened(url: string) {
  const parsed = new URL(url);
  return { origin: parsed.origin, path: parsed.pathname, params: Object.fromEntries(parsed.searchParams), filter: readFilter(parsed.search) };
}

describe('the stage URL for each view shared from the side panel', () => {
  it('shares the whole plan as the plan’s stage with no filter', () => {
    expect(opened(stageUrl(ORIGIN, 'plan 1', { kind: 'plan' }, 'plan'))).toEqual({ origin: ORIGIN, path: stagePath, params: {}, filter: EMPTY_FILTER });
  });

  it('shares one section by the Section filter’s value', () => {
    const { path, params, filter } = opened(stageUrl(ORIGIN, 'plan 1', { kind: 'section', section: '2' }, 'plan'));
    expect(path).toBe(stagePath);
    expect(params).toEqual({ section: '2' });
    expect(filter).toEqual({ ...EMPTY_FILTER, section: '2' });
  });

  it('shares red and amber only as the RAG filter the stage reads', () => {
    const { params, filter } = opened(stageUrl(ORIGIN, 'plan 1', { kind: 'red-amber' }, 'plan'));
    expect(params).toEqual({ rag: 'Red,Amber' });
    expect(filter.rag).toEqual(['Red', 'Amber']);
  });

  it('shares only what changed since the last meeting as changes=1, leaving the stage to compare with the last meeting', () => {
    const { params, filter } = opened(stageUrl(ORIGIN, 'plan 1', { kind: 'changes' }, 'plan'));
    expect(params).toEqual({ changes: '1' });
    expect(filter.changedSince).toBe('');
  });

  it('shares the side panel’s list as filtered now, every filter kept', () => {
    const mine = { ...EMPTY_FILTER, lead: 'Louise West', overdue: true, q: 'training' };
    const { params, filter } = opened(stageUrl(ORIGIN, 'plan 1', { kind: 'filtered', filter: mine }, 'most-overdue'));
    expect(params).toEqual({ lead: 'Louise West', overdue: 'true', q: 'training', order: 'most-overdue' });
    expect(filter).toEqual({ ...mine, order: 'most-overdue' });
  });

  it('keeps the list’s order with every view, as it picks no action', () => {
    expect(opened(stageUrl(ORIGIN, 'p', { kind: 'red-amber' }, 'rag')).params).toEqual({ rag: 'Red,Amber', order: 'rag' });
    expect(opened(stageUrl(ORIGIN, 'p', { kind: 'changes' }, 'due')).params).toEqual({ changes: '1', order: 'due' });
  });
});

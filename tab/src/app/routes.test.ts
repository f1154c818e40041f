import { describe, expect, it } from 'vitest';
import { parseRoute, routePath } from './routes.js';

describe('tab routes', () => {
  it('reads the plans list, a plan, an action of a plan, the stage and the config page', () => {
    expect(parseRoute('/')).toEqual({ view: 'plans' });
    expect(parseRoute('/plans/p1')).toEqual({ view: 'plan', planId: 'p1', ref: null });
    expect(parseRoute('/plans/p1/actions/4.2b')).toEqual({ view: 'plan', planId: 'p1', ref: '4.2b' });
    expect(parseRoute('/plans/p1/stage')).toEqual({ view: 'stage', planId: 'p1' });
    expect(parseRoute('/plans/p1/report')).toEqual({ view: 'report', planId: 'p1' });
    expect(routePath({ view: 'report', planId: 'p 1' })).toBe('/plans/p%201/report');
    expect(parseRoute('/config')).toEqual({ view: 'config' });
  });

  it('answers unknown for any other path, so the tab shows a not-found page', () => {
    expect(parseRoute('/plans/p1/elsewhere')).toEqual({ view: 'unknown', path: '/plans/p1/elsewhere' });
    expect(parseRoute('/plans/%E0%A4%A')).toEqual({ view: 'unknown', path: '/plans/%E0%A4%A' });
  });

  it('writes paths that read back as the same route, with ids and refs encoded', () => {
    const route = { view: 'plan' as const, planId: 'a plan/with slash', ref: '1.4' };
    expect(routePath(route)).toBe('/plans/a%20plan%2Fwith%20slash/actions/1.4');
    expect(parseRoute(routePath(route))).toEqual(route);
  });
});

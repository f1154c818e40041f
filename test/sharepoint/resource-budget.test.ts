import { afterEach, describe, expect, it } from 'vitest';
import { realPacingClock } from '../../src/graph/pacing-clock.js';
import { ResourceUnitPacer } from '../../src/graph/resource-unit-pacer.js';
import { GraphPlanStore } from '../../src/store/sharepoint/graph-plan-store.js';
import { provisionPlanSite } from '../../src/store/sharepoint/provisioning.js';
import { startGraphTestServer, type GraphTestServer } from '../graph-server/graph-test-server.js';
import { generatedDraft, testHttp } from './sharepoint-harness.js';

/*
 * SharePoint's budget scaled down in time: 400 resource units a second instead of 1,250 a minute,
 * so a run that would take minutes takes about a second with the same shape.
 */
const WINDOW_MS = 1000;
const UNITS = 400;

let server: GraphTestServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function pacedStore(pacerBudget: number): Promise<{ store: GraphPlanStore; pacer: ResourceUnitPacer; server: GraphTestServer }> {
  server = await startGraphTestServer();
  const setup = testHttp(server);
  await provisionPlanSite({ http: setup, site: server.siteUrl });
  const pacer = new ResourceUnitPacer({ budget: pacerBudget, windowMs: WINDOW_MS, clock: realPacingClock });
  const http = testHttp(server, { clock: realPacingClock, pacer });
  const store = await GraphPlanStore.open({ http, siteId: server.siteId });
  server.setBudget({ unitsPerWindow: UNITS, windowMs: WINDOW_MS });
  server.resetLog();
  return { store, pacer, server };
}

describe('writing within the resource-unit budget', () => {
  it('paces an import to the budget: no 429, and at least 0.9 of the budget’s rate', async () => {
    const { store, pacer, server: s } = await pacedStore(UNITS);
    const started = performance.now();
    const plan = await store.importPlan(generatedDraft(150, 2));
    const seconds = (performance.now() - started) / 1000;
    expect(plan.title).toContain('150 actions');
    expect(s.budget?.throttled).toBe(0);
    expect(s.log.filter((l) => l.status === 429)).toEqual([]);
    const rate = pacer.stats.spentUnits / seconds;
    expect(rate / (UNITS / (WINDOW_MS / 1000))).toBeGreaterThanOrEqual(0.9);
  });

  it('learns a smaller budget from the RateLimit headers and meets at most one 429', async () => {
    const { store, pacer, server: s } = await pacedStore(UNITS * 10);
    await store.importPlan(generatedDraft(100, 2));
    expect(pacer.stats.serverLimit).toBe(UNITS);
    expect(s.budget?.throttled ?? 0).toBeLessThanOrEqual(1);
    expect(s.site.findList('Updates').items.size).toBe(200);
  });
});

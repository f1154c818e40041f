import { afterEach, describe, expect, it } from 'vitest';
import type { PlanDraft } from '../../src/plan/plan.js';
import { GraphPlanStore } from '../../src/store/sharepoint/graph-plan-store.js';
import { latestDate } from '../../src/store/sharepoint/item-codec.js';
import { PLAN_LISTS } from '../../src/store/sharepoint/list-schema.js';
import { provisionPlanSite } from '../../src/store/sharepoint/provisioning.js';
import { findPlanLists } from '../../src/store/sharepoint/site-lists.js';
import { startGraphTestServer, type GraphTestServer } from '../graph-server/graph-test-server.js';
import { generatedDraft, testHttp } from './sharepoint-harness.js';

/**
 * Two Graph contract points the store must not rely on the stand-in's kindness for (issue 13,
 * items 17 and 18): hidden lists appear in GET /lists only when `system` is selected
 * (api/list-list), and $orderby on list items is not documented and is ignored.
 */

let server: GraphTestServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

describe('the hidden conversations list (Graph lists system lists only when system is selected)', () => {
  it('is found by the store and by a second provisioning run', async () => {
    server = await startGraphTestServer();
    const http = testHttp(server);
    await provisionPlanSite({ http, site: server.siteUrl });
    expect(server.site.findList('Plan bot conversations').hidden).toBe(true);

    const ids = await findPlanLists(http, server.siteId);
    expect([...ids.lists.keys()].sort()).toEqual(PLAN_LISTS.map((l) => l.key).sort());
    const again = await provisionPlanSite({ http, site: server.siteUrl });
    expect(again.steps.find((s) => s.name === 'Plan bot conversations')).toMatchObject({ status: 'unchanged' });
    expect(again.upToDate).toBe(true);
  });
});

describe('the latest update of a plan (no $orderby on list items)', () => {
  function draftWithUpdateDates(title: string, dates: readonly string[][]): PlanDraft {
    const base = generatedDraft(dates.length, 0);
    return {
      ...base,
      title,
      actions: base.actions.map((a, i) => ({
        ...a,
        updates: (dates[i] ?? []).map((date, j) => ({ date, dateSource: 'stated' as const, author: null, text: `Note ${j + 1} on action ${i}.` })),
      })),
    };
  }

  it('is the latest date of all its updates, whatever order SharePoint returns them in', async () => {
    server = await startGraphTestServer();
    const http = testHttp(server);
    await provisionPlanSite({ http, site: server.siteUrl });
    const store = await GraphPlanStore.open({ http, siteId: server.siteId });
    // The latest never first nor last written, so neither id order nor its reverse finds it.
    const plain = [['2013-03-01', '2014-06-30', '2013-01-15'], ['2013-11-02', '2014-02-10', '2013-12-24']];
    // A quarter (2014-35, July to September 2014) sorts as text after 2014-06-30 and before it by period.
    const quarters = [['2014-02-01', '2014-35', '2014-06-30'], ['2013-12-01', '2014-08-20', '2013-11-01']];
    await store.importPlan(draftWithUpdateDates('Plain dates', plain));
    await store.importPlan(draftWithUpdateDates('Quarters', quarters));

    const plans = await store.listPlans();
    expect(plans.find((p) => p.title === 'Plain dates')?.lastUpdated).toBe('2014-06-30');
    expect(plans.find((p) => p.title === 'Quarters')?.lastUpdated).toBe(latestDate(quarters.flat()));
  });
});

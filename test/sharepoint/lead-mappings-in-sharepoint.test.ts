import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LeadMapping, LeadTarget } from '../../src/plan/lead-mapping.js';
import type { Plan } from '../../src/plan/plan.js';
import { GraphPlanStore } from '../../src/store/sharepoint/graph-plan-store.js';
import { PLANS_LIST } from '../../src/store/sharepoint/list-schema.js';
import { provisionPlanSite } from '../../src/store/sharepoint/provisioning.js';
import { gloucestershireExtract } from '../fixtures/plan-drafts.js';
import { startSharePointHarness, type SharePointHarness } from './sharepoint-harness.js';

let harness: SharePointHarness;
let plan: Plan;

beforeEach(async () => {
  harness = await startSharePointHarness();
  plan = await harness.store.importPlan(gloucestershireExtract());
  harness.server.resetLog();
});

afterEach(async () => {
  await harness.close();
});

function candidate(n: number): LeadTarget {
  const id = `0b5e${String(n).padStart(4, '0')}-7c1d-4e2f-9a3b-5c6d7e8f9a0b`;
  return { kind: 'user', id, displayName: `Sarah Scott ${n}`, mail: `sarah.scott${n}@glos-schools.example`, userPrincipalName: `sarah.scott${n}@glos-schools.example`, jobTitle: 'Designated Safeguarding Lead' };
}

function ambiguous(lead: string, candidates: number): LeadMapping {
  return { lead, writtenAs: lead, status: 'ambiguous', target: null, candidates: Array.from({ length: candidates }, (_, i) => candidate(i)), updatedAt: '2018-01-05T09:00:00.000Z', confirmedBy: null };
}

const planItem = () => [...harness.server.site.findList('Plans').items.values()].find((i) => String(i.id) === plan.id)!;

describe('lead mappings in SharePoint lists', () => {
  it('keeps them in the plan item’s hidden LeadMappingsJson column, written in one PATCH', async () => {
    await harness.store.saveLeadMappings(plan.id, [ambiguous('sarah scott', 2)]);
    const writes = harness.server.log.filter((l) => l.method !== 'GET');
    expect(writes.map((w) => [w.method, w.path.replace(/\/items\/\d+/, '/items/{id}')])).toEqual([['PATCH', expect.stringMatching(/\/lists\/[^/]+\/items\/\{id\}\/fields$/)]]);
    expect(JSON.parse(String(planItem().fields.LeadMappingsJson))).toEqual([ambiguous('sarah scott', 2)]);
    const column = harness.server.site.findList('Plans').columns.find((c) => c.name === 'LeadMappingsJson');
    expect([column?.hidden, column?.facet.allowMultipleLines]).toEqual([true, true]);
  });

  it('meets a second owner saving at the same moment with 412, reads again and keeps both owners’ mappings', async () => {
    await Promise.all([harness.store.saveLeadMappings(plan.id, [ambiguous('sarah scott', 2)]), harness.store.saveLeadMappings(plan.id, [ambiguous('jenny', 2)])]);
    expect(harness.server.log.filter((l) => l.method === 'PATCH').map((l) => l.status).sort()).toEqual([200, 200, 412]);
    expect((await harness.store.listLeadMappings(plan.id)).map((m) => m.lead)).toEqual(['jenny', 'sarah scott']);
  });

  it('refuses a save that would overflow the column, naming the limit, and keeps what was there', async () => {
    await harness.store.saveLeadMappings(plan.id, [ambiguous('sarah scott', 2)]);
    const many = Array.from({ length: 40 }, (_, i) => ambiguous(`lead ${i}`, 10));
    await expect(harness.store.saveLeadMappings(plan.id, many)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/LeadMappingsJson column holds \(63999\); nothing was saved/) });
    expect(await harness.store.listLeadMappings(plan.id)).toEqual([ambiguous('sarah scott', 2)]);
  });

  it('on a site made before lead mappings, reads plans as before and says to provision again; provisioning adds the column once', async () => {
    const plans = harness.server.site.findList('Plans');
    plans.columns.splice(plans.columns.findIndex((c) => c.name === 'LeadMappingsJson'), 1);
    await expect(harness.store.listLeadMappings(plan.id)).rejects.toMatchObject({ code: 'store_failure', message: expect.stringMatching(/no LeadMappingsJson column yet: run "plan provision/) });
    // Other reads do not $select the column (the server refuses an unknown field), so they are unaffected.
    expect(await harness.store.getPlan(plan.id)).toMatchObject({ id: plan.id });
    expect((await harness.store.listPlans()).map((p) => p.id)).toEqual([plan.id]);
    expect((await harness.store.exportPlan(plan.id))?.actions).toHaveLength(8);

    for (const grant of harness.server.grants) grant.roles = ['manage'];
    const upgrade = await provisionPlanSite({ http: harness.http, site: harness.server.siteUrl });
    expect(upgrade.steps.find((s) => s.name === PLANS_LIST.displayName)).toMatchObject({ status: 'updated', detail: 'added LeadMappingsJson' });
    expect((await provisionPlanSite({ http: harness.http, site: harness.server.siteUrl })).upToDate).toBe(true);

    const store = await GraphPlanStore.open({ http: harness.http, siteId: harness.server.siteId });
    await store.saveLeadMappings(plan.id, [ambiguous('sarah scott', 2)]);
    expect(await store.listLeadMappings(plan.id)).toEqual([ambiguous('sarah scott', 2)]);
  });

  it('answers a plan still importing with plan_not_found', async () => {
    planItem().fields.ImportState = 'importing';
    await expect(harness.store.saveLeadMappings(plan.id, [ambiguous('sarah scott', 2)])).rejects.toMatchObject({ code: 'plan_not_found' });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GraphHttp } from '../../src/graph/graph-http.js';
import { GraphPlanStore } from '../../src/store/sharepoint/graph-plan-store.js';
import { PLAN_LISTS } from '../../src/store/sharepoint/list-schema.js';
import { describeProvisioning, provisionPlanSite, type ProvisionStep } from '../../src/store/sharepoint/provisioning.js';
import { PLAN_VIEWS } from '../../src/store/sharepoint/view-definitions.js';
import { startGraphTestServer, type GraphTestServer } from '../graph-server/graph-test-server.js';
import { testHttp } from './sharepoint-harness.js';

let server: GraphTestServer;
let http: GraphHttp;

beforeEach(async () => {
  server = await startGraphTestServer();
  http = testHttp(server);
});

afterEach(async () => {
  await server.close();
});

const writes = (): number => server.log.filter((l) => l.method !== 'GET').length;

describe('provisioning a plan site', () => {
  it('creates the five lists and the hidden conversations list, with typed, indexed and unique columns', async () => {
    const report = await provisionPlanSite({ http, site: server.siteUrl });
    expect(report.conflicts).toEqual([]);
    expect(report.steps.filter((s) => s.kind === 'list').map((s) => [s.name, s.status])).toEqual(PLAN_LISTS.map((l) => [l.displayName, 'created']));

    const actions = server.site.findList('Actions');
    const column = (name: string) => actions.columns.find((c) => c.name === name);
    expect(column('Rag')?.type).toBe('choice');
    expect(column('Rag')?.facet.choices).toEqual(['Red', 'Amber', 'Green', 'Complete', 'Not set']);
    expect(column('Leads')?.type).toBe('personOrGroup');
    expect(column('Plan')?.type).toBe('lookup');
    expect(column('Plan')?.facet.listId).toBe(server.site.findList('Plans').id);
    for (const indexed of ['Ref', 'DueDate', 'Rag', 'Plan']) expect(column(indexed)?.indexed).toBe(true);
    const key = server.site.findList('Updates').columns.find((c) => c.name === 'Key');
    expect([key?.indexed, key?.enforceUniqueValues]).toEqual([true, true]);
    const history = server.site.findList('Action history');
    const historyColumn = (name: string) => history.columns.find((c) => c.name === name);
    expect(history.hidden).toBe(false);
    expect([historyColumn('Key')?.indexed, historyColumn('Key')?.enforceUniqueValues]).toEqual([true, true]);
    for (const indexed of ['Action', 'Plan', 'HistoryDate']) expect(historyColumn(indexed)?.indexed).toBe(true);
    expect(historyColumn('Action')?.facet.listId).toBe(actions.id);
    expect(historyColumn('Plan')?.hidden).toBe(true);
    expect(historyColumn('HistoryJson')?.hidden).toBe(true);
    expect(historyColumn('Kind')?.facet.choices).toEqual(['changed', 'completion-proposed', 'completion-approved', 'completion-returned', 'timescale-requested', 'timescale-agreed', 'timescale-declined']);
    expect(server.site.findList('Plan bot conversations').hidden).toBe(true);
  });

  it('makes the managers’ views through the SharePoint REST endpoint, with their CAML', async () => {
    await provisionPlanSite({ http, site: server.siteUrl });
    const views = server.site.findList('Actions').views;
    expect(views.map((v) => v.title)).toEqual(['All Items', ...PLAN_VIEWS.filter((v) => v.list === 'actions').map((v) => v.title)]);
    expect(views.find((v) => v.title === 'By lead')?.viewQuery).toContain('<GroupBy');
    expect(views.find((v) => v.title === 'My actions')?.viewQuery).toContain('<UserID');
    expect(views.find((v) => v.title === 'Overdue')?.viewFields).toContain('DueDate');
    expect(server.site.findList('Updates').views.map((v) => v.title)).toContain('Recent updates');
    expect(server.site.findList('Action history').views.find((v) => v.title === 'Recent changes')?.viewFields).toEqual(['Ref', 'HistoryDate', 'Kind', 'Changes', 'Note', 'AuthorName', 'Origin']);
    expect(server.log.some((l) => l.path.includes('/_api/web/lists/getbytitle'))).toBe(true);
  });

  it('changes nothing when run twice, and says it is already up to date', async () => {
    await provisionPlanSite({ http, site: server.siteUrl });
    server.resetLog();
    const progress: ProvisionStep[] = [];
    const second = await provisionPlanSite({ http, site: server.siteUrl, onProgress: (step) => progress.push(step) });
    expect(second.upToDate).toBe(true);
    expect(writes()).toBe(0);
    expect(progress).toHaveLength(PLAN_LISTS.length + PLAN_VIEWS.length);
    expect(describeProvisioning(second)).toContain('already up to date');
  });

  it('reports a list of the same name with other columns and leaves it, and the lists that look up to it, alone', async () => {
    const theirs = server.site.createList({ displayName: 'Actions', columns: [{ name: 'Rag', text: {} }, { name: 'Notes', text: { allowMultipleLines: true } }] });
    const report = await provisionPlanSite({ http, site: server.siteUrl });
    const actions = report.steps.find((s) => s.name === 'Actions');
    expect(actions?.status).toBe('conflict');
    expect(actions?.detail).toContain('Rag is not a choice column');
    expect(theirs.columns.map((c) => c.name)).toEqual(['Title', 'ID', 'Modified', 'Created', 'Rag', 'Notes']);
    expect(report.steps.find((s) => s.name === 'Updates')?.status).toBe('skipped');
    expect(report.steps.filter((s) => s.kind === 'view' && s.name.startsWith('Actions')).every((s) => s.status === 'skipped')).toBe(true);
    expect(report.steps.find((s) => s.name === 'Plans')?.status).toBe('created');
    expect(describeProvisioning(report)).toMatch(/problem/);
  });

  it('puts back an index someone removed from one of its own lists', async () => {
    await provisionPlanSite({ http, site: server.siteUrl });
    const ref = server.site.findList('Actions').columns.find((c) => c.name === 'Ref');
    if (ref) ref.indexed = false;
    const report = await provisionPlanSite({ http, site: server.siteUrl });
    expect(report.steps.find((s) => s.name === 'Actions')).toMatchObject({ status: 'updated', detail: 'indexed on Ref' });
    expect(ref?.indexed).toBe(true);
  });

  it('adds the Action history list to a site provisioned before it, which the store refuses until then', async () => {
    await provisionPlanSite({ http, site: server.siteUrl });
    server.site.deleteList(server.site.findList('Action history'));
    await expect(GraphPlanStore.open({ http, siteId: server.siteId })).rejects.toThrow('the SharePoint site has no Action history list: run "plan provision --site ..." first');
    const report = await provisionPlanSite({ http, site: server.siteUrl });
    expect(report.steps.filter((s) => s.status !== 'unchanged').map((s) => [s.name, s.status])).toEqual([
      ['Action history', 'created'],
      ['Action history: Recent changes', 'created'],
    ]);
    await expect(GraphPlanStore.open({ http, siteId: server.siteId })).resolves.toBeInstanceOf(GraphPlanStore);
  });

  it('finds the site by its id as well as by its URL', async () => {
    const report = await provisionPlanSite({ http, site: server.siteId });
    expect(report.siteUrl).toBe(server.siteUrl);
  });
});

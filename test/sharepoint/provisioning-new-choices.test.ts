import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GraphHttp } from '../../src/graph/graph-http.js';
import { provisionPlanSite } from '../../src/store/sharepoint/provisioning.js';
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

/** A site provisioned before updates could come from a reminder email: its Origin columns lack "email". */
function asBeforeEmail(): void {
  for (const list of ['Updates', 'Action history']) {
    const origin = server.site.findList(list).columns.find((c) => c.name === 'Origin')!;
    origin.facet = { ...origin.facet, choices: (origin.facet.choices as string[]).filter((c) => c !== 'email') };
  }
}

describe('provisioning a site made by an earlier version', () => {
  it('adds the choices the product now writes to its own choice columns, keeping every choice they had', async () => {
    await provisionPlanSite({ http, site: server.siteUrl });
    asBeforeEmail();
    const origin = server.site.findList('Updates').columns.find((c) => c.name === 'Origin')!;
    origin.facet = { ...origin.facet, choices: [...(origin.facet.choices as string[]), 'meeting'] };

    const report = await provisionPlanSite({ http, site: server.siteUrl });
    expect(report.conflicts).toEqual([]);
    expect(report.steps.find((s) => s.name === 'Updates')).toMatchObject({ status: 'updated', detail: expect.stringContaining('added the choices email to Origin') });
    expect(server.site.findList('Updates').columns.find((c) => c.name === 'Origin')?.facet.choices).toEqual(['import', 'card', 'chat', 'tab', 'meeting', 'email']);
    expect(server.site.findList('Action history').columns.find((c) => c.name === 'Origin')?.facet.choices).toContain('email');

    const again = await provisionPlanSite({ http, site: server.siteUrl });
    expect(again.steps.find((s) => s.name === 'Updates')?.status).toBe('unchanged');
  });

  it('leaves a list of the same name that is not ours as it is, naming the missing choice', async () => {
    await provisionPlanSite({ http, site: server.siteUrl });
    asBeforeEmail();
    server.site.findList('Updates').description = 'Someone else’s list';
    const report = await provisionPlanSite({ http, site: server.siteUrl });
    expect(report.steps.find((s) => s.name === 'Updates')).toMatchObject({ status: 'conflict', detail: expect.stringContaining('Origin lacks the choices email') });
    expect(server.site.findList('Updates').columns.find((c) => c.name === 'Origin')?.facet.choices).not.toContain('email');
  });
});

import { createGraphHttp, type GraphHttp, type GraphHttpOptions } from '../../src/graph/graph-http.js';
import { VirtualPacingClock } from '../../src/graph/pacing-clock.js';
import { interpretTimescale } from '../../src/plan/timescale.js';
import type { ActionDraft, PlanDraft } from '../../src/plan/plan.js';
import { DEFAULT_PLAN_SETTINGS } from '../../src/plan/plan.js';
import { GraphPlanStore } from '../../src/store/sharepoint/graph-plan-store.js';
import { provisionPlanSite } from '../../src/store/sharepoint/provisioning.js';
import { startGraphTestServer, type GraphTestServer, type GraphTestServerOptions } from '../graph-server/graph-test-server.js';
import { appToken } from '../graph-server/permissions.js';

/** A local Graph server with a provisioned plan site, and a store over it. */
export interface SharePointHarness {
  server: GraphTestServer;
  http: GraphHttp;
  store: GraphPlanStore;
  close(): Promise<void>;
}

/**
 * The product's pipeline against the local servers with the default app's tokens, one per resource
 * as Entra ID issues them: Graph's for Graph, the SharePoint tenant's for its REST API.
 */
export function testHttp(server: GraphTestServer, options: Partial<GraphHttpOptions> = {}): GraphHttp {
  return createGraphHttp({
    getToken: async (audience) => appToken(audience.kind),
    graphBaseUrl: server.graphBaseUrl,
    clock: new VirtualPacingClock(),
    random: () => 0.5,
    ...options,
  });
}

export async function startSharePointHarness(options: { server?: GraphTestServerOptions; pageSize?: number; http?: Partial<GraphHttpOptions> } = {}): Promise<SharePointHarness> {
  const server = await startGraphTestServer(options.server);
  // A test that judges tokens itself (authorize) is handed the fixed 'test-token' it expects.
  const http = testHttp(server, { ...(options.server?.authorize && { getToken: async () => 'test-token' }), ...options.http });
  await provisionPlanSite({ http, site: server.siteUrl });
  // Provisioning needs manage; the app runs day to day on write (docs/permissions.md), so the store is tested on write.
  if (!options.server?.siteGrants) for (const grant of server.grants) grant.roles = ['write'];
  const store = await GraphPlanStore.open({ http, siteId: server.siteId, ...(options.pageSize !== undefined && { pageSize: options.pageSize }) });
  server.resetLog();
  return { server, http, store, close: () => server.close() };
}

const LEADS = ['Jane Price', 'DCI Wenham', 'Nigel Reid', 'LSCB training managers'];
const TIMESCALES = ['April 2013', 'Sept 2013', 'Quarterly', 'Completed', 'Ongoing'];

/** A plan draft of the given size, shaped like the seed plans (sections, leads, dated update histories). */
export function generatedDraft(actionCount: number, updatesPerAction: number, sectionSize = 10): PlanDraft {
  const sections = Array.from({ length: Math.max(1, Math.ceil(actionCount / sectionSize)) }, (_, s) => ({
    number: String(s + 1),
    title: `Priority ${s + 1}`,
    description: `Partners work together on theme ${s + 1}.`,
  }));
  const actions: ActionDraft[] = Array.from({ length: actionCount }, (_, i) => {
    const section = Math.floor(i / sectionSize);
    const lead = LEADS[i % LEADS.length] as string;
    return {
      sectionIndex: section,
      ref: `${section + 1}.${(i % sectionSize) + 1}`,
      parentRef: null,
      title: `Review referral pathway ${i}`,
      text: `Review referral pathway number ${i} with partners.`,
      outcome: 'Young people are safer.',
      leads: [{ name: lead, kind: lead.includes('managers') ? 'group' : 'person', role: null }],
      leadsText: lead,
      timescale: interpretTimescale(TIMESCALES[i % TIMESCALES.length] as string, { planYears: [2013] }),
      rag: (['Red', 'Amber', 'Green', 'Complete', 'Not set'] as const)[i % 5] ?? 'Not set',
      ragNote: null,
      sources: i % 3 === 0 ? ['ACPO 2.4'] : [],
      markers: i % 7 === 0 ? ['New'] : [],
      duplicateOf: null,
      updates: Array.from({ length: updatesPerAction }, (_, u) => ({
        date: `2013-0${(u % 9) + 1}-1${u % 10}`,
        dateSource: 'stated' as const,
        author: null,
        text: `Progress note ${u + 1} on action ${i}.`,
      })),
    };
  });
  return {
    ...DEFAULT_PLAN_SETTINGS,
    title: `Generated plan of ${actionCount} actions`,
    description: 'A generated plan.',
    owner: 'Plan owner',
    ragLegend: [{ rag: 'Red', colour: 'Red', meaning: 'at risk' }],
    versionRecord: [{ version: 'V01', date: '2013-05-15', description: 'First version', author: null, cells: { Version: 'V01' } }],
    source: { fileName: 'generated.txt', format: 'text-export', importedAt: '2013-06-01T09:00:00.000Z' },
    unplacedText: ['GSC - Official'],
    meetings: [],
    sections,
    actions,
  };
}

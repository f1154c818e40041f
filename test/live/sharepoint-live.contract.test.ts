import { describe, vi } from 'vitest';
import { GraphPlanStore } from '../../src/store/sharepoint/graph-plan-store.js';
import { isSuccess } from '../../src/graph/graph-batch.js';
import type { ListKey } from '../../src/store/sharepoint/list-schema.js';
import { provisionPlanSite } from '../../src/store/sharepoint/provisioning.js';
import { readSharePointConfig } from '../../src/store/sharepoint/sharepoint-config.js';
import { connectToSite, type PlanSite } from '../../src/store/sharepoint/site-connection.js';
import { findPlanLists, SiteLists, type PlanSiteIds } from '../../src/store/sharepoint/site-lists.js';
import { planStoreContract } from '../contract/plan-store.contract.js';

/*
 * The PlanStore contract against a real SharePoint site, with the app's own tokens, when a tenant
 * is configured; skipped otherwise. Use a site kept for testing: the contract expects a site with
 * no plans and no bot conversations, and each test deletes every item it created (items that were
 * there before are never touched). The site is provisioned first if its lists are missing
 * (views need a certificate credential: docs/sharepoint.md).
 */

const credential = process.env.GRAPH_CLIENT_SECRET || process.env.GRAPH_CERTIFICATE_PATH ? [] : ['GRAPH_CLIENT_SECRET or GRAPH_CERTIFICATE_PATH'];
const missing = [...['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'SHAREPOINT_SITE'].filter((name) => !process.env[name]), ...credential];

if (missing.length > 0) {
  console.info(`live SharePoint contract skipped: set ${missing.join(', ')} to run it against a real test site`);
}

// A real tenant answers in hundreds of milliseconds per request, and paces writes to its budget.
vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

const LISTS: readonly ListKey[] = ['updates', 'history', 'reminders', 'actions', 'plans', 'conversations', 'chatState'];

interface LiveSite {
  site: PlanSite;
  ids: PlanSiteIds;
  lists: SiteLists;
}

let opened: Promise<LiveSite> | null = null;

function liveSite(): Promise<LiveSite> {
  opened ??= (async () => {
    const config = readSharePointConfig(process.env);
    const site = await connectToSite(config);
    let ids: PlanSiteIds;
    try {
      ids = await findPlanLists(site.http, site.siteId);
    } catch {
      const report = await provisionPlanSite({ http: site.http, site: site.siteId });
      if (report.conflicts.length > 0) throw new Error(`the live site cannot be provisioned: ${report.conflicts.map((c) => `${c.name}: ${c.detail}`).join('; ')}`);
      ids = await findPlanLists(site.http, site.siteId);
    }
    return { site, ids, lists: new SiteLists(site.http, ids, 999) };
  })();
  return opened;
}

async function itemIds(lists: SiteLists): Promise<Map<ListKey, Set<string>>> {
  const found = new Map<ListKey, Set<string>>();
  for (const list of LISTS) found.set(list, new Set((await lists.query(list, { select: ['Title'] })).map((i) => i.id)));
  return found;
}

describe.skipIf(missing.length > 0)('live SharePoint site', () => {
  planStoreContract('SharePoint lists on a real site (live)', async () => {
    const { site, ids, lists } = await liveSite();
    const before = await itemIds(lists);
    const plans = (await lists.query('plans', { select: ['ImportState'] })).filter((p) => p.fields.ImportState === 'ready');
    if (plans.length > 0 || (before.get('conversations')?.size ?? 0) > 0) {
      throw new Error(`the live contract needs a test site with no plans and no bot conversations; ${site.siteUrl} has ${plans.length} plans and ${before.get('conversations')?.size ?? 0} conversations`);
    }
    const store = GraphPlanStore.overLists(site.http, ids);
    return {
      store,
      cleanup: async () => {
        const after = await itemIds(lists);
        const left: string[] = [];
        // Updates and history first, plans last: nothing is left looking up an item already gone.
        for (const list of LISTS) {
          const created = [...(after.get(list) ?? [])].filter((id) => !before.get(list)?.has(id));
          for (let i = 0; i < created.length; i += 20) {
            const part = created.slice(i, i + 20);
            const outcomes = await lists.batch(part.map((id) => lists.deleteStep(list, `d${id}`, id)));
            for (const id of part) {
              const o = outcomes.get(`d${id}`);
              if (!o || !(isSuccess(o) || o.status === 404)) left.push(`${list} ${id}`);
            }
          }
        }
        if (left.length > 0) throw new Error(`the live contract could not remove what it created: ${left.join(', ')}`);
      },
    };
  });
});

import { planStoreContract } from '../contract/plan-store.contract.js';
import { startSharePointHarness } from './sharepoint-harness.js';

// The same contract as the SQLite store, against GraphPlanStore over the local Graph server: a
// fresh provisioned site per test, pages of 100 so that reads really follow @odata.nextLink.
planStoreContract('SharePoint lists through Graph (local server)', async () => {
  const harness = await startSharePointHarness({ server: { maxPageSize: 100 }, pageSize: 500 });
  return { store: harness.store, cleanup: () => harness.close() };
});

import type { GraphPlanStore } from '../store/sharepoint/graph-plan-store.js';

/** Fills the column; a failure leaves the mappings saved and says how to fill it again. */
export async function leadsColumnNotes(store: GraphPlanStore, planId: string): Promise<string[]> {
  try {
    const report = await store.fillLeadsColumn(planId);
    return [
      `SharePoint's Leads column: ${report.changed} of ${report.actions} action${report.actions === 1 ? '' : 's'} updated; ${report.placed.length} confirmed lead${report.placed.length === 1 ? '' : 's'} in it.`,
      ...report.notPlaced.map((n) => `Not in the Leads column (the plan keeps them as written): ${n.lead}: ${n.why}`),
    ];
  } catch (error) {
    return [`The mappings are saved, but SharePoint's Leads column was not updated: ${error instanceof Error ? error.message : String(error)}. Try again with: plan leads --plan ${planId} --fill-leads-column`];
  }
}

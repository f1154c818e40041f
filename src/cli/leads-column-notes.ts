import type { GraphPlanStore } from '../store/sharepoint/graph-plan-store.js';
import { explainSharePointFailure } from './sharepoint-failure.js';

/**
 * Fills SharePoint's Leads Person column and says how it went. A failure leaves the mappings saved
 * and names the command that fills it again (`again`: the caller knows which store and site).
 */
export async function leadsColumnNotes(store: GraphPlanStore, planId: string, again: string, signal?: AbortSignal): Promise<string[]> {
  const retry = `Fill it again with: ${again}`;
  try {
    const report = await store.fillLeadsColumn(planId, signal ? { signal } : {});
    return [
      `SharePoint's Leads column: ${report.changed} of ${report.actions} action${report.actions === 1 ? '' : 's'} updated; ${report.placed.length} confirmed lead${report.placed.length === 1 ? '' : 's'} in it.`,
      ...report.notPlaced.map((n) => `Not in the Leads column (the plan keeps them as written): ${n.lead}: ${n.why}`),
      ...(report.notWritten ? [`${report.notWritten.count} action${report.notWritten.count === 1 ? '' : 's'} could not be written (${report.notWritten.why}). ${retry}`] : []),
    ];
  } catch (error) {
    // Ctrl-C is the command's to handle, not a note.
    if (signal?.aborted) throw error;
    const explained = explainSharePointFailure(error);
    return [`The mappings are saved, but SharePoint's Leads column was not updated: ${explained instanceof Error ? explained.message : String(explained)}. ${retry}`];
  }
}

import { describeReducedDate } from '../../plan/calendar-date.js';
import Table from 'cli-table3';
import type { PlansAndActions } from '../../store/plans-and-actions.js';

export async function plansCommand(store: PlansAndActions, options: { json?: boolean }): Promise<string> {
  const plans = await store.listPlans();
  if (options.json) return JSON.stringify(plans, null, 2);
  if (plans.length === 0) return 'No plans yet; bring one in with `plan import FILE`.';
  const table = new Table({ head: ['Plan id', 'Title', 'Sections', 'Actions', 'Red', 'Amber', 'Green', 'Complete', 'Last update'], style: { head: [], border: [] } });
  for (const p of plans) {
    table.push([p.id, p.title.length > 60 ? `${p.title.slice(0, 59)}…` : p.title, p.sectionCount, p.actionCount, p.ragCounts.Red, p.ragCounts.Amber, p.ragCounts.Green, p.ragCounts.Complete, p.lastUpdated === null ? '—' : describeReducedDate(p.lastUpdated)]);
  }
  return table.toString();
}

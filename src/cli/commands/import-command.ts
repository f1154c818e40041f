import { importPlanFile } from '../../import/import-file.js';
import type { ImportReport } from '../../import/import-report.js';
import { describeLocation } from '../../plan/errors.js';
import type { Plan } from '../../plan/plan.js';
import type { PlanStore } from '../../store/plan-store.js';
import { GraphPlanStore } from '../../store/sharepoint/graph-plan-store.js';
import { leadsColumnNotes } from '../leads-column-notes.js';
import { progressReporter } from '../progress.js';

export interface ImportCommandOptions {
  replace?: string;
  json?: boolean;
}

/** Reads a plan document and stores it, all or nothing; prints what was found and what needs a look. */
export async function importCommand(store: PlanStore, file: string, options: ImportCommandOptions, now: Date): Promise<string> {
  const { draft, report } = await importPlanFile(file, { importedAt: now.toISOString() });
  const progress = progressReporter(`Storing ${report.actionCount} actions`);
  const plan = await store.importPlan(draft, {
    onProgress: progress.update,
    ...(options.replace !== undefined && { replacePlanId: options.replace }),
  });
  progress.finish();
  // A replacement writes new action items; the plan's confirmed leads go back into their Person column.
  let column: string[] = [];
  if (options.replace !== undefined && store instanceof GraphPlanStore && (await store.listLeadMappings(plan.id)).some((m) => m.status === 'confirmed')) {
    column = await leadsColumnNotes(store, plan.id, `PLAN_STORE=sharepoint plan leads --plan ${plan.id} --fill-leads-column`);
  }
  if (options.json) return JSON.stringify({ planId: plan.id, report, ...(column.length > 0 && { leadsColumn: column }) }, null, 2);
  return [formatImportReport(plan, report), ...column].join('\n');
}

export function formatImportReport(plan: Plan, report: ImportReport): string {
  const lines: string[] = [];
  lines.push(`Imported "${plan.title}" as plan ${plan.id}`);
  lines.push(`  from ${report.fileName} (${report.format}): ${report.sectionCount} sections, ${report.actionCount} actions, ${report.updateCount} updates`);
  for (const table of report.tables.slice(0, 1)) {
    lines.push('  Columns:');
    for (const c of table.columns) lines.push(`    ${JSON.stringify(c.header).padEnd(40)} -> ${c.role ?? '(not used)'}  ${c.reason}`);
  }
  if (report.furniture.length > 0) {
    lines.push(`  Skipped as page furniture: ${report.furniture.map((f) => `"${f.text}" x${f.count}`).join(', ')}`);
  }
  if (report.notes.length > 0) {
    lines.push(`  To check (${report.notes.length}):`);
    for (const note of report.notes) lines.push(`    ${describeLocation(note.at)}: ${note.message}`);
  }
  if (report.unplaced.length > 0) {
    lines.push(`  Kept verbatim but not placed in an action (${report.unplaced.length}):`);
    for (const note of report.unplaced) lines.push(`    ${describeLocation(note.at)}: ${note.message}`);
  }
  return lines.join('\n');
}

import { importPlanFile, readPlanDocument } from '../../import/import-file.js';
import type { ImportReport } from '../../import/import-report.js';
import { describeReducedDate } from '../../plan/calendar-date.js';
import { describeLocation, PlanError } from '../../plan/errors.js';
import type { Plan, PlanSummary } from '../../plan/plan.js';
import { describeRevision } from '../../plan/plan-revision.js';
import { importDocument } from '../../service/import-document.js';
import type { PlansAndActions } from '../../store/plans-and-actions.js';
import { GraphPlanStore } from '../../store/sharepoint/graph-plan-store.js';
import { leadsColumnNotes } from '../leads-column-notes.js';
import { progressReporter } from '../progress.js';

export interface ImportCommandOptions {
  replace?: string;
  into?: string;
  dryRun?: boolean;
  asNew?: boolean;
  json?: boolean;
  /** Who brings the document in: the author of the changes a new version records. */
  author: string;
}

/**
 * Reads a plan document and stores it, all or nothing; prints what was found and what needs a
 * look. With --into, the document is the plan's next version and is reconciled into it; a document
 * whose title is already a plan's stops with the plans it could be, unless --as-new.
 */
export async function importCommand(store: PlansAndActions, file: string, options: ImportCommandOptions, now: Date): Promise<string> {
  if (options.replace !== undefined) return replaceCommand(store, file, { ...options, replace: options.replace }, now);
  const { fileName, data } = await readPlanDocument(file);
  const progress = progressReporter('Storing actions');
  const result = await importDocument(store, {
    fileName,
    data,
    ...(options.into !== undefined && { into: options.into }),
    ...(options.dryRun && { dryRun: true }),
    ...(options.asNew && { asNew: true }),
    importedAt: now.toISOString(),
    author: options.author,
    onProgress: progress.update,
  });
  progress.finish();
  switch (result.kind) {
    case 'title-clash':
      throw new PlanError('title_clash', titleClashMessage(result.report.fileName, result.candidates));
    case 'created':
      return options.json ? JSON.stringify({ planId: result.plan.id, report: result.report }, null, 2) : formatImportReport(result.plan, result.report);
    case 'dry-run':
      if (options.json) return JSON.stringify({ dryRun: true, into: result.into?.id ?? null, revision: result.revision, report: result.report }, null, 2);
      return result.revision && result.into
        ? [`Dry run: nothing was written. Bringing ${result.report.fileName} into "${result.into.title}" (${result.into.id}) would:`, ...describeRevision(result.revision).map((line) => `  ${line}`)].join('\n')
        : `Dry run: nothing was written. ${result.report.fileName} would become a new plan "${result.report.actionCount} actions"`;
    case 'unchanged':
      return options.json ? JSON.stringify({ planId: result.plan.id, unchanged: true, revision: result.revision }, null, 2) : `${result.report.fileName} brings nothing new to "${result.plan.title}" (${result.plan.id}): nothing to change`;
    case 'revised':
      if (options.json) return JSON.stringify({ planId: result.plan.id, revision: result.revision, report: result.report }, null, 2);
      return [`Brought ${result.report.fileName} into "${result.plan.title}" (${result.plan.id}):`, ...describeRevision(result.revision).map((line) => `  ${line}`)].join('\n');
  }
}

export function titleClashMessage(fileName: string, candidates: readonly PlanSummary[]): string {
  const lines = candidates.map((p) => `  ${p.id}  "${p.title}", ${p.actionCount} actions${p.lastUpdated ? `, last updated ${describeReducedDate(p.lastUpdated)}` : ''}`);
  return [
    `${fileName} has the title of a plan already here; is it the next version of one of these?`,
    ...lines,
    `Run again with --into <plan id> to bring it into that plan (add --dry-run to see the difference first), or --as-new to add a second plan.`,
  ].join('\n');
}

/** --replace: the old wholesale replacement, kept for plans whose history may be rewritten. */
async function replaceCommand(store: PlansAndActions, file: string, options: ImportCommandOptions & { replace: string }, now: Date): Promise<string> {
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

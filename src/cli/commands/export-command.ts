import { writeFile } from 'node:fs/promises';
import { dateIn } from '../../config/today.js';
import { exportFileName, exportFormat, exportRows } from '../../export/export-formats.js';
import { readExportOptions } from '../../export/export-options.js';
import { PlanError } from '../../plan/errors.js';
import type { PlansAndActions } from '../../store/plans-and-actions.js';
import { resolvePlan } from '../resolve-plan.js';

export interface ExportOptions {
  plan?: string;
  format: string;
  out?: string;
  /** all, since-last-meeting, latest:N or since:YYYY-MM-DD. */
  updates?: string;
  lead?: string;
  agency?: string;
  withoutClosed?: boolean;
  /** CSV only: actions (the default) or updates. */
  rows?: string;
}

/**
 * The plan in a format of src/export: JSON for scripts (the README documents its shape), Word for
 * the board's paper. A text format is printed unless --out names a file; a binary one is written to
 * --out, or to a file named from the plan's title in the current folder.
 */
export async function exportCommand(store: PlansAndActions, options: ExportOptions, now: Date): Promise<string> {
  const format = exportFormat(options.format);
  const rows = exportRows(format.name, options.rows);
  const chosen = readExportOptions(
    {
      ...(options.updates !== undefined && { updates: options.updates }),
      ...(options.lead !== undefined && { lead: options.lead }),
      ...(options.agency !== undefined && { agency: options.agency }),
      ...(options.withoutClosed && { withClosed: false }),
    },
    'export options',
  );
  const plan = await resolvePlan(store, options.plan);
  const doc = await store.exportPlan(plan.id);
  if (!doc) throw new PlanError('plan_not_found', `no plan with id "${plan.id}"`);
  const written = await format.write({ doc, options: chosen, today: dateIn(plan.timeZone, now), now: now.toISOString(), ...(rows !== undefined && { rows }) });
  if (typeof written === 'string' && options.out === undefined) return written;
  const out = options.out ?? exportFileName(plan.title, format.extension);
  await writeFile(out, typeof written === 'string' ? `${written}\n` : written);
  const updates = rows === 'updates' ? `${doc.actions.reduce((n, a) => n + a.updates.length, 0)} updates of ` : '';
  return `Wrote ${updates}${doc.actions.length} actions of ${plan.id} to ${out}`;
}

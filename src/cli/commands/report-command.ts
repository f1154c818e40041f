import { writeFile } from 'node:fs/promises';
import { dateIn } from '../../config/today.js';
import { annualReportTitle, writeAnnualReportDocx } from '../../export/docx/annual-report-docx.js';
import { exportFileName } from '../../export/export-formats.js';
import { readFinancialYear } from '../../plan/annual-report.js';
import { PlanError } from '../../plan/errors.js';
import type { PlansAndActions } from '../../store/plans-and-actions.js';
import { resolvePlan } from '../resolve-plan.js';

export interface ReportOptions {
  year: string;
  plan?: string;
  out?: string;
}

/**
 * The annual report pack of a plan for a financial year as a Word document: written to --out, or
 * to a file named from the plan's title and the year in the current folder.
 */
export async function reportCommand(store: PlansAndActions, options: ReportOptions, now: Date): Promise<string> {
  // A mistyped year is refused before the store is read.
  const year = readFinancialYear(options.year);
  const plan = await resolvePlan(store, options.plan);
  const doc = await store.exportPlan(plan.id);
  if (!doc) throw new PlanError('plan_not_found', `no plan with id "${plan.id}"`);
  const written = await writeAnnualReportDocx({ doc, year: year.label, today: dateIn(plan.timeZone, now), now: now.toISOString() });
  const out = options.out ?? exportFileName(annualReportTitle(plan.title, year.label), 'docx');
  await writeFile(out, written);
  return `Wrote the ${year.label} annual report of ${plan.id} to ${out}`;
}

import { writeFile } from 'node:fs/promises';
import { PlanError } from '../../plan/errors.js';
import type { PlansAndActions } from '../../store/plans-and-actions.js';
import { resolvePlan } from '../resolve-plan.js';

export interface ExportOptions {
  plan?: string;
  format: string;
  out?: string;
}

/** The whole plan as the domain model (PlanDocument), for scripts; the README documents its shape. */
export async function exportCommand(store: PlansAndActions, options: ExportOptions): Promise<string> {
  if (options.format !== 'json') {
    throw new PlanError('invalid_input', `--format ${options.format} is not available; use --format json`);
  }
  const plan = await resolvePlan(store, options.plan);
  const doc = await store.exportPlan(plan.id);
  if (!doc) throw new PlanError('plan_not_found', `no plan with id "${plan.id}"`);
  const json = JSON.stringify({ format: 'plan-document', formatVersion: 1, ...doc }, null, 2);
  if (options.out) {
    await writeFile(options.out, `${json}\n`, 'utf8');
    return `Wrote ${doc.actions.length} actions of ${plan.id} to ${options.out}`;
  }
  return json;
}

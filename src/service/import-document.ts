import { dateIn } from '../config/today.js';
import { importPlanBuffer } from '../import/import-file.js';
import type { ImportReport } from '../import/import-report.js';
import { PlanError } from '../plan/errors.js';
import type { Plan, PlanSummary } from '../plan/plan.js';
import { planSizeProblem } from '../plan/plan-limits.js';
import { isUnchanged, revisePlan, sizeAfterRevision, type PlanRevision } from '../plan/plan-revision.js';
import type { PlansAndActions } from '../store/plans-and-actions.js';

/**
 * Bringing a plan document in: as a new plan, or as the next version of a plan already here
 * (`into`), reconciled rather than duplicated. A document whose title is already a plan's is not
 * imported a second time unless asked (`asNew`): the caller is told which plans it could be. A dry
 * run reads and compares, and writes nothing. Used by the CLI and the HTTP API alike.
 */
export interface ImportDocumentRequest {
  fileName: string;
  data: Uint8Array;
  into?: string;
  dryRun?: boolean;
  asNew?: boolean;
  importedAt: string;
  author: string;
  onProgress?: (done: number, total: number) => void;
}

export type ImportDocumentResult =
  | { kind: 'created'; plan: Plan; report: ImportReport }
  | { kind: 'revised'; plan: Plan; report: ImportReport; revision: PlanRevision }
  | { kind: 'unchanged'; plan: Plan; report: ImportReport; revision: PlanRevision }
  | { kind: 'dry-run'; title: string; report: ImportReport; revision: PlanRevision | null; into: Plan | null }
  | { kind: 'title-clash'; report: ImportReport; candidates: PlanSummary[] };

/** Titles as a board would tell them apart: case and spacing aside. */
export function sameTitle(a: string, b: string): boolean {
  const fold = (t: string): string => t.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return fold(a) === fold(b);
}

export async function importDocument(store: PlansAndActions, request: ImportDocumentRequest): Promise<ImportDocumentResult> {
  const { draft, report } = await importPlanBuffer(request.fileName, request.data, { importedAt: request.importedAt });

  if (request.into !== undefined) {
    const current = await store.exportPlan(request.into);
    if (!current) throw new PlanError('plan_not_found', `no plan with id "${request.into}" to bring ${request.fileName} into; \`plan plans\` lists them`);
    const revision = revisePlan(current, draft);
    const problem = planSizeProblem(sizeAfterRevision(current, revision));
    if (problem) throw new PlanError('plan_too_large', `once brought in, the plan ${problem}`, { at: { file: request.fileName } });
    if (request.dryRun) return { kind: 'dry-run', title: draft.title, report, revision, into: current.plan };
    if (isUnchanged(revision)) return { kind: 'unchanged', plan: current.plan, report, revision };
    const plan = await store.applyRevision(revision, draft, {
      recordedAt: request.importedAt,
      recordedOn: dateIn(current.plan.timeZone, new Date(request.importedAt)),
      author: request.author,
      source: `re-import of ${request.fileName}`,
    });
    return { kind: 'revised', plan, report, revision };
  }

  if (!request.asNew) {
    const candidates = (await store.listPlans()).filter((p) => sameTitle(p.title, draft.title));
    if (candidates.length > 0) return { kind: 'title-clash', report, candidates };
  }
  if (request.dryRun) return { kind: 'dry-run', title: draft.title, report, revision: null, into: null };
  const plan = await store.importPlan(draft, request.onProgress ? { onProgress: request.onProgress } : {});
  return { kind: 'created', plan, report };
}

import { Router, type Request } from 'express';
import { z } from 'zod';
import { dateIn, type Clock } from '../config/today.js';
import { annualReport } from '../plan/annual-report.js';
import { readExportOptions } from '../export/export-options.js';
import { isDateOnly, type DateOnly } from '../plan/calendar-date.js';
import { PlanError } from '../plan/errors.js';
import type { PlanDocument } from '../plan/plan.js';
import { planChanges } from '../service/plan-changes.js';
import type { PlansAndActions } from '../store/plans-and-actions.js';
import type { UpdateLog } from '../store/update-log.js';
import { parseInput } from './parse-input.js';

export interface ExportRoutesOptions {
  store: PlansAndActions & UpdateLog;
  clock: Clock;
}

const WORD = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
// The same query as `GET /changes`, so the JSON and the Word document are asked for alike.
const changesQuery = z.strictObject({ since: z.string().refine(isDateOnly, 'must be a date as YYYY-MM-DD').optional() });

/**
 * The file's name in Content-Disposition: an ASCII fallback for old clients, and the title's own
 * characters (RFC 6266's filename*) for the rest.
 */
function disposition(fileName: string): string {
  const ascii = fileName.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '') || `plan${fileName.slice(fileName.lastIndexOf('.'))}`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/*
 * The Word and Excel writers (docx, exceljs) are loaded by the first request that writes a file, not
 * with the routes: they took most of a second of the server's start, before it could answer a probe.
 * Node keeps a module once loaded, so only that first request waits for them.
 */
const formats = () => import('../export/export-formats.js');

/**
 * `GET /api/plans/{planId}/export.{format}?updates=&lead=&agency=&withClosed=` (and for CSV `rows=`): the plan as a file
 * in any format of src/export (docx, ...), downloaded under a name made from its title.
 */
export function exportRoutes({ store, clock }: ExportRoutesOptions): Router {
  const router = Router();
  router.get('/plans/:planId/export.:format', async (req, res) => {
    const { exportFileName, exportFormat, exportRows } = await formats();
    const format = exportFormat(req.params.format, `export.${req.params.format}`);
    const { rows: asked, ...query } = req.query;
    if (asked !== undefined && typeof asked !== 'string') throw new PlanError('invalid_input', 'query rows: give it once, as actions or updates');
    const rows = exportRows(format.name, asked, 'query rows');
    const options = readExportOptions(query, 'query');
    const doc = await store.exportPlan(req.params.planId);
    if (!doc) throw new PlanError('plan_not_found', `no plan with id "${req.params.planId}"`);
    const now = clock();
    const written = await format.write({ doc, options, today: dateIn(doc.plan.timeZone, now), now: now.toISOString(), ...(rows !== undefined && { rows }) });
    res.setHeader('Content-Type', format.contentType);
    res.setHeader('Content-Disposition', disposition(exportFileName(doc.plan.title, format.extension)));
    res.send(typeof written === 'string' ? written : Buffer.from(written.buffer, written.byteOffset, written.byteLength));
  });

  /** The plan and its today, for the annual report of `?year=2025-26` (refused by the domain when not a year). */
  async function reportInput(req: Request<{ planId: string }>): Promise<{ doc: PlanDocument; year: string; now: Date; today: DateOnly }> {
    const doc = await store.exportPlan(req.params.planId);
    if (!doc) throw new PlanError('plan_not_found', `no plan with id "${req.params.planId}"`);
    const now = clock();
    return { doc, year: typeof req.query.year === 'string' ? req.query.year : '', now, today: dateIn(doc.plan.timeZone, now) };
  }
  // `GET /api/plans/{planId}/annual-report?year=2025-26`: the annual report pack as JSON, for the tab.
  router.get('/plans/:planId/annual-report', async (req, res) => {
    const { doc, year, today } = await reportInput(req);
    res.json(annualReport(doc, year, today));
  });
  // `GET /api/plans/{planId}/annual-report.docx?year=2025-26`: the same as the Word document.
  router.get('/plans/:planId/annual-report.docx', async (req, res) => {
    const { doc, year, now, today } = await reportInput(req);
    const [{ annualReportTitle, writeAnnualReportDocx }, { exportFileName }] = await Promise.all([import('../export/docx/annual-report-docx.js'), formats()]);
    const written = await writeAnnualReportDocx({ doc, year, today, now: now.toISOString() });
    res.setHeader('Content-Type', WORD);
    res.setHeader('Content-Disposition', disposition(exportFileName(annualReportTitle(doc.plan.title, year), 'docx')));
    res.send(Buffer.from(written.buffer, written.byteOffset, written.byteLength));
  });
  // `GET /api/plans/{planId}/changes.docx?since=YYYY-MM-DD`: "since the last meeting" (or the day) as a short Word document.
  router.get('/plans/:planId/changes.docx', async (req, res) => {
    const query = parseInput(changesQuery, req.query, 'query');
    const plan = await store.getPlan(req.params.planId);
    if (!plan) throw new PlanError('plan_not_found', `no plan with id "${req.params.planId}"`);
    const now = clock();
    const changes = await planChanges(store, plan, dateIn(plan.timeZone, now), query.since ?? null);
    const [{ changesFileTitle, writeChangesDocx }, { exportFileName }] = await Promise.all([import('../export/docx/changes-docx.js'), formats()]);
    const written = await writeChangesDocx({ plan, changes, now: now.toISOString() });
    res.setHeader('Content-Type', WORD);
    res.setHeader('Content-Disposition', disposition(exportFileName(changesFileTitle(plan.title, changes), 'docx')));
    res.send(Buffer.from(written.buffer, written.byteOffset, written.byteLength));
  });
  return router;
}

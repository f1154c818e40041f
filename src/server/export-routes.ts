import { Router } from 'express';
import { dateIn, type Clock } from '../config/today.js';
import { exportFileName, exportFormat, exportRows } from '../export/export-formats.js';
import { readExportOptions } from '../export/export-options.js';
import { PlanError } from '../plan/errors.js';
import type { PlansAndActions } from '../store/plans-and-actions.js';

export interface ExportRoutesOptions {
  store: PlansAndActions;
  clock: Clock;
}

/**
 * The file's name in Content-Disposition: an ASCII fallback for old clients, and the title's own
 * characters (RFC 6266's filename*) for the rest.
 */
function disposition(fileName: string): string {
  const ascii = fileName.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '') || `plan${fileName.slice(fileName.lastIndexOf('.'))}`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * `GET /api/plans/{planId}/export.{format}?updates=&lead=&agency=&withClosed=` (and for CSV `rows=`): the plan as a file
 * in any format of src/export (docx, ...), downloaded under a name made from its title.
 */
export function exportRoutes({ store, clock }: ExportRoutesOptions): Router {
  const router = Router();
  router.get('/plans/:planId/export.:format', async (req, res) => {
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
  return router;
}

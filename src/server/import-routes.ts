import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { PlanError } from '../plan/errors.js';
import type { Clock } from '../config/today.js';
import type { ImportDocumentResult } from '../service/import-document.js';
import type { PlansAndActions } from '../store/plans-and-actions.js';
import { parseInput } from './parse-input.js';

/*
 * Plan documents in over HTTP, as `plan import` takes them: the body is the file's bytes, the query
 * names it and says what to do. A new plan: POST /api/plans/import; the next version of a plan:
 * POST /api/plans/{planId}/import. `dryRun=true` reads and compares and writes nothing, so the tab
 * shows what would happen first. A title already a plan's is answered 409 with the plans it could
 * be, unless `asNew=true`.
 */

export interface ImportRoutesOptions {
  store: PlansAndActions;
  clock: Clock;
  identify: (req: Request) => Promise<{ name: string; userId: string | null }>;
}

const flag = z.enum(['true', 'false']).optional().transform((v) => v === 'true');
const importQuery = z.strictObject({
  fileName: z
    .string({ error: 'fileName is required: the document\'s name, such as plan.docx' })
    .trim()
    .min(1, 'fileName is required: the document\'s name, such as plan.docx')
    .max(200)
    .refine((name) => !/[/\\]|^\.\.?$/.test(name), 'fileName is a name, not a path'),
  dryRun: flag,
  asNew: flag,
});

/*
 * The importer and its Word and Excel readers (docx, exceljs) are loaded by the first import, not with
 * the routes: they took most of a second of the server's start, before it could answer a probe. Node
 * keeps a module once loaded, so only that first request waits for them; the size limit lives beside
 * the readers, so the body parser is made then too.
 */
const importer = () => import('../service/import-document.js');
const importLimit = async (): Promise<number> => (await import('../import/import-file.js')).DEFAULT_MAX_IMPORT_BYTES;

/** The body as bytes; a body over the importer's limit is refused by the same rule as a file. */
type BodyParser = ReturnType<typeof express.raw>;
let parseRaw: Promise<BodyParser> | undefined;
const rawBody: BodyParser = (req, res, next) => {
  parseRaw ??= importLimit().then((limit) => express.raw({ type: () => true, limit: limit + 1 }));
  parseRaw.then((parse) => parse(req, res, next), next);
};

function answer(result: ImportDocumentResult): { status: number; body: unknown } {
  switch (result.kind) {
    case 'title-clash':
      return {
        status: 409,
        body: {
          error: {
            code: 'title_clash',
            message: `${result.report.fileName} has the title of a plan already here ("${result.candidates[0]!.title}"): bring it into that plan as its next version, or import it as a new plan`,
            // The plans it could be, where every error body keeps what is there now.
            current: { candidates: result.candidates },
          },
        },
      };
    case 'created':
      return { status: 201, body: { kind: result.kind, planId: result.plan.id, plan: result.plan, report: result.report } };
    case 'dry-run':
      return { status: 200, body: { kind: result.kind, title: result.title, into: result.into?.id ?? null, revision: result.revision, report: result.report } };
    case 'unchanged':
    case 'revised':
      return { status: 200, body: { kind: result.kind, planId: result.plan.id, plan: result.plan, revision: result.revision, report: result.report } };
  }
}

export function importRoutes({ store, clock, identify }: ImportRoutesOptions): Router {
  const router = Router();

  async function handle(req: Request, into: string | undefined): Promise<{ status: number; body: unknown }> {
    const query = parseInput(importQuery, req.query, 'query');
    const data = Buffer.isBuffer(req.body) ? new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.byteLength) : new Uint8Array();
    const who = await identify(req);
    const { importDocument } = await importer();
    const result = await importDocument(store, {
      fileName: query.fileName,
      data,
      ...(into !== undefined && { into }),
      ...(query.dryRun && { dryRun: true }),
      ...(query.asNew && { asNew: true }),
      importedAt: clock().toISOString(),
      author: who.name,
    });
    return answer(result);
  }

  router.post('/plans/import', rawBody, async (req, res) => {
    const { status, body } = await handle(req, undefined);
    res.status(status).json(body);
  });

  router.post('/plans/:planId/import', rawBody, async (req, res) => {
    const { status, body } = await handle(req, req.params.planId);
    res.status(status).json(body);
  });

  // A body over the limit is the importer's "too large", with its message, not a generic parser error.
  router.use((err: unknown, _req: Request, _res: unknown, next: (err?: unknown) => void) => {
    const tooLarge = typeof err === 'object' && err !== null && 'type' in err && err.type === 'entity.too.large';
    if (!tooLarge) return next(err);
    importLimit().then((limit) => next(new PlanError('import_file_too_large', `the document is larger than ${limit / 1024 / 1024} MB; a plan document is at most that`)), next);
  });

  return router;
}

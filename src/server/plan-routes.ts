import { Router, type Request } from 'express';
import { z } from 'zod';
import { PlanError } from '../plan/errors.js';
import type { Plan } from '../plan/plan.js';
import { RAG_VALUES } from '../plan/rag.js';
import { MAX_UPDATE_TEXT_LENGTH } from '../plan/update-rules.js';
import { dateIn, type Clock } from '../config/today.js';
import type { PlansAndActions } from '../store/plans-and-actions.js';
import type { UpdateLog } from '../store/update-log.js';
import { recordUpdate } from '../service/record-update.js';
import { changeActionFields } from '../service/change-action.js';
import { pageLink, parseActionPage, parseActionQuery } from '../service/action-query.js';
import { jsonArray } from './json-array.js';
import { parseInput } from './parse-input.js';

export interface PlanRoutesOptions {
  store: PlansAndActions & UpdateLog;
  clock: Clock;
  /** Who is making a request: from the Teams SSO token in Teams, a fixed name in local mode. */
  identify: (req: Request) => Promise<{ name: string; userId: string | null }>;
}

const newUpdateBody = z.strictObject({
  // Length is checked by the domain rule so the message is the same everywhere.
  text: z.string().max(MAX_UPDATE_TEXT_LENGTH * 10),
  rag: z.enum(RAG_VALUES).optional(),
  timescale: z.string().max(200).optional(),
  version: z.string().min(1).optional(),
  key: z.string().min(8).max(200).optional(),
});

const changeBody = z
  .strictObject({
    version: z.string().min(1, 'version is required: send the version you last read'),
    rag: z.enum(RAG_VALUES).optional(),
    timescale: z.string().trim().min(1).max(200).optional(),
  })
  .refine((b) => b.rag !== undefined || b.timescale !== undefined, { message: 'send rag or timescale to change' });

/** The JSON API the tab and scripts use. Plan and action are addressed by plan id and ref. */
export function planRoutes({ store, clock, identify }: PlanRoutesOptions): Router {
  const router = Router();

  async function planOr404(planId: string): Promise<Plan> {
    const plan = await store.getPlan(planId);
    if (!plan) throw new PlanError('plan_not_found', `no plan with id "${planId}"`);
    return plan;
  }

  async function actionOr404(planId: string, ref: string) {
    await planOr404(planId);
    const action = await store.getActionByRef(planId, ref);
    if (!action) throw new PlanError('action_not_found', `plan "${planId}" has no action ${ref}`);
    return action;
  }

  router.get('/plans', async (_req, res) => {
    res.json(await store.listPlans());
  });

  router.get('/plans/:planId', async (req, res) => {
    const plan = await planOr404(req.params.planId);
    const sections = await store.listSections(plan.id);
    res.json({ plan, sections, today: dateIn(plan.timeZone, clock()) });
  });

  router.get('/plans/:planId/actions', async (req, res) => {
    const plan = await planOr404(req.params.planId);
    const filter = parseActionQuery(req.query, dateIn(plan.timeZone, clock()));
    const { top, skip } = parseActionPage(req.query);
    const actions = await store.findActions(plan.id, filter);
    res.setHeader('X-Total-Count', String(actions.length));
    if (skip + top < actions.length) res.setHeader('Link', `<${pageLink(req.originalUrl, top, skip + top)}>; rel="next"`);
    res.type('application/json').send(jsonArray(actions.slice(skip, skip + top)));
  });

  router.get('/plans/:planId/export', async (req, res) => {
    const doc = await store.exportPlan(req.params.planId);
    if (!doc) throw new PlanError('plan_not_found', `no plan with id "${req.params.planId}"`);
    res.json(doc);
  });

  router.get('/plans/:planId/actions/:ref', async (req, res) => {
    res.json(await actionOr404(req.params.planId, req.params.ref));
  });

  router.post('/plans/:planId/actions/:ref/updates', async (req, res) => {
    const body = parseInput(newUpdateBody, req.body, 'field');
    const plan = await planOr404(req.params.planId);
    const action = await actionOr404(plan.id, req.params.ref);
    const who = await identify(req);
    const now = clock();
    const result = await recordUpdate(store, {
      actionId: action.id,
      text: body.text,
      ...(body.rag !== undefined && { rag: body.rag }),
      ...(body.timescale !== undefined && { timescale: body.timescale }),
      ...(body.version !== undefined && { expectedVersion: body.version }),
      author: who.name,
      authorId: who.userId,
      origin: 'tab',
      key: body.key ?? `tab:${crypto.randomUUID()}`,
      now,
      today: dateIn(plan.timeZone, now),
    });
    res.status(result.created ? 201 : 200).json(result);
  });

  router.patch('/plans/:planId/actions/:ref', async (req, res) => {
    const body = parseInput(changeBody, req.body, 'field');
    const plan = await planOr404(req.params.planId);
    const action = await actionOr404(plan.id, req.params.ref);
    const now = clock();
    const changed = await changeActionFields(store, action, body.version, {
      ...(body.rag !== undefined && { rag: body.rag }),
      ...(body.timescale !== undefined && { timescale: body.timescale }),
      now,
      today: dateIn(plan.timeZone, now),
    });
    res.json(changed);
  });

  return router;
}

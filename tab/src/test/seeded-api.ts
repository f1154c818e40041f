/**
 * A PlanApi for component tests that answers from the real store and services, with the two
 * sample plans imported, and fails the way the HTTP API does (same error kinds and codes).
 */
import { seedSamples } from '../../../src/service/seed-samples.js';
import { dateIn, type Clock } from '../../../src/config/today.js';
import { PlanError, VersionConflictError } from '../../../src/plan/errors.js';
import { changeActionFields } from '../../../src/service/change-action.js';
import { answerCompletion, answerTimescale, changeTimescale, completeAction, type RequestContext } from '../../../src/service/completion-requests.js';
import { importDocument } from '../../../src/service/import-document.js';
import { addMeeting, removeMeeting } from '../../../src/service/meeting-dates.js';
import { ownerStanding } from '../../../src/service/owner-standing.js';
import { planChanges } from '../../../src/service/plan-changes.js';
import { recordUpdate } from '../../../src/service/record-update.js';
import type { Plan } from '../../../src/plan/plan.js';
import { openPlanStore } from '../../../src/store/open-store.js';
import type { PlanStore } from '../../../src/store/plan-store.js';
import { ApiError, errorKind } from '../api/api-error.js';
import type { ImportAnswer, PlanApi } from '../api/plan-api.js';

/** 1 March 2018: the Gloucestershire plan is current, so overdue, due soon and stale all mean something. */
export const TEST_NOW = new Date('2018-03-01T12:00:00Z');
export const testClock: Clock = () => TEST_NOW;

export const GLOUCESTERSHIRE = 'gloucestershire-multi-agency-child';
export const PAN_CHESHIRE = 'pan-cheshire-child-sexual-exploitation';

export async function seededStore(): Promise<PlanStore> {
  const store = await openPlanStore({ kind: 'sqlite', path: ':memory:' });
  await seedSamples(store, () => {}, TEST_NOW);
  return store;
}

/** What went over the wire: a JSON round trip, as the browser would see it. */
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function asApiError(error: unknown): never {
  if (error instanceof VersionConflictError) throw new ApiError('conflict', error.message, 409, error.code, wire(error.current));
  if (error instanceof PlanError) throw new ApiError(errorKind(error.status, error.code), error.message, error.status, error.code);
  throw error;
}

/**
 * Answers as the API does for one person: "Local demo user" unless `author` names another, who is
 * the plan's owner when the plan names them (local mode compares names, as the server does).
 */
export function storeApi(store: PlanStore, options: { clock?: Clock; author?: string } = {}): PlanApi {
  const clock = options.clock ?? testClock;
  const person = { name: options.author ?? 'Local demo user', userId: null };
  const standing = (plan: Plan) => ownerStanding(store, plan, person);
  /** As the server's requestContext: who, what they may decide, the key and the times. */
  const context = async (plan: Plan, body: { key?: string | undefined; date?: string | undefined }): Promise<RequestContext> => {
    const you = await standing(plan);
    const now = clock();
    return {
      by: { author: person.name, authorId: null, origin: 'tab' },
      isOwner: you.isOwner,
      ownerApproves: you.ownerApproves,
      key: `tab:${body.key ?? crypto.randomUUID()}`,
      now,
      today: dateIn(plan.timeZone, now),
      ...(body.date !== undefined && { date: body.date }),
    };
  };
  const planOr404 = async (planId: string) => {
    const plan = await store.getPlan(planId);
    if (!plan) throw new PlanError('plan_not_found', `no plan with id "${planId}"`);
    return plan;
  };
  const actionOr404 = async (planId: string, ref: string) => {
    await planOr404(planId);
    const action = await store.getActionByRef(planId, ref);
    if (!action) throw new PlanError('action_not_found', `plan "${planId}" has no action ${ref}`);
    return action;
  };
  const call = <T>(work: () => Promise<T>): Promise<T> => work().then(wire, asApiError);
  return {
    listPlans: () => call(() => store.listPlans()),
    getPlan: (planId) =>
      call(async () => {
        const plan = await planOr404(planId);
        return { plan, sections: await store.listSections(planId), today: dateIn(plan.timeZone, clock()), you: await standing(plan) };
      }),
    listActions: (planId) => call(async () => store.findActions((await planOr404(planId)).id)),
    getAction: (planId, ref) => call(() => actionOr404(planId, ref)),
    addUpdate: (planId, ref, body) =>
      call(async () => {
        const plan = await planOr404(planId);
        const action = await actionOr404(planId, ref);
        const now = clock();
        return recordUpdate(store, {
          actionId: action.id,
          text: body.text,
          ...(body.rag !== undefined && { rag: body.rag }),
          ...(body.timescale !== undefined && { timescale: body.timescale }),
          ...(body.date !== undefined && { date: body.date }),
          ...(body.evidence !== undefined && { evidence: body.evidence }),
          expectedVersion: body.version,
          author: person.name,
          authorId: null,
          origin: 'tab',
          mayClose: (await standing(plan)).mayDecide,
          key: body.key,
          now,
          today: dateIn(plan.timeZone, now),
        });
      }),
    changeAction: (planId, ref, body) =>
      call(async () => {
        const plan = await planOr404(planId);
        const action = await actionOr404(planId, ref);
        const ctx = await context(plan, {});
        if (body.timescale !== undefined && body.timescale !== action.timescale.asWritten && !(ctx.isOwner || !ctx.ownerApproves)) {
          throw new PlanError('not_plan_owner', `this plan has its owner agree new timescales: ask for one (POST .../actions/${action.ref}/timescale-requests) with your reason`);
        }
        return changeActionFields(store, action, body.version, {
          ...(body.rag !== undefined && { rag: body.rag }),
          ...(body.timescale !== undefined && { timescale: body.timescale }),
          ...(body.note !== undefined && { note: body.note }),
          ...ctx,
          mayClose: ctx.isOwner || !ctx.ownerApproves,
        });
      }),
    completeAction: (planId, ref, body) =>
      call(async () => {
        const plan = await planOr404(planId);
        return completeAction(store, await actionOr404(planId, ref), body.version, body.evidence, await context(plan, body));
      }),
    answerCompletion: (planId, ref, body) =>
      call(async () => {
        const plan = await planOr404(planId);
        return answerCompletion(store, await actionOr404(planId, ref), body.version, { approve: body.approve, note: body.note ?? null }, await context(plan, body));
      }),
    requestTimescale: (planId, ref, body) =>
      call(async () => {
        const plan = await planOr404(planId);
        return changeTimescale(store, await actionOr404(planId, ref), body.version, { timescale: body.timescale, reason: body.reason }, await context(plan, body));
      }),
    answerTimescale: (planId, ref, body) =>
      call(async () => {
        const plan = await planOr404(planId);
        return answerTimescale(store, await actionOr404(planId, ref), body.version, { agree: body.agree, note: body.note ?? null }, await context(plan, body));
      }),
    addMeeting: (planId, body) =>
      call(async () => {
        const plan = await planOr404(planId);
        return (await addMeeting(store, plan, { date: body.date, title: body.title ?? null, source: body.source ?? 'entered', ...(body.chatId !== undefined && { chatId: body.chatId }) }, dateIn(plan.timeZone, clock()))).meetings;
      }),
    removeMeeting: (planId, date) => call(async () => (await removeMeeting(store, await planOr404(planId), date)).meetings),
    getChanges: (planId, since) =>
      call(async () => {
        const plan = await planOr404(planId);
        return planChanges(store, plan, dateIn(plan.timeZone, clock()), since ?? null);
      }),
    importDocument: ({ file, fileName, into, dryRun, asNew }) =>
      call(async (): Promise<ImportAnswer> => {
        const result = await importDocument(store, {
          fileName,
          data: new Uint8Array(await file.arrayBuffer()),
          ...(into !== undefined && { into }),
          ...(dryRun && { dryRun: true }),
          ...(asNew && { asNew: true }),
          importedAt: clock().toISOString(),
          author: options.author ?? 'Local demo user',
        });
        switch (result.kind) {
          case 'title-clash':
            throw new ApiError(errorKind(409, 'title_clash'), `${fileName} has the title of a plan already here`, 409, 'title_clash', wire({ candidates: result.candidates }));
          case 'created':
            return { kind: 'created', planId: result.plan.id, report: result.report };
          case 'dry-run':
            return { kind: 'dry-run', title: result.title, into: result.into?.id ?? null, revision: result.revision, report: result.report };
          default:
            return { kind: result.kind, planId: result.plan.id, revision: result.revision, report: result.report };
        }
      }),
  };
}

import { whoIsDue } from '../../bot/reminders/who-is-due.js';
import { ownerCardFor } from '../../bot/reminders/owner-requests-delivery.js';
import type { AdaptiveCard } from '../../bot/cards/adaptive-card.js';
import type { DateOnly } from '../../src/plan/calendar-date.js';
import { normaliseLeadName } from '../../src/plan/lead.js';
import type { Plan } from '../../src/plan/plan.js';
import { changeTimescale, completeAction, type RequestContext } from '../../src/service/completion-requests.js';
import type { PlanStore } from '../../src/store/plan-store.js';

/*
 * A plan whose owner approves closures and new timescales, and leads' requests to that owner made
 * through the service as the tab, chat and the reminder card make them.
 */

export interface Someone {
  id: string;
  name: string;
}

/** Makes `owner` the plan's owner, who approves, tied to their Entra id by a confirmed lead mapping (as a signed-in owner must be). */
export async function ownerApproves(store: PlanStore, plan: Plan, owner: Someone, at = '2017-12-01T10:00:00.000Z'): Promise<void> {
  await store.updatePlanSettings(plan.id, { owner: owner.name, ownerApproves: true });
  const others = (await store.listLeadMappings(plan.id)).filter((m) => m.lead !== normaliseLeadName(owner.name));
  const target = { kind: 'user' as const, id: owner.id, displayName: owner.name, mail: null };
  await store.saveLeadMappings(plan.id, [
    ...others,
    { lead: normaliseLeadName(owner.name), writtenAs: owner.name, status: 'confirmed', target, candidates: [target], updatedAt: at, confirmedBy: 'Plan owner' },
  ]);
}

function leadContext(lead: Someone, key: string, now: Date): RequestContext {
  return { by: { author: lead.name, authorId: lead.id, origin: 'card' }, isOwner: false, ownerApproves: true, key, now, today: now.toISOString().slice(0, 10) };
}

async function actionOf(store: PlanStore, plan: Plan, ref: string) {
  const action = await store.getActionByRef(plan.id, ref);
  if (!action) throw new Error(`no ${ref}`);
  return action;
}

/** A lead proposes closing an action, with what difference it made. */
export async function proposeCompletion(store: PlanStore, plan: Plan, ref: string, lead: Someone, evidence: string, now: Date): Promise<void> {
  const action = await actionOf(store, plan, ref);
  const result = await completeAction(store, action, action.version, evidence, leadContext(lead, `test|propose|${ref}|${now.toISOString()}`, now));
  if (result.outcome !== 'requested') throw new Error(`${ref} closed instead of proposed`);
}

/** A lead asks for a new timescale, with why. */
export async function askForTimescale(store: PlanStore, plan: Plan, ref: string, lead: Someone, timescale: string, reason: string, now: Date): Promise<void> {
  const action = await actionOf(store, plan, ref);
  const result = await changeTimescale(store, action, action.version, { timescale, reason }, leadContext(lead, `test|timescale|${ref}|${now.toISOString()}`, now));
  if (result.outcome !== 'requested') throw new Error(`${ref}'s timescale changed instead of asked for`);
}

/** The owner's card as the sweep sends it on a day: the requests who-is-due finds waiting. */
export async function ownerCardOn(store: PlanStore, plan: Plan, day: DateOnly, owner: string, userIds: string[] = []): Promise<AdaptiveCard> {
  const due = await whoIsDue(store, (await store.getPlan(plan.id))!, day);
  if (!due.ownerRequests) throw new Error(`no request waits for the owner of ${plan.id} on ${day}`);
  return ownerCardFor(due, owner, userIds);
}

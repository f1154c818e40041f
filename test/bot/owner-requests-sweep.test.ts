import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdaptiveCard } from '../../bot/cards/adaptive-card.js';
import { handleCardAction } from '../../bot/cards/card-actions.js';
import { OWNER_CARD_VERBS } from '../../bot/cards/owner-card-data.js';
import { isOwnerRequestsKey, whoIsDue } from '../../bot/reminders/who-is-due.js';
import { dueCommand } from '../../src/cli/commands/due-command.js';
import { describeReport } from '../../src/cli/commands/remind-command.js';
import type { Lead } from '../../src/plan/lead.js';
import type { Plan } from '../../src/plan/plan.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { SqlitePlanStore } from '../../src/store/sqlite/sqlite-plan-store.js';
import { aadIdOf, dueByLead, importSample, peopleFor, reminderWorld, type ReminderWorld } from '../bot-connector/reminder-harness.js';
import type { RecordedActivity } from '../bot-connector/bot-connector-server.js';
import { cardText, pressOwner } from './card-buttons.js';
import { ownerApproves, proposeCompletion } from './owner-requests-seed.js';

/*
 * The plan owner's requests card in the daily sweep: sent while leads' requests wait for the owner,
 * once a day per plan (claimed in the reminder log under a key of its own), through the same Bot
 * Connector sender as the leads' reminders, and listed by the dry run and `plan due`.
 */

const GLOUCESTERSHIRE = 'gloucestershire-cse-2017-18.txt';
const OWNER = { id: aadIdOf('Jane Price'), name: 'Jane Price' };
const NIGEL = { id: aadIdOf('Nigel Hatten'), name: 'Nigel Hatten' };
const ASKED_AT = new Date('2018-01-09T15:00:00.000Z');
const EVIDENCE = 'Cyber-crime referrals now go to the CSE team within a day';

let dir: string;
let store: PlanStore;
let world: ReminderWorld;
let glos: Plan;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-owner-'));
  store = new SqlitePlanStore(join(dir, 'plans.db'));
  world = await reminderWorld();
  glos = await importSample(store, GLOUCESTERSHIRE);
  const leads: Lead[] = [...(await dueByLead(store, glos, '2018-01-10')).values()].map((items) => items[0]!.lead);
  if (!leads.some((l) => l.name === OWNER.name)) leads.push({ name: OWNER.name, kind: 'person', role: null });
  await peopleFor(store, glos, world, leads, () => true);
  await ownerApproves(store, glos, OWNER);
});

afterEach(async () => {
  await world.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function sweepOn(day: string, options: { dryRun?: boolean } = {}) {
  world.clock.set(`${day}T09:00:00.000Z`);
  return world.sweep(store, { planIds: [glos.id], ...options });
}

/** The requests cards that reached the owner's chat. */
function ownerCards(): RecordedActivity[] {
  const chat = world.tenant.people.get(OWNER.id)!.chatId;
  return world.connector.activities.filter((a) => a.conversationId === chat && JSON.stringify(a.activity).includes('Requests waiting for your answer'));
}

function cardIn(activity: RecordedActivity): AdaptiveCard {
  return (activity.activity.attachments as { content: AdaptiveCard }[])[0]!.content;
}

describe("the plan owner's requests card in the daily sweep", () => {
  it("does not chase a lead about an action whose completion they proposed: the owner decides", async () => {
    const before = await whoIsDue(store, glos, '2018-01-10');
    expect(before.open.some((d) => d.action.ref === '3.4' && d.lead.name === NIGEL.name)).toBe(true);
    await proposeCompletion(store, glos, '3.4', NIGEL, EVIDENCE, ASKED_AT);
    const after = await whoIsDue(store, glos, '2018-01-10');
    expect(after.open.some((d) => d.action.ref === '3.4')).toBe(false);
    expect(after.snoozed).toContainEqual({ lead: NIGEL.name, ref: '3.4', why: 'completion proposed on 2018-01-09, waiting for the plan owner' });
  });

  it('sends the owner nothing while no request waits', async () => {
    const report = await sweepOn('2018-01-10');
    expect(report.plans[0]!.ownerRequests).toBeNull();
    expect(ownerCards()).toEqual([]);
    expect((await store.listReminders({ planId: glos.id })).filter((r) => isOwnerRequestsKey(r.key))).toEqual([]);
  });

  it('sends the owner one card a day while a request waits, claimed in the reminder log under a key of its own, and none once it is answered', async () => {
    await proposeCompletion(store, glos, '3.4', NIGEL, EVIDENCE, ASKED_AT);

    const first = await sweepOn('2018-01-10');
    expect(first.plans[0]!.ownerRequests).toEqual({
      owner: 'Jane Price',
      requests: [{ ref: '3.4', kind: 'completion', by: 'Nigel Hatten' }],
      status: 'sent',
      why: "1 request from leads waits for the owner's answer; card sent to Jane Price",
    });
    expect(ownerCards()).toHaveLength(1);
    const card = cardIn(ownerCards()[0]!);
    expect(cardText(card)).toContain(`What difference it made: ${EVIDENCE}`);
    expect(card.refresh?.userIds).toEqual([`29:${OWNER.id}`]);
    const claimed = (await store.listReminders({ planId: glos.id })).filter((r) => isOwnerRequestsKey(r.key));
    expect(claimed).toEqual([expect.objectContaining({ status: 'sent', leadUserId: OWNER.id, period: '2018-01-10', sentAt: '2018-01-10T09:00:00.000Z' })]);

    // A second run, or another server, the same day: the day's card went already.
    const again = await sweepOn('2018-01-10');
    expect(again.plans[0]!.ownerRequests).toMatchObject({ status: 'already-sent', why: "today's card: already sent on 2018-01-10" });
    expect(ownerCards()).toHaveLength(1);

    // Still waiting the next day: another card.
    await sweepOn('2018-01-11');
    expect(ownerCards()).toHaveLength(2);

    // The owner approves from the card they were sent; nothing waits, so no card the day after.
    world.clock.set('2018-01-11T10:30:00.000Z');
    const answered = await handleCardAction({ store, clock: world.clock.read }, { ...pressOwner(cardIn(ownerCards()[1]!), '3.4', OWNER_CARD_VERBS.approve), user: OWNER });
    expect(cardText(answered.value as AdaptiveCard)).toContain('Completion of 3.4 approved');
    expect((await store.getActionByRef(glos.id, '3.4'))!.rag).toBe('Complete');
    const after = await sweepOn('2018-01-12');
    expect(after.plans[0]!.ownerRequests).toBeNull();
    expect(ownerCards()).toHaveLength(2);
  });

  it('sends the card once when two servers sweep at the same moment', async () => {
    await proposeCompletion(store, glos, '3.4', NIGEL, EVIDENCE, ASKED_AT);
    const second = new SqlitePlanStore(join(dir, 'plans.db'));
    try {
      world.clock.set('2018-01-10T09:00:00.000Z');
      const reports = await Promise.all([world.sweep(store, { planIds: [glos.id] }), world.sweep(second, { planIds: [glos.id] }, world.sending(second))]);
      expect(ownerCards()).toHaveLength(1);
      expect(reports.map((r) => r.plans[0]!.ownerRequests!.status).sort()).toEqual(['already-sent', 'sent']);
    } finally {
      await second.close();
    }
  });

  it('says why, claiming nothing, when the plan owner cannot be messaged', async () => {
    await proposeCompletion(store, glos, '3.4', NIGEL, EVIDENCE, ASKED_AT);
    await store.updatePlanSettings(glos.id, { owner: 'Someone Unmapped' });
    const report = await sweepOn('2018-01-10');
    expect(report.plans[0]!.ownerRequests).toMatchObject({ owner: 'Someone Unmapped', status: 'unreachable', why: expect.stringContaining('not matched to anyone yet') });
    expect((await store.listReminders({ planId: glos.id })).filter((r) => isOwnerRequestsKey(r.key))).toEqual([]);
  });
});

describe('the dry run and plan due', () => {
  it("list the owner's card while a request waits, claiming and sending nothing", async () => {
    await proposeCompletion(store, glos, '3.4', NIGEL, EVIDENCE, ASKED_AT);
    const dry = await sweepOn('2018-01-10', { dryRun: true });
    expect(world.connector.requests).toEqual([]);
    expect(await store.listReminders({ planId: glos.id })).toEqual([]);
    expect(dry.plans[0]!.ownerRequests).toEqual({
      owner: 'Jane Price',
      requests: [{ ref: '3.4', kind: 'completion', by: 'Nigel Hatten' }],
      status: 'would-send',
      why: "1 request from leads waits for the owner's answer; card to Jane Price",
    });
    expect(describeReport(dry)).toContain("  Requests card to the plan owner Jane Price (3.4 completion): would send; 1 request from leads waits for the owner's answer; card to Jane Price");

    const due = await dueCommand(store, { plan: glos.id, on: '2018-01-10' }, world.clock.read());
    expect(due).toContain('For the plan owner Jane Price: 1 request from leads waits for an answer; their requests card goes to Jane Price, once a day');
    expect(due).toContain('  3.4 completion proposed by Nigel Hatten on 2018-01-09');
    const json = JSON.parse(await dueCommand(store, { plan: glos.id, on: '2018-01-10', json: true }, world.clock.read())) as { ownerRequests: unknown };
    expect(json.ownerRequests).toEqual({ owner: 'Jane Price', person: 'Jane Price', unreachable: null, requests: [{ ref: '3.4', kind: 'completion', by: 'Nigel Hatten', on: '2018-01-09' }] });

    // Once the day's card has gone, the dry run says so.
    await sweepOn('2018-01-10');
    expect((await sweepOn('2018-01-10', { dryRun: true })).plans[0]!.ownerRequests).toMatchObject({ status: 'already-sent' });
  });

  it('list no card for the owner when nothing waits', async () => {
    const dry = await sweepOn('2018-01-10', { dryRun: true });
    expect(dry.plans[0]!.ownerRequests).toBeNull();
    expect(describeReport(dry)).not.toContain('Requests card');
    expect(await dueCommand(store, { plan: glos.id, on: '2018-01-10' }, world.clock.read())).not.toContain('plan owner');
  });
});

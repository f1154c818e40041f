import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyDigest } from '../../bot/cards/card-data.js';
import { isEscalationKey } from '../../bot/reminders/escalation.js';
import { normaliseLeadName, type Lead } from '../../src/plan/lead.js';
import type { Plan } from '../../src/plan/plan.js';
import type { ReminderDue } from '../../src/plan/reminder-policy.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { SqlitePlanStore } from '../../src/store/sqlite/sqlite-plan-store.js';
import {
  aadIdOf,
  cardDigests,
  digestsOf,
  dueByLead,
  giveChat,
  importSample,
  peopleFor,
  reminderWorld,
  type ReminderWorld,
} from '../bot-connector/reminder-harness.js';
import { dueCommand } from '../../src/cli/commands/due-command.js';
import { z } from 'zod';

const GLOUCESTERSHIRE = 'gloucestershire-cse-2017-18.txt';
const CHESHIRE = 'pan-cheshire-cse-2013.txt';
const ON = '2018-01-10';

let dir: string;
let store: PlanStore;
let world: ReminderWorld;
let glos: Plan;
let due: Map<string, ReminderDue[]>;
let leads: Lead[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-sweep-'));
  store = new SqlitePlanStore(join(dir, 'plans.db'));
  world = await reminderWorld();
  glos = await importSample(store, GLOUCESTERSHIRE);
  due = await dueByLead(store, glos, ON);
  leads = [...due.values()].map((items) => items[0]!.lead);
  // Every other lead has opened the bot; the rest never did, so the app is installed for them through Graph.
  await peopleFor(store, glos, world, leads, (_lead, i) => i % 2 === 0);
});

afterEach(async () => {
  await world.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function keysOf(items: readonly ReminderDue[]): string[] {
  return items.map((i) => i.key);
}

/** How many times each reminder key reached the connector, over every card sent. */
function deliveries(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of world.connector.activities) for (const d of cardDigests(a)) counts.set(d, (counts.get(d) ?? 0) + 1);
  return counts;
}

function allDue(): ReminderDue[] {
  return [...due.values()].flat();
}

describe('reminder sweep over the Gloucestershire plan on 10 Jan 2018', () => {
  it('sends each lead one card listing all their reminders, and records every key as sent', async () => {
    const report = await world.sweep(store, { on: ON, planIds: [glos.id] });

    expect(world.connector.activities).toHaveLength(due.size);
    for (const [key, items] of due) {
      const person = world.tenant.people.get(aadIdOf(items[0]!.lead.name))!;
      const cards = world.connector.activities.filter((a) => a.aadObjectId === person.aadObjectId);
      expect(cards, `one card for ${key}`).toHaveLength(1);
      expect(cardDigests(cards[0]!)).toEqual(digestsOf(items));
      expect(cards[0]!.activity.attachments).toMatchObject([{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.5' } }]);
    }
    const log = await store.listReminders({ planId: glos.id });
    expect(log.map((r) => r.key).sort()).toEqual(keysOf(allDue()).sort());
    expect(log.every((r) => r.status === 'sent' && r.sentAt === world.clock.now.toISOString())).toBe(true);
    expect(report.totals).toMatchObject({ due: allDue().length, sent: allDue().length, cards: due.size, failed: 0, unreachable: 0 });
  });

  it('installs the app through Graph for leads who never opened the bot, and keeps their chat for next time', async () => {
    const report = await world.sweep(store, { on: ON, planIds: [glos.id] });
    const never = leads.filter((_l, i) => i % 2 === 1);
    expect(world.tenant.installs.map((i) => i.aadObjectId).sort()).toEqual(never.map((l) => aadIdOf(l.name)).sort());
    expect(report.plans[0]!.sent.filter((s) => s.via === 'installed').map((s) => s.lead).sort()).toEqual(never.map((l) => l.name).sort());
    for (const lead of never) {
      const stored = await store.getConversationReference(aadIdOf(lead.name));
      expect(stored?.conversationId).toBe(world.tenant.people.get(aadIdOf(lead.name))!.chatId);
    }
    // The card refreshes for the lead's Teams id when the bot knows it (a stored chat).
    const opened = world.connector.activities.find((a) => a.aadObjectId === aadIdOf(leads[0]!.name))!;
    expect(JSON.stringify(opened.activity)).toContain(`"userIds":["29:${aadIdOf(leads[0]!.name)}"]`);
  });

  it('sends the bot token and stays within the per-conversation limits (no 429 of its own making)', async () => {
    await world.sweep(store, { on: ON, planIds: [glos.id] });
    expect(world.connector.activities.every((a) => a.authorization === 'Bearer bot-token')).toBe(true);
    expect(world.connector.limitRefusals()).toBe(0);
  });

  it('claims each key before its card reaches the Bot Connector', async () => {
    const seenAtArrival: Promise<string[]>[] = [];
    await world.close();
    world = await reminderWorld({
      connector: {
        onActivity: (activity) => {
          // SQLite answers synchronously inside the call: the log as it is when the card arrives.
          const digests = cardDigests(activity);
          seenAtArrival.push(store.listReminders({ planId: glos.id }).then((log) => log.filter((r) => digests.includes(keyDigest(r.key))).map((r) => r.status)));
          return 'deliver';
        },
      },
    });
    await peopleFor(store, glos, world, leads, () => true);
    await world.sweep(store, { on: ON, planIds: [glos.id] });
    const statuses = await Promise.all(seenAtArrival);
    expect(statuses).toHaveLength(due.size);
    statuses.forEach((s, i) => {
      expect(s.length, `card ${i}`).toBe(cardDigests(world.connector.activities[i]!).length);
      expect(new Set(s)).toEqual(new Set(['claimed']));
    });
  });

  it('sends nothing already sent when it runs again the same day', async () => {
    await world.sweep(store, { on: ON, planIds: [glos.id] });
    const again = await world.sweep(store, { on: ON, planIds: [glos.id] });
    expect(world.connector.activities).toHaveLength(due.size);
    expect(again.totals.sent).toBe(0);
    expect(new Set(again.plans[0]!.skipped.map((s) => s.why))).toEqual(new Set([`already sent on ${ON}`]));
  });

  it('sends each reminder once when two servers sweep at the same moment', async () => {
    const second = new SqlitePlanStore(join(dir, 'plans.db'));
    try {
      const [a, b] = await Promise.all([
        world.sweep(store, { on: ON, planIds: [glos.id], concurrency: 4 }),
        world.sweep(second, { on: ON, planIds: [glos.id], concurrency: 4 }, world.sending(second)),
      ]);
      const counts = deliveries();
      expect([...counts.keys()].sort()).toEqual(digestsOf(allDue()).sort());
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(a.totals.sent + b.totals.sent).toBe(allDue().length);
      expect(a.totals.skipped + b.totals.skipped).toBe(allDue().length);
    } finally {
      await second.close();
    }
  });

  it('finishes what a sweep that died half way left, once its claims are older than the timeout', async () => {
    const controller = new AbortController();
    let arrived = 0;
    await world.close();
    world = await reminderWorld({
      connector: {
        onActivity: () => {
          arrived += 1;
          if (arrived !== 6) return 'deliver';
          // The process dies with the sixth lead's reminders claimed and its card not sent.
          controller.abort(new Error('crash'));
          return 'drop';
        },
      },
    });
    await peopleFor(store, glos, world, leads, () => true);
    await expect(world.sweep(store, { on: ON, planIds: [glos.id], concurrency: 1, signal: controller.signal })).rejects.toThrow();
    const left = await store.listReminders({ planId: glos.id, status: 'claimed' });
    expect(left.length).toBeGreaterThan(0);
    expect(world.connector.activities).toHaveLength(5);

    // A minute later the claims may be a live sender's: left alone.
    world.clock.advance(60_000);
    const early = await world.sweep(store, { on: ON, planIds: [glos.id] });
    expect(early.plans[0]!.skipped.filter((s) => s.why === 'being sent by another sweep right now')).toHaveLength(left.length);

    // Past the timeout they are taken over and sent.
    world.clock.advance(10 * 60_000);
    const late = await world.sweep(store, { on: ON, planIds: [glos.id] });
    expect(late.totals.sent).toBe(left.length);
    expect(late.plans[0]!.sent.reduce((n, s) => n + s.retried, 0)).toBe(left.length);
    const counts = deliveries();
    expect(counts.size).toBe(allDue().length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(await store.listReminders({ planId: glos.id, status: 'claimed' })).toEqual([]);
  });

  it('waits out 429s with Retry-After and sends the card', async () => {
    const lead = leads[0]!;
    const chat = world.tenant.people.get(aadIdOf(lead.name))!.chatId!;
    world.connector.failNext(3, { status: 429, code: 'Throttled', retryAfterSeconds: 1, conversationId: chat });
    const report = await world.sweep(store, { on: ON, planIds: [glos.id] });
    const tries = world.connector.requests.filter((r) => r.conversationId === chat);
    expect(tries.map((r) => r.status)).toEqual([429, 429, 429, 201]);
    for (let i = 1; i < tries.length; i += 1) expect(tries[i]!.at - tries[i - 1]!.at).toBeGreaterThanOrEqual(990);
    expect(report.totals).toMatchObject({ sent: allDue().length, failed: 0 });
  }, 20_000);

  it('records a send that keeps failing as failed, reports it, and sends it next sweep', async () => {
    const lead = leads[0]!;
    const chat = world.tenant.people.get(aadIdOf(lead.name))!.chatId!;
    world.connector.failNext(5, { status: 503, code: 'ServiceUnavailable', conversationId: chat });
    const first = await world.sweep(store, { on: ON, planIds: [glos.id] });
    expect(first.plans[0]!.failed).toEqual([{ lead: lead.name, refs: due.get(normaliseLeadName(lead.name))!.map((d) => d.action.ref), why: expect.stringContaining('503 ServiceUnavailable after 5 attempts') }]);
    expect((await store.listReminders({ planId: glos.id, status: 'failed' })).map((r) => r.lastError)).toEqual(
      due.get(normaliseLeadName(lead.name))!.map(() => expect.stringContaining('503')),
    );
    const second = await world.sweep(store, { on: ON, planIds: [glos.id] });
    expect(second.plans[0]!.sent).toEqual([expect.objectContaining({ lead: lead.name, retried: due.get(normaliseLeadName(lead.name))!.length })]);
    expect(await store.listReminders({ planId: glos.id, status: 'failed' })).toEqual([]);
  }, 30_000);

  it('installs the app again once for a lead who uninstalled it, then sends', async () => {
    const lead = leads[0]!;
    const id = aadIdOf(lead.name);
    world.tenant.uninstall(id);
    const report = await world.sweep(store, { on: ON, planIds: [glos.id] });
    const chat = world.tenant.people.get(id)!.chatId!;
    expect(world.connector.requests.filter((r) => r.conversationId === chat).map((r) => r.status)).toEqual([403, 201]);
    expect(world.tenant.installs.filter((i) => i.aadObjectId === id)).toHaveLength(1);
    expect(report.plans[0]!.sent.find((s) => s.lead === lead.name)).toMatchObject({ via: 'installed' });
  });

  it('lists a lead whose chat is gone as unreachable after one re-install, and never tries again that period', async () => {
    const lead = leads[0]!;
    const id = aadIdOf(lead.name);
    const chat = world.tenant.people.get(id)!.chatId!;
    world.tenant.deleteChat(id);
    const report = await world.sweep(store, { on: ON, planIds: [glos.id] });
    expect(world.connector.requests.filter((r) => r.conversationId === chat).map((r) => r.status)).toEqual([404, 404]);
    // The app was still installed: Graph said 409 and gave back the same chat.
    expect(world.apps.requests.filter((r) => r.path.endsWith(`${id}/teamwork/installedApps`) && r.method === 'POST')).toHaveLength(1);
    const refs = due.get(normaliseLeadName(lead.name))!.map((d) => d.action.ref);
    expect(report.plans[0]!.unreachable).toEqual([{ lead: lead.name, refs, why: expect.stringContaining('404 ConversationNotFound') }]);
    expect((await store.listReminders({ planId: glos.id, status: 'unreachable' })).map((r) => r.leadUserId)).toEqual(refs.map(() => id));
    expect((await store.getConversationReference(id))?.uninstalledAt).toBeDefined();

    const requestsBefore = world.connector.requests.length;
    const installsBefore = world.apps.requests.length;
    const again = await world.sweep(store, { on: ON, planIds: [glos.id] });
    expect(world.connector.requests.length).toBe(requestsBefore);
    expect(world.apps.requests.length).toBe(installsBefore);
    expect(again.plans[0]!.skipped.filter((s) => s.lead === lead.name).map((s) => s.why)).toEqual(refs.map(() => `lead unreachable when last tried (${ON})`));
  });

  it('does not re-install for a lead who blocked the bot, and lists them as unreachable', async () => {
    const lead = leads[0]!;
    const id = aadIdOf(lead.name);
    world.tenant.people.get(id)!.blocked = true;
    const report = await world.sweep(store, { on: ON, planIds: [glos.id] });
    expect(world.tenant.installs.filter((i) => i.aadObjectId === id)).toEqual([]);
    expect(report.plans[0]!.unreachable).toEqual([expect.objectContaining({ lead: lead.name, why: expect.stringContaining('blocked the bot or an admin disabled it (403 MessageWritesBlocked)') })]);
    const chat = world.tenant.people.get(id)!.chatId!;
    expect(world.connector.requests.filter((r) => r.conversationId === chat).map((r) => r.status)).toEqual([403]);
  });

  it('lists as unreachable, without claiming, a lead nobody is confirmed for, and reminds them once someone is', async () => {
    const lead = leads[1]!;
    await store.saveLeadMappings(glos.id, [{ lead: normaliseLeadName(lead.name), writtenAs: lead.name, status: 'unmatched', target: null, candidates: [], updatedAt: '2017-12-01T10:00:00.000Z', confirmedBy: null }]);
    const first = await world.sweep(store, { on: ON, planIds: [glos.id] });
    const theirs = keysOf(due.get(normaliseLeadName(lead.name))!);
    expect(first.plans[0]!.unreachable).toEqual([expect.objectContaining({ lead: lead.name, why: 'matched to nobody' })]);
    expect((await store.listReminders({ planId: glos.id })).filter((r) => theirs.includes(r.key))).toEqual([]);

    await peopleFor(store, glos, world, [lead], () => false);
    const second = await world.sweep(store, { on: ON, planIds: [glos.id] });
    expect(second.plans[0]!.sent).toEqual([expect.objectContaining({ lead: lead.name, refs: due.get(normaliseLeadName(lead.name))!.map((d) => d.action.ref) })]);
  });

  it('reaches a lead who opened the bot after being listed unreachable, without waiting for the next period', async () => {
    const lead = leads[1]!;
    world.tenant.installRefused.add(aadIdOf(lead.name));
    const first = await world.sweep(store, { on: ON, planIds: [glos.id] });
    expect(first.plans[0]!.unreachable).toEqual([expect.objectContaining({ lead: lead.name, why: expect.stringContaining('installing the app for them failed') })]);
    world.clock.advance(3_600_000);
    await giveChat(store, world, lead.name, world.clock.now.toISOString());
    const second = await world.sweep(store, { on: ON, planIds: [glos.id] });
    expect(second.plans[0]!.sent).toEqual([expect.objectContaining({ lead: lead.name, via: 'stored' })]);
  });

  it('stops when the Bot Connector refuses the bot’s token, claiming nothing more, and says so', async () => {
    await world.close();
    world = await reminderWorld({ connector: { authorize: (token) => token === 'the-right-token' } });
    await peopleFor(store, glos, world, leads, () => true);
    const report = await world.sweep(store, { on: ON, planIds: [glos.id], concurrency: 1 });
    expect(report.stopped).toContain('refused the bot’s credentials (401)');
    expect(report.plans[0]!.failed).toEqual([expect.objectContaining({ lead: leads[0]!.name, why: expect.stringContaining('401 Unauthorized') })]);
    expect(report.totals.sent).toBe(0);
    const log = await store.listReminders({ planId: glos.id });
    expect(log.map((r) => r.key).sort()).toEqual(keysOf(due.get(normaliseLeadName(leads[0]!.name))!).sort());
    expect(report.plans[0]!.skipped.every((s) => s.why === 'not sent: the sweep stopped')).toBe(true);
  });

  it('reports progress as reminders are dealt with, ending at the total', async () => {
    const seen: [number, number][] = [];
    await world.sweep(store, { on: ON, planIds: [glos.id], onProgress: (done, total) => seen.push([done, total]) });
    expect(seen[0]).toEqual([0, allDue().length]);
    expect(seen.at(-1)).toEqual([allDue().length, allDue().length]);
    expect(seen.every(([d], i) => i === 0 || d >= seen[i - 1]![0])).toBe(true);
  });

  it('claims and sends nothing on a dry run, and says who would get what and why', async () => {
    const report = await world.sweep(store, { on: ON, planIds: [glos.id], dryRun: true, canInstall: true });
    expect(world.connector.requests).toEqual([]);
    expect(await store.listReminders({ planId: glos.id })).toEqual([]);
    const planned = report.plans[0]!.planned;
    expect(planned.map((p) => p.lead).sort()).toEqual(leads.map((l) => l.name).sort());
    const first = planned.find((p) => p.lead === leads[0]!.name)!;
    expect(first.via).toBe('their chat with the bot');
    expect(first.items).toEqual(due.get(normaliseLeadName(leads[0]!.name))!.map((d) => ({ ref: d.action.ref, reason: d.reason, why: d.why, state: 'would send' })));
    expect(planned.find((p) => p.lead === leads[1]!.name)!.via).toContain('installing the app for them through Graph');
  });
});

describe('escalation to the plan owner', () => {
  const OWNER = 'Jane Price';

  beforeEach(async () => {
    await store.updatePlanSettings(glos.id, { owner: OWNER });
  });

  async function sweepOn(day: string) {
    world.clock.set(`${day}T09:00:00.000Z`);
    return world.sweep(store, { planIds: [glos.id] });
  }

  it('sends the owner a digest of actions still overdue with no update after their second reminder, once a period', async () => {
    expect((await sweepOn('2018-01-10')).plans[0]!.escalation).toBeNull();
    expect((await sweepOn('2018-01-24')).plans[0]!.escalation).toBeNull();
    // 1.12 is updated after its second reminder: not escalated.
    const a112 = (await store.getActionByRef(glos.id, '1.12'))!;
    await store.appendUpdate(a112.id, { date: '2018-01-24', dateSource: 'recorded', author: 'Sarah Jasper', authorId: aadIdOf('Sarah Jasper'), text: 'Audit started', origin: 'chat', ragAfter: null, timescaleAfter: null, key: 'u-1.12', recordedAt: '2018-01-24T12:00:00.000Z' });

    const third = await sweepOn('2018-01-25');
    const overdue = allDue().filter((d) => d.reason === 'overdue' && d.action.ref !== '1.12');
    const expectedRefs = [...new Set(overdue.map((d) => d.action.ref))];
    expect(third.plans[0]!.escalation).toEqual({ owner: OWNER, refs: expect.arrayContaining(expectedRefs), status: 'sent', why: expect.stringContaining('digest sent to Jane Price') });
    expect(third.plans[0]!.escalation!.refs).toHaveLength(expectedRefs.length);
    const ownerChat = world.tenant.people.get(aadIdOf(OWNER))!.chatId;
    const digests = world.connector.activities.filter((a) => a.conversationId === ownerChat && JSON.stringify(a.activity).includes('Overdue actions with no update'));
    expect(digests).toHaveLength(1);
    for (const ref of expectedRefs) expect(JSON.stringify(digests[0]!.activity)).toContain(`"text":"${ref}  "`);
    expect(JSON.stringify(digests[0]!.activity)).not.toContain('"text":"1.12  "');

    // Another server, or a second run, the same day: the digest went already for these periods.
    const fourth = await sweepOn('2018-01-25');
    expect(fourth.plans[0]!.escalation).toMatchObject({ status: 'already-sent' });
    expect(world.connector.activities.filter((a) => a.conversationId === ownerChat && JSON.stringify(a.activity).includes('Overdue actions with no update'))).toHaveLength(1);
    expect((await store.listReminders({ planId: glos.id })).filter((r) => isEscalationKey(r.key)).every((r) => r.status === 'sent' && r.leadUserId === aadIdOf(OWNER))).toBe(true);
  });

  it('says why when the plan owner cannot be reached', async () => {
    await store.updatePlanSettings(glos.id, { owner: 'Someone Unmapped' });
    await sweepOn('2018-01-10');
    await sweepOn('2018-01-24');
    const third = await sweepOn('2018-01-25');
    expect(third.plans[0]!.escalation).toMatchObject({ owner: 'Someone Unmapped', status: 'unreachable', why: expect.stringContaining('not matched to anyone yet') });
  });
});

describe('a lead who asked to be reminded in a week', () => {
  it('is not reminded about that action for seven days, whatever the new reason', async () => {
    const cheshire = await importSample(store, CHESHIRE);
    const nigel = { name: 'Nigel Reid', kind: 'person' as const, role: null };
    await peopleFor(store, cheshire, world, [nigel], () => true);
    world.clock.set('2013-07-20T09:00:00.000Z');
    const first = await world.sweep(store, { planIds: [cheshire.id] });
    expect(first.plans[0]!.sent).toEqual([expect.objectContaining({ lead: 'Nigel Reid', refs: ['3.1', '3.2', '3.3'] })]);
    // "Remind me in a week" on 3.1 (bot/cards/card-actions.ts marks the reminder answered and records no update).
    const a31 = (await store.getActionByRef(cheshire.id, '3.1'))!;
    const r31 = (await store.listReminders({ actionId: a31.id }))[0]!;
    await store.recordReminderOutcome(r31.key, { status: 'answered', at: '2013-07-28T10:00:00.000Z' });

    world.clock.set('2013-08-01T09:00:00.000Z');
    const overdue = await world.sweep(store, { planIds: [cheshire.id] });
    expect(overdue.plans[0]!.sent).toEqual([expect.objectContaining({ lead: 'Nigel Reid', refs: ['3.2', '3.3'] })]);
    expect(overdue.plans[0]!.skipped).toEqual([{ lead: 'Nigel Reid', ref: '3.1', why: 'snoozed by the lead until 2013-08-04' }]);
    // `plan due` shares the sweep's decision: it holds 3.1 back too, and says until when.
    const due = z
      .object({ reminders: z.array(z.object({ lead: z.string(), ref: z.string() })), snoozed: z.array(z.object({ lead: z.string(), ref: z.string(), why: z.string() })) })
      .parse(JSON.parse(await dueCommand(store, { plan: cheshire.id, json: true }, world.clock.read())));
    expect(due.snoozed).toEqual([{ lead: 'Nigel Reid', ref: '3.1', why: 'snoozed by the lead until 2013-08-04' }]);
    expect(due.reminders.filter((r) => r.lead === 'Nigel Reid').map((r) => r.ref)).toEqual(['3.2', '3.3']);

    world.clock.set('2013-08-05T09:00:00.000Z');
    const later = await world.sweep(store, { planIds: [cheshire.id] });
    expect(later.plans[0]!.sent).toEqual([expect.objectContaining({ lead: 'Nigel Reid', refs: ['3.1'] })]);
  });
});

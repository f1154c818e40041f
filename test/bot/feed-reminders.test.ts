import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refsInWords } from '../../bot/reminders/feed-delivery.js';
import { sweepLogLine } from '../../bot/reminders/sweep-report.js';
import { describeReport } from '../../src/cli/commands/remind-command.js';
import type { Lead } from '../../src/plan/lead.js';
import type { Plan } from '../../src/plan/plan.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { SqlitePlanStore } from '../../src/store/sqlite/sqlite-plan-store.js';
import { aadIdOf, dueByLead, importSample, MANIFEST_APP_ID, peopleFor, PUBLIC_URL, reminderWorld, type ReminderWorld } from '../bot-connector/reminder-harness.js';

/*
 * A plan that tells its leads through Teams' activity feed (plan settings --lead-notice
 * activity-feed): in the daily sweep each lead the app is installed for gets one notice for their
 * reminders, linking to the first action in the Plans tab, and no card; a lead the feed cannot
 * reach gets the card; never both; the reminder log says which way each went.
 */

const ON = '2018-01-10';

let dir: string;
let store: PlanStore;
let world: ReminderWorld;
let glos: Plan;
let leads: Lead[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-feed-'));
  store = new SqlitePlanStore(join(dir, 'plans.db'));
  world = await reminderWorld();
  glos = await importSample(store, 'gloucestershire-cse-2017-18.txt');
  leads = [...(await dueByLead(store, glos, ON)).values()].map((items) => items[0]!.lead);
  // Every lead but the last has the app (and their chat with the bot); the last never opened it.
  await peopleFor(store, glos, world, leads, (_, i) => i < leads.length - 1);
  glos = await store.updatePlanSettings(glos.id, { leadNotice: 'activity-feed' });
});

afterEach(async () => {
  await world.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const cardsSent = () => world.connector.activities.filter((a) => Array.isArray(a.activity.attachments));

describe('reminders through the activity feed', () => {
  it('tells each lead the app is installed for through the feed, once, with their actions and a link to the first', async () => {
    const report = await world.sweep(store, { on: ON, planIds: [glos.id] });
    const reached = leads.slice(0, -1);
    expect(world.feed.delivered.map((d) => d.userId).sort()).toEqual(reached.map((l) => aadIdOf(l.name)).sort());
    const due = await dueByLead(store, glos, ON);
    for (const lead of reached) {
      const refs = due.get([...due.keys()].find((k) => due.get(k)![0]!.lead.name === lead.name)!)!.map((d) => d.action.ref);
      const notice = world.feed.delivered.find((d) => d.userId === aadIdOf(lead.name))!;
      expect(notice.parameters.actions).toBe(refsInWords(refs));
      const link = new URL(notice.topic.webUrl!);
      expect(link.pathname).toBe(`/l/entity/${MANIFEST_APP_ID}/plans`);
      expect(link.searchParams.get('webUrl')).toBe(`${PUBLIC_URL}/tab/plans/${encodeURIComponent(glos.id)}/actions/${encodeURIComponent(refs[0]!)}`);
      expect(notice.topic.value).toBe(glos.title);
    }
    expect(report.totals.notified).toBe(reached.reduce((n, l) => n + [...due.values()].find((items) => items[0]!.lead.name === l.name)!.length, 0));
    expect(sweepLogLine(report)).toMatch(/notified=\d+/);
    expect(describeReport(report)).toMatch(/Told \d+ reminders? to \d+ leads? through Teams' activity feed:/);
  });

  it('sends the card only to the lead the feed cannot reach, and never both', async () => {
    await world.sweep(store, { on: ON, planIds: [glos.id] });
    const last = leads.at(-1)!;
    // The lead who never opened the app is reached as the bot reaches anyone: the card, installing the app for them.
    const cardTo = new Set(cardsSent().map((a) => a.aadObjectId));
    expect([...cardTo]).toEqual([aadIdOf(last.name)]);
    expect(world.feed.delivered.some((d) => d.userId === aadIdOf(last.name))).toBe(false);
  });

  it('records how each reminder went, and tells no one again on a second sweep of the day', async () => {
    await world.sweep(store, { on: ON, planIds: [glos.id] });
    const log = await store.listReminders({ planId: glos.id });
    const byLead = (name: string) => log.filter((r) => r.lead === name);
    for (const lead of leads.slice(0, -1)) expect(new Set(byLead(lead.name).map((r) => `${r.status}/${r.via}`))).toEqual(new Set(['sent/activity-feed']));
    expect(new Set(byLead(leads.at(-1)!.name).map((r) => r.via))).toEqual(new Set(['card']));
    const notices = world.feed.delivered.length;
    const cards = cardsSent().length;
    await world.sweep(store, { on: ON, planIds: [glos.id] });
    expect(world.feed.delivered.length).toBe(notices);
    expect(cardsSent().length).toBe(cards);
  });

  it('is retried by the next sweep when Graph fails, not sent as a card', async () => {
    world.graph.faults.failNextWhere(100, { status: 500 }, (r) => r.path.includes('sendActivityNotification'));
    const failed = await world.sweep(store, { on: ON, planIds: [glos.id] });
    expect(failed.totals.notified).toBe(0);
    // Graph failing answers every lead alike, the one without the app too: nobody is told, nothing goes as a card.
    expect(failed.plans[0]!.failed.map((f) => f.lead).sort()).toEqual(leads.map((l) => l.name).sort());
    expect(failed.plans[0]!.failed[0]!.why).toMatch(/the activity feed answered 500.*retried next sweep/);
    expect(cardsSent()).toEqual([]);
    world.graph.faults.clear();
    const retried = await world.sweep(store, { on: ON, planIds: [glos.id] });
    expect(retried.totals.notified).toBeGreaterThan(0);
    expect(new Set(world.feed.delivered.map((d) => d.userId)).size).toBe(leads.length - 1);
    expect([...new Set(cardsSent().map((a) => a.aadObjectId))]).toEqual([aadIdOf(leads.at(-1)!.name)]);
  });

  it('says in the dry run that the lead will be told through the feed', async () => {
    const dry = await world.sweep(store, { on: ON, planIds: [glos.id], dryRun: true });
    expect(dry.plans[0]!.planned.every((p) => p.via.startsWith("Teams' activity feed"))).toBe(true);
    expect(world.feed.delivered).toEqual([]);
  });

  it('sends cards as before on a plan that has not chosen the feed', async () => {
    await store.updatePlanSettings(glos.id, { leadNotice: 'card' });
    await world.sweep(store, { on: ON, planIds: [glos.id] });
    expect(world.feed.delivered).toEqual([]);
    expect(new Set(cardsSent().map((a) => a.aadObjectId)).size).toBe(leads.length);
  });
});

describe('the refs a notice names', () => {
  it('names a few refs, then how many more, within the template parameter', () => {
    expect(refsInWords(['1.4'])).toBe('1.4');
    expect(refsInWords(['1.4', '2.3'])).toBe('1.4 and 2.3');
    expect(refsInWords(['1.4', '2.3', '4.1'])).toBe('1.4, 2.3 and 4.1');
    const many = Array.from({ length: 30 }, (_, i) => `${i + 1}.1`);
    expect(refsInWords(many)).toMatch(/^1\.1, 2\.1, .* and \d+ more$/);
    expect(refsInWords(many).length).toBeLessThanOrEqual(60);
  });
});

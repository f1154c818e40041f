import type { Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotRuntime } from '../../bot/conversation/bot-runtime.js';
import { inputIds } from '../../bot/cards/card-data.js';
import type { Plan } from '../../src/plan/plan.js';
import type { ActionWithUpdates } from '../../src/plan/plan.js';
import { createApp } from '../../src/server/create-app.js';
import { close, listen } from '../../src/server/start-server.js';
import { SqlitePlanStore } from '../../src/store/sqlite/sqlite-plan-store.js';
import { aadIdOf, BOT_ID, dueByLead, importSample, peopleFor, reminderWorld, TENANT_ID, type ReminderWorld } from '../bot-connector/reminder-harness.js';
import type { RecordedActivity } from '../bot-connector/bot-connector-server.js';
import { botEndpoint } from '../../bot/conversation/bot-routes.js';

/*
 * End to end over HTTP: the real server (createApp, /api/messages and the JSON API) with the local
 * Bot Connector standing in for Teams. A sweep sends the cards; the lead answers on theirs, as
 * Teams would post it (an adaptiveCard/action invoke, universal-action-model "Request format", with
 * the inputs merged into the button's data); the update is then visible through the API.
 */

const ON = '2018-01-10';
const LEAD = 'Nigel Hatten';
let dir: string;
let store: SqlitePlanStore;
let world: ReminderWorld;
let glos: Plan;
let app: { server: Server; url: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-e2e-reminders-'));
  store = new SqlitePlanStore(join(dir, 'plans.db'));
  world = await reminderWorld({ start: `${ON}T09:00:00.000Z` });
  glos = await importSample(store, 'gloucestershire-cse-2017-18.txt');
  const leads = [...(await dueByLead(store, glos, ON)).values()].map((items) => items[0]!.lead);
  await peopleFor(store, glos, world, leads, () => true);
  // Local mode: no bot registration, so /api/messages serves this machine only, as with the Agents Playground.
  const bot = createBotRuntime({ store, clock: world.clock.read, log: () => {}, auth: null });
  app = await listen(createApp({ store, clock: world.clock.read, identify: async () => ({ name: 'Test', userId: null }), log: () => {}, storeKind: 'sqlite', bot: botEndpoint(bot) }), '127.0.0.1', 0);
});

afterAll(async () => {
  await close(app.server);
  await world.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

interface Execute {
  type: 'Action.Execute';
  verb: string;
  data: Record<string, unknown>;
}

/** Every Action.Execute on a card, wherever it sits (actions, ShowCards, refresh). */
function executes(node: unknown): Execute[] {
  if (Array.isArray(node)) return node.flatMap(executes);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const own = record.type === 'Action.Execute' && typeof record.verb === 'string' ? [record as unknown as Execute] : [];
  return [...own, ...Object.values(record).flatMap(executes)];
}

function invoke(card: RecordedActivity, verb: string, inputs: Record<string, string>, id: string): Record<string, unknown> {
  const button = executes(card.activity).find((e) => e.verb === verb);
  if (!button) throw new Error(`the card has no ${verb} button`);
  const person = world.tenant.people.get(card.aadObjectId)!;
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id,
    channelId: 'msteams',
    serviceUrl: world.connector.serviceUrl,
    timestamp: world.clock.now.toISOString(),
    from: { id: person.mri, name: person.name, aadObjectId: person.aadObjectId },
    recipient: { id: `28:${BOT_ID}`, name: 'Action plans' },
    conversation: { id: card.conversationId, conversationType: 'personal', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
    value: { action: { type: 'Action.Execute', verb, data: { ...button.data, ...inputs } }, trigger: 'manual' },
  };
}

async function post(body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

describe('reminders end to end over HTTP', () => {
  it('sends a card by the sweep, records the answer posted back, and shows it through the API', async () => {
    const report = await world.sweep(store, { on: ON, planIds: [glos.id] });
    expect(report.totals.failed + report.totals.unreachable).toBe(0);
    const card = world.connector.activities.find((a) => a.aadObjectId === aadIdOf(LEAD))!;
    const sent = report.plans[0]!.sent.find((s) => s.lead === LEAD)!;
    expect(sent.refs).toEqual(['3.4']);

    world.clock.advance(3_600_000);
    const ids = inputIds(0);
    const answer = invoke(card, 'recordUpdate', { [ids.text]: 'Training delivered to 300 officers', [ids.rag]: 'Amber' }, 'invoke-1');
    const response = await post(answer);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { type: 'AdaptiveCard', version: '1.5' } });

    const api = await fetch(`${app.url}/api/plans/${glos.id}/actions/3.4`);
    expect(api.status).toBe(200);
    const action = (await api.json()) as ActionWithUpdates;
    const recorded = action.updates.filter((u) => u.text === 'Training delivered to 300 officers');
    expect(recorded).toEqual([expect.objectContaining({ author: LEAD, authorId: aadIdOf(LEAD), origin: 'card', ragAfter: 'Amber', date: ON })]);
    expect(action.rag).toBe('Amber');
    const log = await store.listReminders({ actionId: action.id });
    expect(log.map((r) => r.status)).toEqual(['answered']);

    // Teams retries an invoke it got no answer to: recorded once.
    const again = await post(answer);
    expect(again.status).toBe(200);
    const after = (await (await fetch(`${app.url}/api/plans/${glos.id}/actions/3.4`)).json()) as ActionWithUpdates;
    expect(after.updates.filter((u) => u.text === 'Training delivered to 300 officers')).toHaveLength(1);

    // The next day's sweep has nothing more to say to this lead about 3.4.
    world.clock.set('2018-01-11T09:00:00.000Z');
    const next = await world.sweep(store, { planIds: [glos.id] });
    expect(next.plans[0]!.sent.find((s) => s.lead === LEAD)).toBeUndefined();
  });
});

import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmailDelivery } from '../../bot/reminders/email-setup.js';
import type { EmailDelivery } from '../../bot/reminders/lead-delivery.js';
import { runReminderSweep } from '../../bot/reminders/reminder-sweep.js';
import { describeReport } from '../../src/cli/commands/remind-command.js';
import { leadsCommand } from '../../src/cli/commands/leads-command.js';
import { dateIn } from '../../src/config/today.js';
import { createGraphHttp } from '../../src/graph/graph-http.js';
import { VirtualPacingClock } from '../../src/graph/pacing-clock.js';
import { graphDirectory } from '../../src/leads/directory-search.js';
import { normaliseLeadName, type Lead } from '../../src/plan/lead.js';
import type { LeadMapping } from '../../src/plan/lead-mapping.js';
import type { Plan } from '../../src/plan/plan.js';
import type { ReminderDue } from '../../src/plan/reminder-policy.js';
import { createApp } from '../../src/server/create-app.js';
import { RespondLinks } from '../../src/server/respond-link.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { SqlitePlanStore } from '../../src/store/sqlite/sqlite-plan-store.js';
import { aadIdOf, dueByLead, importSample, peopleFor, reminderWorld, type ReminderWorld } from '../bot-connector/reminder-harness.js';
import { guestUser } from '../graph-server/directory.js';
import { startGraphTestServer, type GraphTestServer } from '../graph-server/graph-test-server.js';
import { MailService } from '../graph-server/mail.js';
import { DEFAULT_APP_ROLES, appToken } from '../graph-server/permissions.js';
import { testHttp } from '../sharepoint/sharepoint-harness.js';

/*
 * Partners outside the tenant, end to end (issue 18, item 3): the sweep emails a lead with no
 * account a one-time link through the local Graph; the page behind it shows only their actions;
 * their answers are dated updates with origin "email"; the reminders are answered; the link opens
 * nothing again, on either of two servers. And a guest gets the card like anyone.
 */

const ON = '2018-01-10';
const MAILBOX = 'plans-reminders@council.example';
const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';

let store: PlanStore;
let world: ReminderWorld;
let mailGraph: GraphTestServer;
let mail: MailService;
let glos: Plan;
let due: Map<string, ReminderDue[]>;
let external: Lead;
let other: Lead;
let email: EmailDelivery;
let servers: { server: Server; url: string; log: string[] }[];

/** One of the product's servers on loopback, the page's links pointing at the first. */
async function startServer(publicUrl: string | null): Promise<{ server: Server; url: string; log: string[] }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const log: string[] = [];
  const app = createApp({
    store,
    clock: world.clock.read,
    identify: async () => ({ name: 'Local demo user', userId: null }),
    log: (line) => log.push(line),
    storeKind: 'sqlite',
    bot: { routes: express.Router(), acceptsUnsigned: true },
    respond: { secret: SECRET, publicUrl: publicUrl ?? url },
  });
  server.on('request', app);
  return { server, url, log };
}

function emailMapping(lead: Lead, address: string): LeadMapping {
  const target = { kind: 'email' as const, id: null, displayName: lead.name, mail: address };
  return { lead: normaliseLeadName(lead.name), writtenAs: lead.name, status: 'confirmed', target, candidates: [], updatedAt: '2017-12-01T10:00:00.000Z', confirmedBy: 'Plan owner' };
}

async function sweep(): Promise<ReturnType<typeof runReminderSweep>> {
  const s = world.sending(store);
  return runReminderSweep({ store, clock: world.clock.read }, { kind: 'send', sender: s.sender, reach: s.reach, channels: s.channels, email }, { on: ON });
}

function linkIn(text: string): string {
  const match = /(http:\/\/127\.0\.0\.1:\d+\/respond\/[A-Za-z0-9_.-]+)/.exec(text);
  if (!match) throw new Error('no link in the email');
  return match[1]!;
}

async function post(url: string, fields: Record<string, string>, origin = new URL(url).origin): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin }, body: new URLSearchParams(fields).toString() });
}

beforeEach(async () => {
  store = new SqlitePlanStore(':memory:');
  world = await reminderWorld();
  mail = new MailService({ mailboxes: [MAILBOX], allowedMailboxes: [MAILBOX] });
  mailGraph = await startGraphTestServer({ mail });
  glos = await importSample(store, 'gloucestershire-cse-2017-18.txt');
  due = await dueByLead(store, glos, ON);
  const byCount = [...due.values()].sort((a, b) => b.length - a.length);
  external = byCount[0]![0]!.lead;
  other = byCount[1]![0]!.lead;
  await peopleFor(store, glos, world, [other], () => true);
  await store.saveLeadMappings(glos.id, [emailMapping(external, 'lead.outside@nhs.example')]);
  servers = [await startServer(null)];
  servers.push(await startServer(servers[0]!.url));
  const graph = createGraphHttp({ getToken: async () => appToken('graph', [...DEFAULT_APP_ROLES, 'Mail.Send']), graphBaseUrl: mailGraph.graphBaseUrl, retry: { baseDelayMs: 10 }, clock: new VirtualPacingClock() });
  email = createEmailDelivery({ mailbox: MAILBOX, respond: { secret: SECRET, publicUrl: servers[0]!.url }, auth: null, graphBaseUrl: mailGraph.graphBaseUrl, graph, pacing: new VirtualPacingClock() })!;
});

afterEach(async () => {
  for (const { server } of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
  await mailGraph.close();
  await world.close();
  await store.close();
});

describe('reminders by email to a lead with no account in the tenant', () => {
  it('goes the whole way: emailed with a link, the page, the answers as dated updates from email, the reminders answered, the link refused afterwards', async () => {
    const items = due.get(normaliseLeadName(external.name))!;
    const theirs = new Set(items.map((i) => i.action.id));
    const others = due.get(normaliseLeadName(other.name))!.filter((i) => !theirs.has(i.action.id));

    const report = await sweep();
    const plan = report.plans[0]!;
    expect(plan.emailed).toEqual([{ lead: external.name, refs: items.map((i) => i.action.ref), address: 'lead.outside@nhs.example', retried: 0 }]);
    expect(plan.unreachable.map((u) => u.lead)).not.toContain(external.name);
    expect(report.totals.emailed).toBe(items.length);
    expect(describeReport(report)).toMatch(new RegExp(`Emailed ${items.length} reminders to 1 lead with no account in the tenant`));
    // The other lead got their card as before; the external lead got no card.
    expect(world.connector.activities.map((a) => a.aadObjectId)).toEqual([aadIdOf(other.name)]);

    expect(mail.sent).toHaveLength(1);
    const sent = mail.sent[0]!;
    expect(sent).toMatchObject({ from: MAILBOX, to: [{ address: 'lead.outside@nhs.example', name: external.name }], subject: `Update due: ${glos.title}`, contentType: 'text', saveToSentItems: false });
    // Only what lets the lead recognise it: no action's title or ref, never another lead's.
    for (const i of [...items, ...others]) {
      expect(sent.content).not.toContain(i.action.title);
      expect(sent.content).not.toMatch(new RegExp(`\\b${i.action.ref.replace('.', '\\.')}\\b`));
    }
    expect(sent.content).toContain(`${items.length} of your actions`);

    const log = await store.listReminders({ planId: glos.id });
    const emailed = log.filter((r) => normaliseLeadName(r.lead) === normaliseLeadName(external.name));
    expect(emailed.map((r) => [r.status, r.via, r.leadUserId])).toEqual(items.map(() => ['sent', 'email', null]));

    const link = linkIn(sent.content);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'.*form-action 'self'.*frame-ancestors 'none'/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    const html = await page.text();
    for (const i of items) expect(html).toContain(`${i.action.ref} `);
    for (const i of others) expect(html).not.toContain(i.action.id);
    expect(html).not.toContain('<script');
    // The token is never written to the server's log.
    expect(servers[0]!.log.join('\n')).not.toContain(link.split('/respond/')[1]!);

    const [first, second] = items;
    const sentOn = dateIn(glos.timeZone, world.clock.read());
    world.clock.advance(2 * 24 * 60 * 60 * 1000);
    const done = await post(link, { [`update.${first!.action.id}`]: 'Training delivered to 40 staff.', [`rag.${first!.action.id}`]: 'Amber', [`update.${second!.action.id}`]: '', [`rag.${second!.action.id}`]: '' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Thank you');

    const answered = await store.getAction(first!.action.id);
    const update = answered!.updates.at(-1)!;
    const today = dateIn(glos.timeZone, world.clock.read());
    expect(today).not.toBe(sentOn);
    expect(update).toMatchObject({ origin: 'email', date: today, dateSource: 'recorded', author: external.name, authorId: null, text: 'Training delivered to 40 staff.', ragAfter: 'Amber' });
    expect(answered!.rag).toBe('Amber');
    expect(answered!.history.at(-1)).toMatchObject({ origin: 'email' });
    expect((await store.getAction(second!.action.id))!.updates.filter((u) => u.origin === 'email')).toEqual([]);
    const after = (await store.listReminders({ planId: glos.id })).filter((r) => normaliseLeadName(r.lead) === normaliseLeadName(external.name));
    expect(after.every((r) => r.status === 'answered' && r.answeredAt !== null)).toBe(true);

    // Used: refused on this server and on the other, with a clear page and nothing recorded.
    const other2 = link.replace(servers[0]!.url, servers[1]!.url);
    for (const again of [link, other2]) {
      const opened = await fetch(again);
      expect(opened.status).toBe(410);
      expect(await opened.text()).toContain('already been used');
      expect((await post(again, { [`update.${second!.action.id}`]: 'Again' }, new URL(again).origin)).status).toBe(410);
    }
    expect((await store.getAction(second!.action.id))!.updates.filter((u) => u.origin === 'email')).toEqual([]);
    expect((await store.getAction(first!.action.id))!.updates.filter((u) => u.origin === 'email')).toHaveLength(1);
  });

  it('records each action once when the link is sent twice at once to two servers', async () => {
    await sweep();
    const link = linkIn(mail.sent[0]!.content);
    const item = due.get(normaliseLeadName(external.name))![0]!;
    const answers = await Promise.all(servers.map((s) => post(link.replace(servers[0]!.url, s.url), { [`update.${item.action.id}`]: `From ${s.url}` }, s.url)));
    expect(answers.map((a) => a.status).every((s) => s === 200 || s === 410)).toBe(true);
    expect((await store.getAction(item.action.id))!.updates.filter((u) => u.origin === 'email')).toHaveLength(1);
  });

  it('shows an expired link a clear page and records nothing', async () => {
    await sweep();
    const link = linkIn(mail.sent[0]!.content);
    const item = due.get(normaliseLeadName(external.name))![0]!;
    world.clock.advance(15 * 24 * 60 * 60 * 1000);
    const page = await fetch(link);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This link has expired');
    expect((await post(link, { [`update.${item.action.id}`]: 'Late' })).status).toBe(410);
    expect((await store.getAction(item.action.id))!.updates.filter((u) => u.origin === 'email')).toEqual([]);
    expect((await store.listReminders({ planId: glos.id })).some((r) => r.status === 'answered')).toBe(false);
  });

  it('refuses a forged link with 403: a changed signature, a changed payload, another secret, another lead’s reminders; logged with ids only', async () => {
    await sweep();
    const link = linkIn(mail.sent[0]!.content);
    const [payload, signature] = link.split('/respond/')[1]!.split('.') as [string, string];
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const tampered = Buffer.from(JSON.stringify({ ...claims, exp: 4_000_000_000 })).toString('base64url');
    const theirs = due.get(normaliseLeadName(other.name))!;
    const notEmailed = new RespondLinks(SECRET, servers[0]!.url).issue({ planId: glos.id, leadKey: normaliseLeadName(other.name), reminderKeys: theirs.map((i) => i.key), now: world.clock.read() }).url;
    const otherSecret = new RespondLinks('another-secret-of-at-least-thirty-two-characters', servers[0]!.url).issue({ planId: glos.id, leadKey: normaliseLeadName(external.name), reminderKeys: due.get(normaliseLeadName(external.name))!.map((i) => i.key), now: world.clock.read() }).url;
    for (const forged of [`${servers[0]!.url}/respond/${payload}.${flipped}`, `${servers[0]!.url}/respond/${tampered}.${signature}`, otherSecret, notEmailed, `${servers[0]!.url}/respond/nonsense`]) {
      const page = await fetch(forged);
      expect(page.status, forged).toBe(403);
      const html = await page.text();
      expect(html).toContain('This link is not valid');
      expect(html).not.toContain(glos.title);
      expect((await post(forged, { x: 'y' })).status).toBe(403);
    }
    const logged = servers[0]!.log.filter((l) => l.includes('/respond/'));
    expect(logged.length).toBeGreaterThanOrEqual(10);
    for (const line of logged) {
      expect(line).toMatch(/^(GET|POST) \/respond\/… \d{3} /);
      expect(line).not.toContain(glos.title);
      expect(line).not.toContain(external.name);
    }
    expect((await store.listReminders({ planId: glos.id })).some((r) => r.status === 'answered')).toBe(false);
  });

  it('refuses with 403 a form that names another lead’s action, or a RAG that is not one, recording nothing', async () => {
    await sweep();
    const link = linkIn(mail.sent[0]!.content);
    const mine = due.get(normaliseLeadName(external.name))![0]!;
    const mineIds = new Set(due.get(normaliseLeadName(external.name))!.map((i) => i.action.id));
    const theirs = due.get(normaliseLeadName(other.name))!.find((i) => !mineIds.has(i.action.id))!;
    const forAnother = await post(link, { [`update.${mine.action.id}`]: 'Fine', [`update.${theirs.action.id}`]: 'Not mine to say' });
    expect(forAnother.status).toBe(403);
    expect(servers[0]!.log.at(-1)).toMatch(new RegExp(`refused=action-not-in-link action=${theirs.action.id} plan=${glos.id}$`));
    expect((await post(link, { [`update.${mine.action.id}`]: 'Fine', [`rag.${mine.action.id}`]: 'Purple' })).status).toBe(403);
    expect((await post(link, { [`update.${mine.action.id}`]: 'Fine', [`version.${mine.action.id}`]: 'x' })).status).toBe(403);
    for (const id of [mine.action.id, theirs.action.id]) expect((await store.getAction(id))!.updates.filter((u) => u.origin === 'email')).toEqual([]);
    // The link still works for its own lead.
    expect((await fetch(link)).status).toBe(200);
  });

  it('keeps the form, saying what to correct, when an answer breaks a rule; nothing is recorded until all are right', async () => {
    await sweep();
    const link = linkIn(mail.sent[0]!.content);
    const [a, b] = due.get(normaliseLeadName(external.name))!;
    const res = await post(link, { [`update.${a!.action.id}`]: 'All done.', [`rag.${a!.action.id}`]: 'Complete', [`update.${b!.action.id}`]: '', [`rag.${b!.action.id}`]: 'Red' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Nothing was recorded yet');
    expect(html).toMatch(/aria-invalid="true" aria-describedby="evidence-0-error"/);
    expect(html).toContain('All done.');
    expect((await post(link, {})).status).toBe(400);
    for (const i of [a!, b!]) expect((await store.getAction(i.action.id))!.updates.filter((u) => u.origin === 'email')).toEqual([]);
  });

  it('lists the lead as unreachable, claiming nothing, when no mailbox is set', async () => {
    const s = world.sending(store);
    const report = await runReminderSweep({ store, clock: world.clock.read }, { kind: 'send', sender: s.sender, reach: s.reach, channels: s.channels }, { on: ON });
    expect(report.plans[0]!.unreachable.find((u) => u.lead === external.name)?.why).toMatch(/reminded by email at lead\.outside@nhs\.example, and no mailbox is set/);
    expect((await store.listReminders({ planId: glos.id })).filter((r) => normaliseLeadName(r.lead) === normaliseLeadName(external.name))).toEqual([]);
    expect(mail.sent).toEqual([]);
  });

  it('records a refused send (the access policy leaves the mailbox out) as failed, retried by the next sweep', async () => {
    mail.allowedMailboxes = new Set(['someone-else@council.example']);
    const report = await sweep();
    expect(report.plans[0]!.failed.find((f) => f.lead === external.name)?.why).toMatch(/application access policy/);
    mail.allowedMailboxes = new Set([MAILBOX]);
    world.clock.advance(60_000);
    const again = await sweep();
    expect(again.plans[0]!.emailed?.[0]).toMatchObject({ lead: external.name, retried: due.get(normaliseLeadName(external.name))!.length });
    expect(mail.sent).toHaveLength(1);
  });
});

describe('a guest lead', () => {
  it('is matched in the directory, confirmed, and gets the card in their chat like anyone', async () => {
    const lead = other;
    const guest = guestUser(`${lead.name} (Police)`, 'guest.lead@police.example');
    world.graph.directory.users.push(guest);
    await store.saveLeadMappings(glos.id, (await store.listLeadMappings(glos.id)).filter((m) => m.lead !== normaliseLeadName(lead.name)).map((m) => m));
    const context = { directory: () => graphDirectory(testHttp(world.graph)), actor: 'Plan owner' };
    await leadsCommand(store, { plan: glos.id, unset: lead.name }, new Date('2018-01-05T09:00:00.000Z'), context);
    await leadsCommand(store, { plan: glos.id, confirm: lead.name, user: guest.userPrincipalName }, new Date('2018-01-05T09:00:00.000Z'), context);
    world.tenant.addPerson(guest.id, guest.displayName);
    const report = await sweep();
    const cards = world.connector.activities.filter((a) => a.aadObjectId === guest.id);
    expect(cards).toHaveLength(1);
    expect(report.plans[0]!.sent.find((s) => s.lead === lead.name)).toMatchObject({ via: 'installed' });
    expect(world.tenant.installs).toContainEqual({ aadObjectId: guest.id, created: true });
  });
});

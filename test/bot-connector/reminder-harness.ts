import { join } from 'node:path';
import { createBotConnector } from '../../bot/delivery/connector-client.js';
import { keyDigest } from '../../bot/cards/card-data.js';
import { createReminderSending, type ReminderSending } from '../../bot/reminders/reminder-setup.js';
import { runReminderSweep, type SweepOptions } from '../../bot/reminders/reminder-sweep.js';
import type { SweepReport } from '../../bot/reminders/sweep-report.js';
import { DEFAULT_TEAMS_RATE_LIMITS } from '../../bot/delivery/teams-rate-limits.js';
import { importPlanFile } from '../../src/import/import-file.js';
import { createGraphHttp } from '../../src/graph/graph-http.js';
import type { DateOnly } from '../../src/plan/calendar-date.js';
import { normaliseLeadName, type Lead } from '../../src/plan/lead.js';
import type { LeadMapping } from '../../src/plan/lead-mapping.js';
import type { Plan } from '../../src/plan/plan.js';
import { groupByLead, remindersDue, type ReminderDue } from '../../src/plan/reminder-policy.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { startGraphTestServer, type GraphTestServer } from '../graph-server/graph-test-server.js';
import { InstalledApps } from '../graph-server/installed-apps.js';
import { ActivityFeedService } from '../graph-server/activity-feed.js';
import { startBotConnectorServer, type BotConnectorServer, type BotConnectorServerOptions, type RecordedActivity } from './bot-connector-server.js';
import { TeamsTenant } from './teams-tenant.js';

export const SAMPLES = join(import.meta.dirname, '../../samples');
export const TENANT_ID = 'd6d49420-f39b-4df7-a1dc-d59a935871db';
export const BOT_ID = '22222222-3333-4444-5555-666666666666';
export const CATALOG_APP_ID = '7b0e7c4a-5d0d-4a55-9a42-111111111111';
/** The app's id in its manifest, which Teams deep links name. */
export const MANIFEST_APP_ID = 'b6c3c1a0-2f0e-4c57-9d8e-0a1b2c3d4e5f';
export const PUBLIC_URL = 'https://plans.example.org';
/** The bot's token for the Bot Connector, as the sender gets it; the local connector takes no other. */
export const BOT_TOKEN = 'bot-token';

/** A person's Entra object id in these tests, from the lead's name: "Louise West" is aad-louise-west. */
export function aadIdOf(name: string): string {
  return `aad-${normaliseLeadName(name).replace(/[^a-z0-9]+/g, '-')}`;
}

export function confirmedMapping(lead: Lead | string, at = '2017-12-01T10:00:00.000Z'): LeadMapping {
  const name = typeof lead === 'string' ? lead : lead.name;
  const target = { kind: 'user' as const, id: aadIdOf(name), displayName: name, mail: null };
  return { lead: normaliseLeadName(name), writtenAs: name, status: 'confirmed', target, candidates: [target], updatedAt: at, confirmedBy: 'Plan owner' };
}

/** Imports a sample plan from the repo's samples. */
export async function importSample(store: PlanStore, file: string): Promise<Plan> {
  const { draft } = await importPlanFile(join(SAMPLES, file), { importedAt: '2017-11-20T10:00:00.000Z' });
  return store.importPlan(draft);
}

/** The leads the policy finds due on a day, grouped as the sweep groups them. */
export async function dueByLead(store: PlanStore, plan: Plan, on: DateOnly): Promise<Map<string, ReminderDue[]>> {
  return groupByLead(remindersDue(await store.findActions(plan.id), plan, on).due);
}

/** The reminder keys a card carries, as digests (its refresh data: bot/cards/card-data.ts). */
export function cardDigests(activity: RecordedActivity): string[] {
  const attachments = activity.activity.attachments as { content: { refresh?: { action?: { data?: { card?: { digests?: string[] } } } } } }[];
  return attachments[0]?.content.refresh?.action?.data?.card?.digests ?? [];
}

export function digestsOf(items: readonly { key: string }[]): string[] {
  return items.map((i) => keyDigest(i.key));
}

export interface ReminderWorld {
  tenant: TeamsTenant;
  connector: BotConnectorServer;
  graph: GraphTestServer;
  apps: InstalledApps;
  /** Teams' activity feed as the local Graph serves it: the notices delivered. */
  feed: ActivityFeedService;
  clock: { now: Date; set(iso: string): void; advance(ms: number): void; read: () => Date };
  /** A sender as one server has it; call again for a second server with its own limiter. */
  sending(store: PlanStore): ReminderSending;
  /** Sends through the world's Bot Connector, or with dryRun claims and sends nothing. */
  sweep(store: PlanStore, options?: SweepOptions & { dryRun?: boolean; canInstall?: boolean }, sending?: ReminderSending): Promise<SweepReport>;
  close(): Promise<void>;
}

export interface WorldOptions {
  connector?: Omit<BotConnectorServerOptions, 'tenant'>;
  start?: string;
}

/** A local Teams: the tenant, its Bot Connector and Graph's installedApps, and a clock the test moves. */
export async function reminderWorld(options: WorldOptions = {}): Promise<ReminderWorld> {
  const tenant = new TeamsTenant(TENANT_ID, CATALOG_APP_ID);
  const connector = await startBotConnectorServer({ tenant, authorize: (token) => token === BOT_TOKEN, ...options.connector });
  const apps = new InstalledApps(tenant);
  const feed = new ActivityFeedService(tenant);
  const graph = await startGraphTestServer({ installedApps: apps, activityFeed: feed });
  const clock = {
    now: new Date(options.start ?? '2018-01-10T09:00:00.000Z'),
    set(iso: string) {
      clock.now = new Date(iso);
    },
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
    read: () => clock.now,
  };
  const sending = (store: PlanStore): ReminderSending =>
    createReminderSending({
      store,
      clock: clock.read,
      auth: null,
      config: { botId: BOT_ID, tenantId: TENANT_ID, catalogAppId: CATALOG_APP_ID, serviceUrl: connector.serviceUrl, graphBaseUrl: graph.graphBaseUrl, limits: DEFAULT_TEAMS_RATE_LIMITS, feed: { manifestAppId: MANIFEST_APP_ID, publicUrl: PUBLIC_URL } },
      connector: createBotConnector({ getToken: async () => BOT_TOKEN }),
      graph: createGraphHttp({ getToken: async () => 'graph-token', graphBaseUrl: graph.graphBaseUrl, retry: { baseDelayMs: 10 } }),
      feedGraph: createGraphHttp({ getToken: async () => 'graph-token', graphBaseUrl: graph.graphBaseUrl, retry: { maxAttempts: 1, baseDelayMs: 10 } }),
      // Backoff for 5xx shortened so tests do not sit through it; Retry-After is still honoured in full.
      retry: { baseDelayMs: 20 },
    });
  return {
    tenant,
    connector,
    graph,
    apps,
    feed,
    clock,
    sending,
    async sweep(store, sweepOptions = {}, given) {
      const { dryRun, canInstall, ...options } = sweepOptions;
      if (dryRun) return runReminderSweep({ store, clock: clock.read }, { kind: 'dry-run', canInstall: canInstall ?? false }, options);
      const s = given ?? sending(store);
      return runReminderSweep({ store, clock: clock.read }, { kind: 'send', sender: s.sender, reach: s.reach, channels: s.channels, ...(s.feed && { feed: s.feed }) }, options);
    },
    async close() {
      await connector.close();
      await graph.close();
    },
  };
}

/**
 * The people behind a plan's leads: each in the tenant, confirmed in the plan's lead mappings, and
 * (for those `hasChat` picks) with the app installed and a stored conversation, as if they had
 * opened the bot; the others never did.
 */
export async function peopleFor(store: PlanStore, plan: Plan, world: ReminderWorld, leads: readonly Lead[], hasChat: (lead: Lead, index: number) => boolean): Promise<void> {
  const mappings: LeadMapping[] = [];
  for (const [index, lead] of leads.entries()) {
    const id = aadIdOf(lead.name);
    if (!world.tenant.people.has(id)) world.tenant.addPerson(id, lead.name);
    mappings.push(confirmedMapping(lead));
    if (hasChat(lead, index)) await giveChat(store, world, lead.name);
  }
  await store.saveLeadMappings(plan.id, mappings);
}

/** The person installs the app and messages the bot: the bot stores the conversation as plan-bot.ts does. */
export async function giveChat(store: PlanStore, world: ReminderWorld, name: string, at = '2017-12-01T10:00:00.000Z'): Promise<string> {
  const id = aadIdOf(name);
  const person = world.tenant.people.get(id) ?? world.tenant.addPerson(id, name);
  const { chatId } = world.tenant.install(id, 'a:');
  await store.saveConversationReference({
    userId: id,
    userName: name,
    tenantId: TENANT_ID,
    conversationId: chatId,
    serviceUrl: world.connector.serviceUrl,
    reference: {
      channelId: 'msteams',
      serviceUrl: world.connector.serviceUrl,
      conversation: { id: chatId, conversationType: 'personal', tenantId: TENANT_ID },
      bot: { id: `28:${BOT_ID}`, name: 'Action plans' },
      user: { id: person.mri, name, aadObjectId: id },
    },
    updatedAt: at,
  });
  return chatId;
}

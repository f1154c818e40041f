import { botEndpoint } from '../../bot/conversation/bot-routes.js';
import { createBotRuntime, type BotRuntime } from '../../bot/conversation/bot-runtime.js';
import { ReminderScheduler } from '../../bot/reminders/reminder-scheduler.js';
import { createReminderSending, type ReminderSending } from '../../bot/reminders/reminder-setup.js';
import { runReminderSweep } from '../../bot/reminders/reminder-sweep.js';
import { createEmailDelivery } from '../../bot/reminders/email-setup.js';
import type { EmailDelivery } from '../../bot/reminders/lead-delivery.js';
import type { ServeOptions } from '../cli/cli-context.js';
import { explainSharePointFailure } from '../cli/sharepoint-failure.js';
import { describeConfig, resolveAppConfig } from '../config/app-config.js';
import { systemClock, type Clock } from '../config/today.js';
import { randomBytes } from 'node:crypto';
import { LocalFluidService, freeLoopbackPort } from '../local-meeting/fluid-service.js';
import { MeetingRegistry } from '../local-meeting/meeting-registry.js';
import { createApp } from '../server/create-app.js';
import { StoreReadiness } from '../server/readiness.js';
import type { TenantMode } from '../server/tenant-mode.js';
import { EditSyncSchedule } from '../store/sharepoint/edit-sync-schedule.js';
import { close, listen } from '../server/start-server.js';
import { seedSamples } from '../service/seed-samples.js';
import { openPlanStore } from '../store/open-store.js';
import type { PlanStore } from '../store/plan-store.js';
import { describeSettings, type Settings } from './settings.js';

/*
 * The composition root: the one place that turns the settings into running parts (the store, the
 * clock, the bot, the reminder sending and schedule, the server) and hands each part what it needs.
 * Everything below is given its dependencies; none builds its own from the environment. This
 * module loads the bot (botbuilder), Express and the Graph pipeline, so the command line's context
 * (main.ts) imports it only for the commands that run these parts: `serve` and `remind`.
 */

interface Runtime {
  store: PlanStore;
  clock: Clock;
  log: (line: string) => void;
}

/** The bot as the settings configure it: registered (BOT_ID), local (the Agents Playground), or off. */
export function botRuntimeFor(settings: Settings, runtime: Runtime): BotRuntime {
  return createBotRuntime({ ...runtime, auth: settings.auth, serviceUrls: settings.bot.serviceUrls, enabled: settings.bot.enabled });
}

/** One sender, one rate limiter and one installer for the process (the server's schedule, or `plan remind`), and the shared mailbox when one is set. */
export function reminderSendingFor(settings: Settings, runtime: Omit<Runtime, 'log'>): ReminderSending & { email: EmailDelivery | null } {
  const email = createEmailDelivery({ ...settings.email, auth: settings.auth, graphBaseUrl: settings.sharePoint.graphBaseUrl });
  return { ...createReminderSending({ store: runtime.store, clock: runtime.clock, config: settings.reminders.sending, auth: settings.auth }), email };
}

/** The reminder sweep on its schedule; null, with the reason logged, when the settings leave it off. */
export async function startReminders(settings: Settings, runtime: Runtime): Promise<ReminderScheduler | null> {
  const { schedule } = settings.reminders;
  if (!schedule.enabled) {
    runtime.log(`reminders not scheduled: ${schedule.reason}`);
    return null;
  }
  const sending = reminderSendingFor(settings, runtime);
  const scheduler = new ReminderScheduler({
    store: runtime.store,
    pattern: schedule.pattern,
    log: runtime.log,
    sweep: (planIds) => runReminderSweep({ store: runtime.store, clock: runtime.clock }, { kind: 'send', sender: sending.sender, reach: sending.reach, channels: sending.channels, ...(sending.email && { email: sending.email }) }, { planIds }),
  });
  runtime.log(`reminders on (${schedule.reason})${sending.canInstall ? '; leads without a chat get the app installed through Graph' : ''}${sending.email ? `; leads with no account are emailed from ${sending.email.mailer.mailbox}` : ''}`);
  await scheduler.start();
  return scheduler;
}

/**
 * Starts looking for edits made in SharePoint; with PLAN_PUBLIC_URL, also asks Graph to notify the
 * server of them (renewed daily), polling alone when Graph refuses. Returns the renewal timer.
 */
async function startEditSync(
  tenant: TenantMode,
  schedule: EditSyncSchedule,
  options: { publicUrl: string | null; clientState: string | null; syncMinutes: number; log: (line: string) => void },
): Promise<NodeJS.Timeout | null> {
  schedule.start();
  if (options.publicUrl === null || options.clientState === null) {
    options.log(`sharepoint edits: looked for every ${options.syncMinutes} minutes (set PLAN_PUBLIC_URL for change notifications)`);
    return null;
  }
  const notificationUrl = `${options.publicUrl}/api/sharepoint/notifications`;
  const outcome = await tenant.subscribe(notificationUrl, options.clientState, new Date()).catch((error: unknown) => ({ kind: 'refused' as const, why: error instanceof Error ? error.message : 'failed' }));
  if (outcome.kind === 'refused') {
    options.log(`sharepoint edits: no change notifications (${outcome.why}); looked for every ${options.syncMinutes} minutes`);
    return null;
  }
  options.log(`sharepoint edits: change notifications to ${notificationUrl} until ${outcome.expires}, and every ${options.syncMinutes} minutes`);
  const timer = setInterval(() => {
    void tenant.renew(outcome.ids, new Date()).then(
      (alive) => alive || options.log('sharepoint edits: a list subscription has gone; polling until the next start'),
      () => options.log('sharepoint edits: renewing the list subscriptions failed; tried again tomorrow'),
    );
  }, 24 * 60 * 60_000);
  timer.unref();
  return timer;
}

/**
 * `plan serve`: the store (SQLite, or in tenant mode the app's own SharePoint store with the API
 * running as the signed-in person), the bot, the server and the reminder schedule. Resolves once
 * listening; SIGINT and SIGTERM close it.
 */
export async function serve(settings: Settings, options: ServeOptions): Promise<void> {
  const choice = settings.store;
  const config = resolveAppConfig(settings.local, {
    ...(choice.kind === 'sharepoint' && { signInRequired: true }),
    ...(options.db !== undefined && { dbPath: options.db }),
    ...(options.host !== undefined && { host: options.host }),
    ...(options.port !== undefined && { port: options.port }),
  });
  const log = (line: string): void => console.log(`${new Date().toISOString()} ${line}`);
  log(describeSettings(settings));
  // Tenant mode: the app's own store for the bot, and the API as the signed-in person (tenant-mode.ts).
  const tenant =
    choice.kind === 'sharepoint'
      ? await import('../server/tenant-mode.js').then(({ openTenantMode }) => openTenantMode(choice.sharepoint)).catch((error: unknown) => {
          throw explainSharePointFailure(error);
        })
      : null;
  const store = tenant?.store ?? (await openPlanStore({ kind: 'sqlite', path: config.dbPath }));
  const clock = systemClock;
  if (options.seedSamples) await seedSamples(store, log, clock());
  // Tenant mode: edits made straight in the lists are brought into the plan's record, every few minutes and on notification.
  const { syncMinutes, publicUrl } = settings.sharePoint;
  const editSync = tenant && syncMinutes > 0 ? new EditSyncSchedule({ sync: tenant.editSync, everyMinutes: syncMinutes, log }) : null;
  // The secret Graph's notifications carry back: new for each start, as the subscriptions are.
  const clientState = editSync && publicUrl !== null ? randomBytes(32).toString('base64url') : null;

  // Local mode: a meeting simulated in the browser runs Live Share on tinylicious, started on first use.
  const fluid = tenant ? null : new LocalFluidService({ port: await freeLoopbackPort(), log, env: process.env });
  // /api/ready's store check, first made at start below; tenant.store is the app's own, so probes need no sign-in.
  const readiness = new StoreReadiness({ check: () => store.countPlans(), log });
  const app = createApp({
    store,
    clock,
    identify: async () => ({ name: config.localUserName, userId: null }),
    log,
    storeKind: choice.kind,
    bot: botEndpoint(botRuntimeFor(settings, { store, clock, log })),
    ...(tenant ? { tenant: tenant.api } : { allowedHosts: config.allowedHosts }),
    ...(editSync && clientState !== null && { listNotifications: { clientState, onChange: () => editSync.nudge() } }),
    ...(fluid && { localMeeting: { fluid, registry: new MeetingRegistry() } }),
    readiness,
    ...(settings.email.respond && { respond: settings.email.respond }),
  });
  const { server, url } = await listen(app, config.host, config.port);
  const planCount = await readiness.checkNow();
  const plans = `${planCount} plan${planCount === 1 ? '' : 's'}`;
  if (tenant) {
    log(`${tenant.description}; listening on ${config.host}:${config.port}; ${plans} visible to the app`);
    log(`tenant mode (Teams sign-in required for ${url}/api/plans); the tab is at ${url}/tab/`);
  } else {
    log(`${describeConfig(config)}; ${plans} loaded`);
    log(`local mode (no sign-in): open ${url}/tab/ for the plan tab, ${url}/api/plans for the API`);
    const first = (await store.listPlans())[0];
    if (first) log(`a meeting simulated in the browser: open ${url}/tab/plans/${encodeURIComponent(first.id)}/stage?meeting=demo&as=Chair, and the same with as=Alex in a second window`);
  }

  // On when the bot is registered, or PLAN_REMINDERS=on (bot/reminders/reminder-scheduler.ts).
  const reminders = await startReminders(settings, { store, clock, log });
  const subscriptions = tenant && editSync ? await startEditSync(tenant, editSync, { publicUrl, clientState, syncMinutes, log }) : null;

  const stop = async (signal: string): Promise<void> => {
    log(`${signal}: closing`);
    reminders?.stop();
    editSync?.stop();
    if (subscriptions) clearInterval(subscriptions);
    await close(server);
    await fluid?.stop();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

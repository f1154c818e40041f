import { Router } from 'express';
import type { ServeOptions } from '../cli/cli-context.js';
import { describeConfig, resolveAppConfig } from '../config/app-config.js';
import { systemClock } from '../config/today.js';
import { randomBytes } from 'node:crypto';
import { LocalFluidService, freeLoopbackPort } from '../local-meeting/fluid-service.js';
import { MeetingRegistry } from '../local-meeting/meeting-registry.js';
import { createApp, type BotEndpoint } from '../server/create-app.js';
import { StoreReadiness } from '../server/readiness.js';
import type { TenantMode } from '../server/tenant-mode.js';
import { EditSyncSchedule } from '../store/sharepoint/edit-sync-schedule.js';
import { close, listen } from '../server/start-server.js';
import { openPlanStore } from '../store/open-store.js';
import { describeSettings, type Settings } from './settings.js';

/*
 * `plan serve`, apart from the rest of the composition root (compose.ts) so that the server listens
 * and answers its probes before the bot (botbuilder) and the reminder sending (MSAL, Graph) are
 * loaded: they took most of a second of a cold start (BENCHMARKS.md, "Fast starts"), and a platform
 * that restarts or scales the app waits for /api/health. They are built from compose.ts as soon as
 * the server listens; /api/messages waits for them.
 */

/** Whether the bot takes activities nobody signed: served with no registration (local mode), as createBotRuntime decides. */
function takesUnsigned(settings: Settings): boolean {
  return settings.bot.enabled && settings.auth?.bot === undefined;
}

/**
 * The bot's endpoint before the bot is built: what the server must know when it is created (whether
 * unsigned activities are taken; whether there is a bot to post meeting summaries and digests) comes
 * from the settings, as createBotRuntime reads them, and everything else waits for `built`.
 */
function botEndpointWhenBuilt(settings: Settings, built: Promise<BotEndpoint>): BotEndpoint {
  const routes = Router();
  routes.use((req, res, next) => {
    built.then((endpoint) => endpoint.routes(req, res, next), next);
  });
  const served = settings.bot.enabled;
  const delivery = async (): Promise<Required<Pick<BotEndpoint, 'meetingChat' | 'planChannels'>>> => {
    const { meetingChat, planChannels } = await built;
    if (!meetingChat || !planChannels) throw new Error('the bot was built without its meeting chats and teams');
    return { meetingChat, planChannels };
  };
  return {
    routes,
    acceptsUnsigned: takesUnsigned(settings),
    ...(served && {
      meetingChat: {
        membership: async (chatId, userId) => (await delivery()).meetingChat.membership(chatId, userId),
        post: async (chatId, summary) => (await delivery()).meetingChat.post(chatId, summary),
      },
      planChannels: {
        membership: async (teamId, userId) => (await delivery()).planChannels.membership(teamId, userId),
        post: async (channel, digest) => (await delivery()).planChannels.post(channel, digest),
      },
    }),
  };
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
 * listening with the bot built; SIGINT and SIGTERM close it.
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
      ? await import('../server/tenant-mode.js').then(({ openTenantMode }) => openTenantMode(choice.sharepoint)).catch(async (error: unknown) => {
          throw (await import('../cli/sharepoint-failure.js')).explainSharePointFailure(error);
        })
      : null;
  const store = tenant?.store ?? (await openPlanStore({ kind: 'sqlite', path: config.dbPath }));
  const clock = systemClock;
  // The importer's readers are loaded only when there are samples to read (npm start), not for every start.
  if (options.seedSamples) await (await import('../service/seed-samples.js')).seedSamples(store, log, clock());
  // Tenant mode: edits made straight in the lists are brought into the plan's record, every few minutes and on notification.
  const { syncMinutes, publicUrl } = settings.sharePoint;
  const editSync = tenant && syncMinutes > 0 ? new EditSyncSchedule({ sync: tenant.editSync, everyMinutes: syncMinutes, log }) : null;
  // The secret Graph's notifications carry back: new for each start, as the subscriptions are.
  const clientState = editSync && publicUrl !== null ? randomBytes(32).toString('base64url') : null;

  // Local mode: a meeting simulated in the browser runs Live Share on tinylicious, started on first use.
  const fluid = tenant ? null : new LocalFluidService({ port: await freeLoopbackPort(), log, env: process.env });
  // /api/ready's store check, first made at start below; tenant.store is the app's own, so probes need no sign-in.
  const readiness = new StoreReadiness({ check: () => store.countPlans(), log });
  // Loaded once the server listens: loading them first would hold back its first answer (see the top of this file).
  let listening = (): void => {};
  const composed = new Promise<void>((resolve) => (listening = resolve)).then(() => import('./compose.js'));
  const runtime = { store, clock, log };
  const built = composed.then(({ botEndpointFor }) => {
    const endpoint = botEndpointFor(settings, runtime);
    if (endpoint.acceptsUnsigned !== takesUnsigned(settings)) throw new Error('the bot was built for another mode than the server was told it serves');
    return endpoint;
  });
  // Awaited below; until then a failure must not count as unhandled.
  built.catch(() => {});
  const app = createApp({
    store,
    clock,
    identify: async () => ({ name: config.localUserName, userId: null }),
    log,
    storeKind: choice.kind,
    bot: botEndpointWhenBuilt(settings, built),
    ...(tenant ? { tenant: tenant.api } : { allowedHosts: config.allowedHosts }),
    ...(editSync && clientState !== null && { listNotifications: { clientState, onChange: () => editSync.nudge() } }),
    ...(fluid && { localMeeting: { fluid, registry: new MeetingRegistry() } }),
    readiness,
    ...(settings.email.respond && { respond: settings.email.respond }),
  });
  const { server, url } = await listen(app, config.host, config.port);
  listening();
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

  // A bot the settings cannot build (BOT_ID missing beside a tenant, say) stops the start, as before it listened.
  await built.catch(async (error: unknown) => {
    await close(server);
    await fluid?.stop();
    await store.close();
    throw error;
  });
  // On when the bot is registered, or PLAN_REMINDERS=on (bot/reminders/reminder-scheduler.ts).
  const { startReminders } = await composed;
  const reminders = await startReminders(settings, runtime);
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

import { basename } from 'node:path';
import { startRemindersFromEnvironment } from '../../../bot/reminder-scheduler.js';
import { readAppConfig, describeConfig } from '../../config/app-config.js';
import { systemClock } from '../../config/today.js';
import { importPlanFile } from '../../import/import-file.js';
import { samplePlanFiles } from '../../import/sample-plans.js';
import { createApp } from '../../server/create-app.js';
import { close, listen } from '../../server/start-server.js';
import type { PlanStore } from '../../store/plan-store.js';
import { openPlanStore } from '../../store/open-store.js';
import { readStoreChoice } from '../../store/sharepoint/sharepoint-config.js';
import { explainSharePointFailure } from '../sharepoint-failure.js';

export interface ServeOptions {
  db?: string;
  host?: string;
  port?: number;
  seedSamples?: boolean;
}

/**
 * Imports the sample plans into a store that holds nothing else, so a first run shows something
 * real. Each sample is its own transaction: a start killed between two leaves some in, and the
 * next start imports the rest. A store holding any plan that is not a sample is never touched.
 */
export async function seedSamples(store: PlanStore, log: (line: string) => void, now: Date): Promise<number> {
  const present = new Set((await store.listPlans()).map((plan) => plan.title));
  const files = await samplePlanFiles();
  // As many plans as samples: either all are in, or one is the board's own; both mean nothing to do.
  if (present.size >= files.length) return 0;
  const samples = [];
  for (const file of files) {
    samples.push({ file, draft: (await importPlanFile(file, { importedAt: now.toISOString() })).draft });
  }
  const sampleTitles = new Set(samples.map(({ draft }) => draft.title));
  if ([...present].some((title) => !sampleTitles.has(title))) return 0;
  let count = 0;
  for (const { file, draft } of samples) {
    if (present.has(draft.title)) continue;
    const plan = await store.importPlan(draft);
    log(`imported sample ${basename(file)} as plan ${plan.id}`);
    count += 1;
  }
  return count;
}

export async function serveCommand(options: ServeOptions): Promise<void> {
  const choice = readStoreChoice(process.env);
  const config = readAppConfig(process.env, {
    ...(choice.kind === 'sharepoint' && { signInRequired: true }),
    ...(options.db !== undefined && { dbPath: options.db }),
    ...(options.host !== undefined && { host: options.host }),
    ...(options.port !== undefined && { port: options.port }),
  });
  const log = (line: string): void => console.log(`${new Date().toISOString()} ${line}`);
  // Tenant mode: the app's own store for the bot, and the API as the signed-in person (tenant-mode.ts).
  const tenant =
    choice.kind === 'sharepoint'
      ? await import('../../server/tenant-mode.js').then(({ openTenantMode }) => openTenantMode(choice.sharepoint)).catch((error: unknown) => {
          throw explainSharePointFailure(error);
        })
      : null;
  const store = tenant?.store ?? (await openPlanStore({ kind: 'sqlite', path: config.dbPath }));
  if (options.seedSamples) await seedSamples(store, log, systemClock());

  const app = createApp({
    store,
    clock: systemClock,
    identify: async () => ({ name: config.localUserName, userId: null }),
    log,
    storeKind: choice.kind,
    ...(tenant ? { tenant: tenant.api } : { allowedHosts: config.allowedHosts }),
  });
  const { server, url } = await listen(app, config.host, config.port);
  const planCount = await store.countPlans();
  if (tenant) {
    log(`${tenant.description}; listening on ${config.host}:${config.port}; ${planCount} plan${planCount === 1 ? '' : 's'} visible to the app`);
    log(`tenant mode (Teams sign-in required for ${url}/api/plans); the tab is at ${url}/tab/`);
  } else {
    log(`${describeConfig(config)}; ${planCount} plan${planCount === 1 ? '' : 's'} loaded`);
    log(`local mode (no sign-in): open ${url}/tab/ for the plan tab, ${url}/api/plans for the API`);
  }

  // The reminder sweep on its schedule (bot/reminder-scheduler.ts): on when the bot is registered, or PLAN_REMINDERS=on.
  const reminders = await startRemindersFromEnvironment({ store, clock: systemClock, log });

  const stop = async (signal: string): Promise<void> => {
    log(`${signal}: closing`);
    reminders?.stop();
    await close(server);
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

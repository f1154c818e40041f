/**
 * What browser tests share: headless Chromium (Debian's package, see scripts/install-chromium.sh) and
 * the real server on 127.0.0.1 with the sample plans in a throw-away SQLite file.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { join, resolve } from 'node:path';
import { seedSamples } from '../../src/service/seed-samples.js';
import { localBot } from '../server/local-bot.js';
import { systemClock, type Clock } from '../../src/config/today.js';
import { importPlanFile } from '../../src/import/import-file.js';
import type { PlanSummary } from '../../src/plan/plan.js';
import { createApp } from '../../src/server/create-app.js';
import { freeLoopbackPort, LocalFluidService } from '../../src/local-meeting/fluid-service.js';
import { MeetingRegistry } from '../../src/local-meeting/meeting-registry.js';
import { close, listen } from '../../src/server/start-server.js';
import { openPlanStore } from '../../src/store/open-store.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { ChromiumMissingError, chromiumPath, findChromium, INSTALL_HINT } from '../../scripts/chromium.js';
import { ensureTabBuild } from '../../scripts/ensure-tab-build.js';

export { launchChromium, ChromiumMissingError, CHROMIUM_ARGS } from '../../scripts/chromium.js';

/**
 * The Chromium executable for a browser test file, or null to skip it on a developer machine
 * without one. In CI (CI=true) a missing browser is a failure, never a silent skip.
 */
export function chromiumForTests(env: NodeJS.ProcessEnv = process.env): string | null {
  const path = findChromium(env);
  if (path === null && env.CI === 'true') {
    throw new ChromiumMissingError(chromiumPath(env));
  }
  if (path === null) console.warn(`browser tests skipped: Chromium not found at ${chromiumPath(env)}; ${INSTALL_HINT}`);
  return path;
}

const ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * This checkout's tab/dist, built first when missing or older than tab/src (the same step as
 * npm start). Test files running in parallel share one build.
 */
export function builtTabDir(): string {
  ensureTabBuild(ROOT);
  const dist = join(ROOT, 'tab', 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error('tab/dist/index.html is missing and there are no tab sources to build it from');
  return dist;
}

export interface SeededServerOptions {
  /** The built tab to serve under /tab/; by default this checkout's tab/dist. */
  tabDir?: string;
  /** The server's clock; by default the system's. */
  clock?: Clock;
  /** More plan files to import after the samples (e.g. a generated 5,000-action plan). */
  planFiles?: string[];
  /** Author name of updates made through the API (local mode has no sign-in). */
  userName?: string;
  /** Server log lines; by default dropped (they hold paths and status codes only). */
  log?: (line: string) => void;
  /** Serve simulated meetings (`?meeting=`), with Live Share on a local Fluid service started on first use. */
  meetings?: boolean;
}

export interface SeededServer {
  /** http://127.0.0.1:<port>, no trailing slash. */
  url: string;
  store: PlanStore;
  /** Every plan in the store, samples first. */
  plans: PlanSummary[];
  /** The id of the plan whose title starts with `prefix`; throws if there is none. */
  planId(prefix: string): string;
  stop(): Promise<void>;
}

/** The real server (createApp) with the sample plans, on 127.0.0.1 and a free port. */
export async function startSeededServer(options: SeededServerOptions = {}): Promise<SeededServer> {
  const dir = await mkdtemp(join(tmpdir(), 'plan-browser-'));
  const log = options.log ?? (() => {});
  const clock = options.clock ?? systemClock;
  const store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
  let fluid: LocalFluidService | null = null;
  try {
    await seedSamples(store, log, clock());
    for (const file of options.planFiles ?? []) {
      const { draft } = await importPlanFile(file, { importedAt: clock().toISOString() });
      await store.importPlan(draft);
    }
    fluid = options.meetings ? new LocalFluidService({ port: await freeLoopbackPort(), log, env: process.env }) : null;
    const app = createApp({
      store,
      clock,
      identify: async () => ({ name: options.userName ?? 'Local demo user', userId: null }),
      log,
      storeKind: 'sqlite',
      bot: localBot(store, clock),
      ...(options.tabDir !== undefined && { tabDir: options.tabDir }),
      ...(fluid && { localMeeting: { fluid, registry: new MeetingRegistry() } }),
    });
    const { server, url } = await listen(app, '127.0.0.1', 0);
    const plans = await store.listPlans();
    return {
      url,
      store,
      plans,
      planId(prefix) {
        const plan = plans.find((p) => p.title.startsWith(prefix));
        if (!plan) throw new Error(`no plan titled "${prefix}…" among ${plans.length}`);
        return plan.id;
      },
      async stop() {
        await close(server);
        await fluid?.stop();
        await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await fluid?.stop();
    await store.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/**
 * Where the tab's screenshots go: test-results/tab (ignored by git) when the tests run, so running
 * them changes no tracked file; docs/tab, for the README and tab/README.md, when `npm run
 * screenshots` asks for them there.
 */
export const SHOTS = resolve(import.meta.dirname, '..', '..', process.env.PLAN_SCREENSHOTS_DIR ?? join('test-results', 'tab'));

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Serious and critical axe-core violations on the page as it is now, as "rule: help (where)". */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the tab's Content-Security-Policy rightly refuses inline scripts.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
}

/** A screenshot for docs/tab/: the pointer moved off the page first, so no hover state differs between runs. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, name) });
}


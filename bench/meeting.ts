/**
 * The meeting's measures (issue 16, "Measure"): follow latency from the presenter's key press to
 * the frame each attendee paints, three stages in headless Chromium on a simulated meeting (Live
 * Share on the local Fluid service); the stage's first paint at 1920x1080; and that Live Share is
 * not part of the tab's initial load. Writes the "Meeting walk-through" section of BENCHMARKS.md.
 * Called by bench/run.ts, or: node bin/run-ts.js bench/meeting.ts
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../scripts/chromium.js';
import { ensureTabBuild } from '../scripts/ensure-tab-build.js';
import { startSeededServer } from '../test/browser/browser-harness.js';
import { benchMachine, benchTable, benchToday, writeBenchSection, type BenchRow } from './benchmarks-file.js';
import { measureBundle } from './tab-bundle.js';
import { openPlanTimed } from './tab.js';

const STEPS = 60;
const STAGE = { width: 1920, height: 1080 };

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

type FollowWindow = Window & { __paints?: Record<string, number>; __keys?: number[] };

/**
 * Records, in an attendee's page, when each action first reaches the screen: the `at` of the
 * address (what Live Share made it follow) checked every frame, stamped once that frame is painted.
 * Date.now(), not performance.now(): the pages are separate, and share only the machine's clock.
 */
async function watchPaints(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as FollowWindow;
    w.__paints = {};
    let last = new URL(window.location.href).searchParams.get('at');
    const frame = () => {
      const at = new URL(window.location.href).searchParams.get('at');
      if (at !== last && at !== null && document.querySelector(`[data-ref="${CSS.escape(at)}"]`)) {
        last = at;
        const key = at;
        setTimeout(() => (w.__paints![key] ??= Date.now()), 0);
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

async function joinStage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: STAGE });
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('region', { name: 'Meeting walk-through' }).waitFor({ timeout: 60_000 });
  return page;
}

export async function benchMeeting(distDir: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];

  const bundle = measureBundle(distDir);
  const assets = join(distDir, 'assets');
  const liveShareChunks = readdirSync(assets).filter((f) => f.endsWith('.js') && readFileSync(join(assets, f), 'utf8').includes('@microsoft/live-share:LiveFollowMode'));
  const inInitial = liveShareChunks.filter((f) => bundle.initial.some((i) => i.path.endsWith(f)));
  const lazyGzip = liveShareChunks.reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f))).length, 0);
  rows.push({
    what: `Tab initial load gzipped, Live Share and Fluid (${liveShareChunks.length} lazy chunk, ${(lazyGzip / 1024).toFixed(0)} KB gzipped) loaded only in a meeting`,
    value: `${(bundle.initialGzip / 1024).toFixed(1)} KB; Live Share in the initial load: ${inInitial.length === 0 ? 'no' : 'yes'}`,
    target: '< 300 KB, Live Share not in it',
    met: bundle.initialGzip < 300 * 1024 && inInitial.length === 0 && liveShareChunks.length > 0,
  });

  const server = await startSeededServer({ tabDir: distDir, clock: () => new Date('2018-03-01T12:00:00Z'), meetings: true });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const glos = server.planId('Gloucestershire');
    const stageUrl = `${server.url}/tab/plans/${encodeURIComponent(glos)}/stage`;

    // The stage's first paint, outside a meeting (cold cache each time), at 1920x1080.
    const paints: number[] = [];
    for (let i = 0; i <= 5; i += 1) {
      const context = await browser.newContext({ viewport: STAGE });
      await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
      const ms = await openPlanTimed(await context.newPage(), `${stageUrl}?local=1`);
      if (i > 0) paints.push(ms);
      await context.close();
    }
    rows.push({ what: 'Stage first paint at 1920x1080 (the Gloucestershire plan’s overview), navigation to the painted frame, cold cache, median of 5', value: `${quantile(paints, 0.5).toFixed(0)} ms`, target: '—', met: null });

    const joinStarted = Date.now();
    const presenter = await joinStage(browser, `${stageUrl}?meeting=bench&as=Chair`);
    const joinedMs = Date.now() - joinStarted;
    const secondStarted = Date.now();
    const alex = await joinStage(browser, `${stageUrl}?meeting=bench&as=Alex&role=attendee`);
    const secondMs = Date.now() - secondStarted;
    const attendees = [alex, await joinStage(browser, `${stageUrl}?meeting=bench&as=Sam&role=attendee`)];
    rows.push({ what: 'First window to join a simulated meeting, page load to the follow bar (starts the local Fluid service)', value: `${(joinedMs / 1000).toFixed(1)} s`, target: '—', met: null });
    rows.push({ what: 'Another window joining the meeting already running, page load to the follow bar', value: `${(secondMs / 1000).toFixed(1)} s`, target: '—', met: null });

    await presenter.getByRole('button', { name: 'Present to everyone' }).click();
    for (const page of attendees) await page.getByRole('status').filter({ hasText: 'Following Chair' }).waitFor({ timeout: 30_000 });
    await presenter.evaluate(() => {
      const w = window as FollowWindow;
      w.__keys = [];
      // Capture phase: stamped before the stage handles the key.
      window.addEventListener('keydown', () => w.__keys!.push(Date.now()), { capture: true });
    });
    // From the overview to the first action, so every measured step goes from one action to another.
    await presenter.keyboard.press('ArrowRight');
    for (const page of attendees) await page.waitForFunction(() => new URL(window.location.href).searchParams.get('at') !== null, null, { timeout: 10_000 });
    for (const page of attendees) await watchPaints(page);

    const latencies: number[] = [];
    let missed = 0;
    for (let i = 0; i < STEPS; i += 1) {
      // Forward through the first twenty actions and back (never to the overview), so every step shows another action.
      const before = new URL(presenter.url()).searchParams.get('at');
      await presenter.keyboard.press(Math.floor(i / 19) % 2 === 0 ? 'ArrowRight' : 'ArrowLeft');
      const at = await presenter
        .waitForFunction((was) => {
          const now = new URL(window.location.href).searchParams.get('at');
          return now !== was && now;
        }, before, { timeout: 5000 })
        .then((h) => h.jsonValue() as Promise<string>);
      const keyAt = await presenter.evaluate(() => (window as FollowWindow).__keys!.at(-1)!);
      for (const page of attendees) {
        const painted = await page
          .waitForFunction((ref) => (window as FollowWindow).__paints![ref!], at, { timeout: 5000 })
          .then((h) => h.jsonValue() as Promise<number>)
          .catch(() => null);
        if (painted === null) missed += 1;
        else if (i >= 5) latencies.push(painted - keyAt);
        await page.evaluate((ref) => delete (window as FollowWindow).__paints![ref!], at);
      }
    }
    const median = quantile(latencies, 0.5);
    rows.push({
      what: `Follow latency, presenter’s key press to each attendee’s painted frame, 3 stages on this machine, ${latencies.length} steps${missed > 0 ? `, ${missed} not followed within 5 s` : ''}`,
      value: `median ${median.toFixed(0)} ms, 95th percentile ${quantile(latencies, 0.95).toFixed(0)} ms`,
      target: 'median < 250 ms',
      met: median < 250 && missed === 0,
    });
  } finally {
    await browser?.close();
    await server.stop();
  }
  return rows;
}

export async function runMeetingBench(root: string): Promise<void> {
  ensureTabBuild(root);
  if (!existsSync(join(root, 'tab', 'dist', 'index.html'))) {
    console.log('meeting: the tab is not built (no tab sources); the "Meeting walk-through" benchmark is skipped');
    return;
  }
  const rows = await benchMeeting(join(root, 'tab', 'dist'));
  const how =
    'Headless Chromium (Debian package), three 1920x1080 stages in one meeting simulated in local mode (`?meeting=`), Live Share on the local Fluid service (tinylicious) the server starts, all on this machine. ' +
    'Follow latency is from the presenter’s keydown (capture phase, `Date.now()`) to the task after the first animation frame in which an attendee’s stage shows the new action.';
  const section = `## Meeting walk-through\n\nMachine: ${benchMachine()}. Date: ${benchToday()}. Command: \`npm run bench\` (or \`node bin/run-ts.js bench/meeting.ts\`).\n\n${how}\n\n${benchTable(rows)}\n`;
  await writeBenchSection(root, 'Meeting walk-through', section);
  console.log(section);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runMeetingBench(resolve(import.meta.dirname, '..'));
}

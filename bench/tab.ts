/**
 * The plan tab's measures (issue 6, "Measure"): the initial load's size gzipped, the time from
 * navigation to the Gloucestershire plan rendered in headless Chromium, and filter latency on a
 * 5,000-action plan. Writes the "Plan tab" section of BENCHMARKS.md. Called by bench/run.ts, or:
 *   node bin/run-ts.js bench/tab.ts
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from '../scripts/chromium.js';
import { ensureTabBuild } from '../scripts/ensure-tab-build.js';
import { startSeededServer } from '../test/browser/browser-harness.js';
import { benchMachine, benchTable, benchToday, writeBenchSection, type BenchRow } from './benchmarks-file.js';
import { generateTextExport } from './generate-plan.js';
import { measureBundle } from './tab-bundle.js';

const RENDER_RUNS = 7;
const SEARCH_TERMS = ['number 12', 'number 345', 'number 4', 'number 2718', 'number 99', 'number 1000', 'number 777', 'number 3', 'number 4242', 'number 50', 'number 610', 'number 1', 'number 2', 'number 88', 'number 4999', 'number 123', 'number 6', 'number 3141', 'number 7', 'number 20', 'number 5'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

type PaintWindow = Window & { __planPaintedAt?: number; __planStateSeen?: string };

/**
 * Milliseconds from navigation start (performance.now's origin) to the first frame painted after
 * the tab marks the plan ready (`data-plan-state="ready"` on <html>, see tab/README.md).
 */
export async function openPlanTimed(page: Page, url: string): Promise<number> {
  await page.addInitScript(() => {
    const w = window as PaintWindow;
    new MutationObserver(() => {
      const state = document.documentElement.dataset.planState;
      if (state) w.__planStateSeen = state;
      if (state === 'ready' && w.__planPaintedAt === undefined) {
        w.__planPaintedAt = -1;
        // The next animation frame is the one that paints the ready DOM; a task after it runs once painted.
        requestAnimationFrame(() => setTimeout(() => (w.__planPaintedAt = performance.now()), 0));
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-plan-state'] });
  });
  await page.goto(url);
  await page.waitForFunction(() => {
    const w = window as PaintWindow;
    return (w.__planPaintedAt ?? -1) > 0 || w.__planStateSeen === 'error' || w.__planStateSeen === 'not-found';
  }, null, { timeout: 60_000 });
  const { paintedAt, state } = await page.evaluate(() => ({ paintedAt: (window as PaintWindow).__planPaintedAt ?? -1, state: (window as PaintWindow).__planStateSeen ?? '' }));
  if (paintedAt <= 0) throw new Error(`the tab reached data-plan-state="${state}" instead of "ready" at ${url}`);
  return paintedAt;
}

interface FilterTiming {
  /** Input to the frame that paints the changed rows. */
  painted: number;
  /** Input to the DOM holding the changed rows (the tab's own work, before waiting for a frame). */
  dom: number;
}

/**
 * Sets a filter control's value as a person would (the native setter, then the event React listens
 * for) and times it until the list of action rows (`[data-ref]`) has changed in the DOM and until
 * the frame showing it is painted. null if the list did not change within 5 s.
 */
async function timeFilterChange(control: Locator, value: string): Promise<FilterTiming | null> {
  return control.evaluate(async (el, next) => {
    const rows = () => Array.from(document.querySelectorAll('[data-ref]'), (r) => r.getAttribute('data-ref')).join(',');
    const before = rows();
    let started = 0;
    let dom = -1;
    const observer = new MutationObserver(() => {
      if (dom < 0 && rows() !== before) dom = performance.now() - started;
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-ref'] });
    const isSelect = el instanceof HTMLSelectElement;
    const proto = isSelect ? HTMLSelectElement.prototype : el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    const setValue = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
    started = performance.now();
    setValue?.call(el, next);
    el.dispatchEvent(new Event(isSelect ? 'change' : 'input', { bubbles: true }));
    return new Promise<FilterTiming | null>((done) => {
      const frame = () => {
        if (rows() !== before) {
          // This frame paints the changed rows; the task after it runs once they are on screen.
          setTimeout(() => {
            observer.disconnect();
            const painted = performance.now() - started;
            done({ painted, dom: dom < 0 ? painted : dom });
          }, 0);
          return;
        }
        if (performance.now() - started > 5000) {
          observer.disconnect();
          done(null);
        } else requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
  }, value);
}

/** Values of a <select> (its options but the current one), or null for another kind of control. */
async function selectOptions(control: Locator): Promise<string[] | null> {
  return control.evaluate((el) => (el instanceof HTMLSelectElement ? Array.from(el.options, (o) => o.value).filter((v) => v !== '') : null));
}

interface FilterRun {
  painted: number[];
  dom: number[];
  unchanged: number;
}

async function filterLatencies(page: Page, label: string, values: string[]): Promise<FilterRun> {
  const control = page.getByLabel(label, { exact: true }).first();
  const run: FilterRun = { painted: [], dom: [], unchanged: 0 };
  for (const [i, value] of values.entries()) {
    const timing = await timeFilterChange(control, value);
    if (timing === null) run.unchanged += 1;
    else if (i >= 3) {
      // The first changes warm the JIT and React's caches.
      run.painted.push(timing.painted);
      run.dom.push(timing.dom);
    }
  }
  return run;
}

/**
 * A fresh context (empty HTTP cache, as a first visit). tsx compiles this file with esbuild's
 * keepNames, which wraps named functions in a `__name` helper the page does not have.
 */
async function newBenchContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  return context;
}

/** Measures the tab built in distDir (normally tab/dist). */
export async function benchTab(distDir: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];

  const bundle = measureBundle(distDir);
  rows.push({
    what: `Initial load gzipped: index.html, entry module, its static imports and CSS (${bundle.initial.length} files)`,
    value: kb(bundle.initialGzip),
    target: '< 300 KB',
    met: bundle.initialGzip < 300 * 1024,
  });
  rows.push({ what: 'Initial load brotli-compressed (quality 11), as the server sends the assets to browsers that accept it', value: kb(bundle.initialBrotli), target: '—', met: null });
  rows.push({ what: `Whole build gzipped, lazy chunks included (${bundle.allFiles} JS/CSS files)`, value: kb(bundle.allGzip), target: '—', met: null });

  const work = await mkdtemp(join(tmpdir(), 'plan-bench-tab-'));
  const bigFile = join(work, 'generated-5000.txt');
  await writeFile(bigFile, generateTextExport(5000, 3));
  const server = await startSeededServer({ tabDir: distDir, planFiles: [bigFile] });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const glos = server.planId('Gloucestershire');
    const big = server.plans.find((p) => p.actionCount === 5000)?.id;
    if (!big) throw new Error('the generated 5,000-action plan was not imported');

    const render = async (planId: string, runs: number): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i <= runs; i += 1) {
        const context = await newBenchContext(browser!);
        const ms = await openPlanTimed(await context.newPage(), `${server.url}/tab/plans/${encodeURIComponent(planId)}?local=1`);
        if (i > 0) times.push(ms); // the first run warms the server
        await context.close();
      }
      return times;
    };
    const glosTimes = await render(glos, RENDER_RUNS);
    const glosActions = server.plans.find((p) => p.id === glos)?.actionCount ?? 0;
    rows.push({ what: `Navigation to the Gloucestershire plan rendered (${glosActions} actions), cold cache, median of ${RENDER_RUNS}`, value: `${median(glosTimes).toFixed(0)} ms`, target: '—', met: null });
    const bigTimes = await render(big, 3);
    rows.push({ what: 'Navigation to the generated plan rendered (5,000 actions), cold cache, median of 3', value: `${median(bigTimes).toFixed(0)} ms`, target: '—', met: null });

    const context = await newBenchContext(browser);
    const page = await context.newPage();
    await openPlanTimed(page, `${server.url}/tab/plans/${encodeURIComponent(big)}?local=1`);

    const search = await filterLatencies(page, 'Search', SEARCH_TERMS);
    rows.push(filterRow('Search (a new term)', search));
    await filterLatencies(page, 'Search', ['']);

    const lead = page.getByLabel('Lead', { exact: true }).first();
    const leads = await selectOptions(lead);
    if (leads && leads.length > 1) {
      const cycle = Array.from({ length: 21 }, (_, i) => leads[i % leads.length]!);
      rows.push(filterRow('Lead (another lead chosen)', await filterLatencies(page, 'Lead', cycle)));
    } else {
      rows.push({ what: 'Filter latency on 5,000 actions: Lead', value: 'not measured: the Lead control is not a <select>', target: '< 16 ms', met: null });
    }
    await context.close();
  } finally {
    await browser?.close();
    await server.stop();
    await rm(work, { recursive: true, force: true });
  }
  return rows;
}

function filterRow(what: string, r: FilterRun): BenchRow {
  const unchanged = r.unchanged > 0 ? `; ${r.unchanged} changes left the list as it was` : '';
  if (r.painted.length === 0) return { what: `Filter latency on 5,000 actions: ${what}`, value: 'no change seen', target: '< 16 ms', met: false };
  const m = median(r.painted);
  return {
    what: `Filter latency on 5,000 actions, input to the changed list painted: ${what}, median of ${r.painted.length}${unchanged}`,
    value: `${m.toFixed(1)} ms (max ${Math.max(...r.painted).toFixed(1)}; list changed in the DOM after ${median(r.dom).toFixed(1)} ms)`,
    target: '< 16 ms',
    met: m < 16,
  };
}

export function tabSection(rows: BenchRow[], on: { machine: string; date: string }): string {
  const how =
    'Headless Chromium (Debian package, `playwright-core`), 1280x900, the real server on 127.0.0.1 with the sample plans and a generated 5,000-action plan (`bench/generate-plan.ts`), the tab in local mode. ' +
    'Sizes are gzipped with node:zlib at its default level. Render time is from navigation start to the first frame painted after `data-plan-state="ready"`. ' +
    'Filter latency is from setting the control\'s value (the input event React handles) to the frame that paints the changed rows, measured in the page with `requestAnimationFrame`.';
  return `## Plan tab\n\nMachine: ${on.machine}. Date: ${on.date}. Command: \`npm run bench\` (or \`node bin/run-ts.js bench/tab.ts\`).\n\n${how}\n\n${benchTable(rows)}\n`;
}

/** Builds the tab if needed, measures it, and writes the "Plan tab" section of BENCHMARKS.md. */
export async function runTabBench(root: string): Promise<void> {
  ensureTabBuild(root);
  if (!existsSync(join(root, 'tab', 'dist', 'index.html'))) {
    console.log('tab: not built (no tab sources); the "Plan tab" benchmark is skipped');
    return;
  }
  const rows = await benchTab(join(root, 'tab', 'dist'));
  const section = tabSection(rows, { machine: benchMachine(), date: benchToday() });
  await writeBenchSection(root, 'Plan tab', section);
  console.log(section);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runTabBench(resolve(import.meta.dirname, '..'));
}

/**
 * Printing the plan from the tab ("Print", or the browser's Print / Save as PDF): Chromium prints
 * the plan view of the Gloucestershire plan, with what changed since its February meeting, to PDF.
 * The paper has every action (the list on screen is virtualised: only the rows in view exist), and
 * none of the controls. The server's clock is fixed at 1 March 2018, as in tab.browser.test.ts.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtTabDir, chromiumForTests, launchChromium, SHOTS, startSeededServer, type SeededServer } from './browser-harness.js';

const chromium = chromiumForTests();
const NOW = new Date('2018-03-01T12:00:00Z');
const run = promisify(execFile);

/** Words only a control shows: a filter's label or choice, a button, a link, the local banner. */
const CONTROL_WORDS = ['Search', 'All leads', 'All sections', 'Print', 'Export to Word', 'Annual report', 'Walk through', 'Import a new version', 'All plans', 'Details', 'Local demo', 'Meetings (', 'Changed since', 'Due before', 'Clear filters'];

async function planReady(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.planState === 'ready', undefined, { timeout: 15_000 });
}

const rowsInPage = (page: Page) => page.$$eval('[data-ref]', (rows) => rows.map((r) => (r as HTMLElement).dataset.ref ?? ''));

async function pdfText(pdf: Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'plan-print-'));
  try {
    await writeFile(join(dir, 'plan.pdf'), pdf);
    return (await run('pdftotext', [join(dir, 'plan.pdf'), '-'], { maxBuffer: 32 * 1024 * 1024 })).stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe.skipIf(chromium === null)('printing the plan view', () => {
  let server: SeededServer;
  let browser: Browser;
  let glos: string;
  let refs: string[];

  beforeAll(async () => {
    server = await startSeededServer({ tabDir: builtTabDir(), clock: () => NOW });
    browser = await launchChromium();
    glos = server.planId('Gloucestershire');
    await server.store.updatePlanSettings(glos, { meetings: [{ date: '2018-02-12', source: 'entered', title: null }] });
    refs = (await server.store.findActions(glos)).map((a) => a.ref);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function openPlan(viewport = { width: 1400, height: 900 }): Promise<Page> {
    const page = await browser.newPage({ viewport, reducedMotion: 'reduce' });
    await page.goto(`${server.url}/tab/plans/${glos}`);
    await planReady(page);
    return page;
  }

  it('has a Print button in the plan\'s header that opens the browser\'s print', async () => {
    const page = await openPlan();
    await page.evaluate(() => {
      window.print = () => document.documentElement.setAttribute('data-printed', 'yes');
    });
    await page.getByRole('button', { name: 'Print' }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.printed)).toBe('yes');
    await page.close();
  });

  it('renders every row while printing (beforeprint) and goes back to the rows in view after', async () => {
    const page = await openPlan();
    const onScreen = await rowsInPage(page);
    expect(onScreen.length).toBeLessThan(refs.length);
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    expect(await rowsInPage(page)).toEqual(refs);
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    expect((await rowsInPage(page)).length).toBe(onScreen.length);
    await page.close();
  });

  it('prints to PDF every action ref, RAG in words and what changed since the meeting, and no control', async () => {
    const page = await openPlan();
    await page.emulateMedia({ media: 'print' });
    await page.waitForFunction((n) => document.querySelectorAll('[data-ref]').length === n, refs.length);
    const text = await pdfText(await page.pdf({ preferCSSPageSize: true }));
    // A ref is a word of its own, whole ("1.17", never "1.1" over "7"). pdftotext may set a cell's
    // text beside a neighbouring cell's on one line, depending on the fonts the machine has.
    const words = new Set(text.split(/\s+/));
    for (const ref of refs) expect(words.has(ref), `action ${ref}`).toBe(true);
    for (const words of CONTROL_WORDS) expect(text, `"${words}"`).not.toContain(words);
    // The Lead filter's label is a line of its own where it shows; plan text says "Lead" only inside sentences.
    expect(text.split('\n').map((l) => l.trim())).not.toContain('Lead');
    expect(text).toContain('Complete');
    expect(text).toContain('Since 12 Feb 2018');
    expect(text).toMatch(/Gloucestershire Multi-agency Child Sexual Exploitation/);
    await page.close();
  }, 60_000);

  it('shows the first page of paper as the print media gives it (docs/tab/print-plan.png)', async () => {
    // A4 landscape at 96 dpi, the page size the print styles ask for.
    const page = await openPlan({ width: 1123, height: 794 });
    await page.emulateMedia({ media: 'print' });
    await page.waitForFunction((n) => document.querySelectorAll('[data-ref]').length === n, refs.length);
    await mkdir(SHOTS, { recursive: true });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'print-plan.png') });
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await page.getByLabel('Search').isVisible()).toBe(false);
    await page.close();
  });
});

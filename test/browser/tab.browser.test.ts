/**
 * The tab in headless Chromium against the real server with both sample plans: what a group does
 * with it in a meeting, screenshots of each view for docs/tab/, and an accessibility check (axe-core)
 * on every view. The server's clock is fixed at 1 March 2018 so the Gloucestershire plan is current
 * and the screenshots are the same on every run.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtTabDir, chromiumForTests, launchChromium, screenshot, seriousViolations, SHOTS, startSeededServer, type SeededServer } from './browser-harness.js';

const chromium = chromiumForTests();
const NOW = new Date('2018-03-01T12:00:00Z');

async function planReady(page: Page, state = 'ready'): Promise<void> {
  await page.waitForFunction((s) => document.documentElement.dataset.planState === s, state, { timeout: 15_000 });
}

const refsOnScreen = (page: Page) => page.$$eval('[data-ref]', (rows) => rows.map((r) => (r as HTMLElement).dataset.ref ?? ''));

describe.skipIf(chromium === null)('the plan tab in Chromium', () => {
  let server: SeededServer;
  let browser: Browser;
  let glos: string;
  let cheshire: string;
  const alerts: string[] = [];

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startSeededServer({ tabDir: builtTabDir(), clock: () => NOW });
    browser = await launchChromium();
    glos = server.planId('Gloucestershire');
    cheshire = server.planId('Pan Cheshire');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function open(path: string, viewport = { width: 1400, height: 900 }): Promise<Page> {
    // Reduced motion: Fluent's dialog and focus animations would otherwise be caught half way in a screenshot.
    const page = await browser.newPage({ viewport, reducedMotion: 'reduce' });
    page.on('dialog', (dialog) => {
      alerts.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${server.url}${path}`);
    return page;
  }

  it('loads the Gloucestershire plan with the local demo banner and every section in order', async () => {
    const page = await open(`/tab/plans/${glos}`);
    await planReady(page);
    expect(await page.getByText('Local demo', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Gloucestershire Multi-agency Child Sexual Exploitation/);
    const refs = await refsOnScreen(page);
    expect(refs.slice(0, 3)).toEqual(['1.1', '1.2', '1.3']);
    await screenshot(page, 'plan-view.png');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('filters by lead, and the filtered view is a link that opens the same', async () => {
    const page = await open(`/tab/plans/${glos}`);
    await planReady(page);
    await page.getByLabel('Lead', { exact: true }).selectOption('Jane Price');
    await page.waitForURL(/lead=Jane\+Price/);
    const rows = await page.$$eval('[data-ref]', (els) => els.map((e) => e.textContent ?? ''));
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) expect(row).toContain('Jane Price');
    await screenshot(page, 'filtered-by-lead.png');

    const shared = await open(new URL(page.url()).pathname + new URL(page.url()).search);
    await planReady(shared);
    expect(await refsOnScreen(shared)).toEqual(await refsOnScreen(page));
    await page.close();
    await shared.close();
  });

  it('opens an action in a dialog at its own URL, with its whole history', async () => {
    const page = await open(`/tab/plans/${cheshire}`);
    await planReady(page);
    await page.getByRole('link', { name: 'Action 2.1', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Action 2.1' });
    await dialog.getByRole('list', { name: 'Update history' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/tab/plans/${cheshire}/actions/2.1`);
    expect(await dialog.getByRole('listitem').first().textContent()).toMatch(/^15 May 2013/);
    await screenshot(page, 'action-detail.png');
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe(`/tab/plans/${cheshire}`);
    await page.close();
  });

  it('adds an update and shows it at the top of the history and in the list; HTML in it stays text', async () => {
    const page = await open(`/tab/plans/${glos}/actions/1.7`);
    const dialog = page.getByRole('dialog', { name: 'Action 1.7' });
    await dialog.getByRole('list', { name: 'Update history' }).waitFor();
    const text = 'Refresher agreed with licensing <img src=x onerror=alert(1)>';
    await dialog.getByLabel('Update', { exact: true }).fill(text);
    await dialog.getByRole('button', { name: 'Record update' }).click();
    await dialog.getByText('Update recorded.').waitFor();
    const first = dialog.getByRole('list', { name: 'Update history' }).getByRole('listitem').first();
    expect(await first.textContent()).toContain(`1 Mar 2018`);
    expect(await first.textContent()).toContain(text);
    expect(await page.locator('img').count()).toBe(0);
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-ref="1.7"]').textContent()).toContain(text);
    const stored = (await server.store.getActionByRef(glos, '1.7'))!;
    expect(stored.updates.at(-1)?.text).toBe(text);
    expect(alerts).toEqual([]);
    await page.close();
  });

  it('walks through the plan on the meeting stage with keys and buttons', async () => {
    const page = await open(`/tab/plans/${cheshire}/stage`, { width: 1280, height: 720 });
    await planReady(page);
    const onStage = () => page.getByRole('article').getAttribute('data-ref');
    expect(await onStage()).toBe('1.1');
    await page.keyboard.press('j');
    await page.waitForURL(/at=1\.2/);
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/at=1\.3/);
    await page.getByRole('button', { name: 'Previous action' }).click();
    await page.waitForURL(/at=1\.2/);
    expect(await onStage()).toBe('1.2');
    // 1.2 was updated at the last meeting: the stage shows that update once the action's history is in.
    await page.getByRole('region', { name: 'Since the last meeting (15 May 2013)' }).waitFor();
    await screenshot(page, 'meeting-stage.png');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('follows the dark and high-contrast themes', async () => {
    for (const theme of ['dark', 'contrast'] as const) {
      const page = await open(`/tab/plans/${glos}?theme=${theme}&lead=Jane+Price`);
      await planReady(page);
      const background = await page.$eval('[data-theme]', (el) => getComputedStyle(el).backgroundColor);
      const [r, g, b] = background.match(/\d+/g)!.map(Number) as [number, number, number];
      expect(r + g + b).toBeLessThan(150);
      await screenshot(page, `${theme === 'dark' ? 'dark-theme' : 'high-contrast'}.png`);
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
    }
  });

  it('fits a meeting side panel: filters behind a button, rows stacked', async () => {
    const page = await open(`/tab/plans/${cheshire}`, { width: 320, height: 760 });
    await planReady(page);
    expect(await page.getByLabel('Lead', { exact: true }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Filters' }).click();
    expect(await page.getByLabel('Lead', { exact: true }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Hide filters' }).click();
    await screenshot(page, 'side-panel.png');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('offers the configuration page for channel and meeting tabs', async () => {
    const page = await open('/tab/config', { width: 800, height: 700 });
    await page.getByRole('combobox', { name: /^Plan/ }).selectOption(cheshire);
    await page.getByLabel('Lead', { exact: true }).selectOption('DCI Wenham');
    await page.getByRole('link', { name: /lead=DCI\+Wenham/ }).waitFor();
    await screenshot(page, 'config.png');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('shows a not-found page for an unknown plan, and a retry message while the API is down', async () => {
    const missing = await open('/tab/plans/no-such-plan');
    await planReady(missing, 'not-found');
    expect(await missing.getByRole('heading', { name: 'Plan not found' }).isVisible()).toBe(true);
    await missing.close();

    const page = await browser.newPage({ viewport: { width: 1000, height: 600 }, reducedMotion: 'reduce' });
    await page.route('**/api/plans/*/actions', (route) => route.abort('connectionrefused'));
    await page.goto(`${server.url}/tab/plans/${glos}`);
    await planReady(page, 'error');
    expect(await page.getByRole('heading', { name: 'The plan service is not answering' }).isVisible()).toBe(true);
    await screenshot(page, 'api-down.png');
    await page.unroute('**/api/plans/*/actions');
    await page.getByRole('button', { name: 'Try again' }).click();
    await planReady(page);
    await page.close();
  });
});

/**
 * The plan in a meeting's side panel in headless Chromium, at the widths Teams gives it (320 and
 * 400 px, 760 tall), in a meeting simulated in the browser (`?meeting=demo&frame=sidePanel`): a
 * dozen actions in view, one line each, nothing wider than the panel, axe with nothing serious, and
 * a minute recorded on an action, dated with the meeting. Beside a stage presented through Live Share
 * (on the local Fluid service), the stage's action is marked and scrolled into view, and a minute
 * recorded in the side panel shows on the stage. Screenshots go to docs/tab/ when
 * PLAN_SCREENSHOTS_DIR asks (npm run screenshots). The server's clock is fixed at 1 March 2018.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtTabDir, chromiumForTests, launchChromium, screenshot, seriousViolations, SHOTS, startSeededServer, type SeededServer } from './browser-harness.js';
import { atOf, followBar } from './meeting-pages.js';

const chromium = chromiumForTests();
const NOW = new Date('2018-03-01T12:00:00Z');

async function planReady(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.planState === 'ready', null, { timeout: 15_000 });
}

/** Rows wholly inside the list's visible box: what a person sees without scrolling. */
const rowsInView = (page: Page) =>
  page.$$eval('ul[aria-label="Actions"] > li[data-ref]', (rows) => {
    const scroller = rows[0]?.closest('ul')?.parentElement;
    if (!scroller) return [];
    const box = scroller.getBoundingClientRect();
    return rows
      .filter((row) => {
        const r = row.getBoundingClientRect();
        return r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5 && r.bottom <= window.innerHeight;
      })
      .map((row) => (row as HTMLElement).dataset.ref ?? '');
  });

/** Anything wider than the panel, as sentences; empty when everything fits. */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const vw = window.innerWidth;
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > vw) problems.push(`the page is ${document.documentElement.scrollWidth}px wide in ${vw}px`);
    for (const el of document.querySelectorAll('main *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > vw + 0.5) problems.push(`${el.tagName.toLowerCase()}.${el.className.toString().split(' ')[0]} ends at ${Math.round(r.right)}px`);
    }
    return problems.slice(0, 5);
  });

describe.skipIf(chromium === null)('the plan in a meeting’s side panel in Chromium', () => {
  let server: SeededServer;
  let browser: Browser;
  let glos: string;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startSeededServer({ tabDir: builtTabDir(), clock: () => NOW });
    browser = await launchChromium();
    glos = server.planId('Gloucestershire');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function openSidePanel(width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 760 }, reducedMotion: 'reduce' });
    await page.goto(`${server.url}/tab/plans/${glos}?meeting=demo&frame=sidePanel&as=Chair`);
    await planReady(page);
    return page;
  }

  for (const width of [320, 400]) {
    it(`shows at least ten actions at ${width}x760, one line each, nothing wider than the panel`, async () => {
      const page = await openSidePanel(width);
      if (width === 320) await screenshot(page, 'side-panel-320.png');
      const visible = await rowsInView(page);
      expect(visible.length).toBeGreaterThanOrEqual(10);
      expect(visible.slice(0, 3)).toEqual(['1.1', '1.2', '1.3']);
      // One line: the row's text does not wrap (its height is the line's).
      expect(await page.$eval('[data-ref="1.5"] a', (a) => a.getBoundingClientRect().height)).toBeLessThanOrEqual(36);
      expect(await page.locator('[data-ref="1.5"]').textContent()).toContain('overdue 182 d');
      expect(await page.getByRole('group', { name: 'Filter' }).textContent()).toContain('All 47 actions');
      expect(await overflow(page)).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
    });
  }

  it('shows the filter in one line and clears it', async () => {
    const page = await openSidePanel(320);
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByLabel('RAG', { exact: true }).selectOption('Red,Amber');
    await page.getByRole('button', { name: 'Done' }).click();
    const line = page.getByRole('group', { name: 'Filter' });
    await line.getByText(/of 47: red and amber/).waitFor();
    expect(await overflow(page)).toEqual([]);
    await line.getByRole('button', { name: 'Clear filters' }).click();
    await line.getByText('All 47 actions').waitFor();
    await page.close();
  });

  it('records a minute on an action, dated with the meeting', async () => {
    const page = await openSidePanel(320);
    await page.getByRole('button', { name: 'Record a minute' }).click();
    const form = page.getByRole('form', { name: /^Minute/ });
    await form.getByLabel('Action', { exact: true }).selectOption('1.4');
    await form.getByLabel('What was said').fill('Agreed at the board: the awareness day is set for 12 June.');
    await form.getByLabel('RAG after it').selectOption('Green');
    expect(await overflow(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Save minute' }).click();
    await form.getByText('Update recorded on 1.4.').waitFor();
    const action = (await server.store.getActionByRef(glos, '1.4'))!;
    expect(action.rag).toBe('Green');
    expect(action.updates.at(-1)).toMatchObject({ date: '2018-03-01', text: 'Agreed at the board: the awareness day is set for 12 June.' });
    expect(await page.locator('[data-ref="1.4"]').textContent()).toContain('Green');
    await page.close();
  });
});


describe.skipIf(chromium === null)('the side panel beside a stage presented to the meeting (Live Share)', () => {
  let server: SeededServer;
  let browser: Browser;
  let glos: string;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startSeededServer({ tabDir: builtTabDir(), clock: () => NOW, meetings: true });
    browser = await launchChromium();
    glos = server.planId('Gloucestershire');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('marks the stage’s action and keeps it in view; a minute recorded in the side panel shows on the stage', async () => {
    const stage = await browser.newPage({ viewport: { width: 1920, height: 1080 }, reducedMotion: 'reduce' });
    await stage.goto(`${server.url}/tab/plans/${glos}/stage?meeting=minutes&as=Chair&role=organizer`);
    await followBar(stage).getByRole('button', { name: 'Present to everyone' }).click({ timeout: 60_000 });
    // Past the first screenful of the side panel's list, so it must scroll to show it.
    for (let i = 0; i < 24; i += 1) await stage.keyboard.press('ArrowRight');
    await stage.waitForFunction(() => new URL(window.location.href).searchParams.get('at') !== null);
    const at = atOf(stage)!;

    const panel = await browser.newPage({ viewport: { width: 320, height: 760 }, reducedMotion: 'reduce' });
    await panel.goto(`${server.url}/tab/plans/${glos}?meeting=minutes&frame=sidePanel&as=Secretary`);
    await planReady(panel);
    const current = panel.locator(`[data-ref="${at}"] a[aria-current="true"]`);
    await current.waitFor({ timeout: 30_000 });
    expect(await rowsInView(panel)).toContain(at);
    expect(await panel.locator('a[aria-current="true"]').count()).toBe(1);

    await panel.getByRole('button', { name: 'Record a minute' }).click();
    const form = panel.getByRole('form', { name: `Minute for ${at}` });
    const minute = `Agreed at the board on 1 March: ${at} is behind and goes red.`;
    await form.getByLabel('What was said').fill(minute);
    await form.getByLabel('RAG after it').selectOption('Red');
    // The list, shorter now, still shows the stage's action.
    expect(await rowsInView(panel)).toContain(at);
    await screenshot(panel, 'side-panel-minute-320.png');
    expect(await overflow(panel)).toEqual([]);
    expect(await seriousViolations(panel)).toEqual([]);
    await form.getByRole('button', { name: 'Save minute' }).click();
    await form.getByText(`Update recorded on ${at}.`).waitFor();
    expect((await server.store.getActionByRef(glos, at))!.updates.at(-1)).toMatchObject({ date: '2018-03-01', text: minute });

    // Everyone's stage reads the plan again: the minute is on the chair's.
    await stage.getByText(minute).first().waitFor({ timeout: 20_000 });
    await stage.close();
    await panel.close();
  }, 120_000);
});

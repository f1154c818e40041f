/**
 * The annual report pack in the tab, in headless Chromium against the real server with the sample
 * plans (clock at 1 March 2018, so the Gloucestershire plan's year 2017-18 is running): its parts,
 * the year picker, axe, and a screenshot for docs/tab/ when PLAN_SCREENSHOTS_DIR asks.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtTabDir, chromiumForTests, launchChromium, screenshot, seriousViolations, startSeededServer, type SeededServer } from './browser-harness.js';

const chromium = chromiumForTests();

describe.skipIf(chromium === null)('the annual report in Chromium', () => {
  let server: SeededServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startSeededServer({ tabDir: builtTabDir(), clock: () => new Date('2018-03-01T12:00:00Z') });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the year’s parts for the Gloucestershire plan, opened from the plan view, with nothing serious for axe', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, reducedMotion: 'reduce' });
    await page.goto(`${server.url}/tab/plans/${server.planId('Gloucestershire')}`);
    await page.getByRole('link', { name: 'Annual report' }).click();
    await page.getByRole('heading', { level: 1, name: /^Annual report 2017-18/ }).waitFor({ timeout: 20_000 });
    for (const part of ['Actions completed in the year, with their impact', 'Actions carried forward', 'RAG at the start and end of the year', 'Each agency’s actions and updates']) {
      expect(await page.getByRole('heading', { level: 2, name: part }).isVisible()).toBe(true);
    }
    await page.getByLabel('Financial year').selectOption('2016-17');
    await page.waitForFunction(() => new URL(window.location.href).searchParams.get('year') === '2016-17');
    await page.getByRole('heading', { level: 1, name: /Annual report 2016-17/ }).waitFor();
    await page.getByLabel('Financial year').selectOption('2017-18');
    await page.getByRole('heading', { level: 1, name: /Annual report 2017-18/ }).waitFor();
    expect(await page.getByRole('link', { name: 'Download as Word' }).count()).toBe(1);
    await screenshot(page, 'annual-report.png');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  }, 90_000);
});

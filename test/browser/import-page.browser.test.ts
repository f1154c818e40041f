/**
 * The import page in headless Chromium against the real server: a plan owner brings the next
 * version of the children's partnership plan (a Word document LibreOffice wrote) into the plan
 * imported from its first version, sees the difference, applies it. Screenshots at a desktop width
 * and in a 320 px side panel for docs/tab/, and an accessibility check (axe-core).
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlanBuffer } from '../../src/import/import-file.js';
import { libreOfficeAvailable } from '../fixtures/libreoffice.js';
import { CHILDREN_PLAN, CHILDREN_PLAN_V2 } from '../fixtures/real-plans/index.js';
import { fixtureBytes } from '../fixtures/real-plans/import-fixture.js';
import { builtTabDir, chromiumForTests, launchChromium, screenshot, seriousViolations, SHOTS, startSeededServer, type SeededServer } from './browser-harness.js';

const chromium = chromiumForTests();
const office = libreOfficeAvailable();
const NOW = new Date('2023-11-06T10:00:00Z');

describe.skipIf(chromium === null || !office)('the import page in Chromium', () => {
  let server: SeededServer;
  let browser: Browser;
  let planId: string;
  let v2: Buffer;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startSeededServer({ tabDir: builtTabDir(), clock: () => NOW, userName: 'Plan Owner' });
    const { draft } = await importPlanBuffer(CHILDREN_PLAN.fileName, await fixtureBytes(CHILDREN_PLAN), { importedAt: NOW.toISOString() });
    planId = (await server.store.importPlan(draft)).id;
    v2 = Buffer.from(await fixtureBytes(CHILDREN_PLAN_V2));
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function previewOfV2(viewport: { width: number; height: number }): Promise<Page> {
    const page = await browser.newPage({ viewport, reducedMotion: 'reduce' });
    await page.goto(`${server.url}/tab/plans/${planId}/import`);
    await page.getByRole('heading', { level: 1, name: 'Import a new version of this plan' }).waitFor();
    await page.locator('input[type="file"]').setInputFiles({ name: CHILDREN_PLAN_V2.fileName, mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: v2 });
    await page.waitForSelector('[data-import-step="preview"]', { timeout: 15_000 });
    return page;
  }

  it('fits a 320 px side panel without scrolling sideways', async () => {
    const page = await previewOfV2({ width: 320, height: 640 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'import-side-panel.png');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
  it('shows what the next version changes before anything is saved, and applies it on the owner\'s word', async () => {
    const page = await previewOfV2({ width: 1280, height: 800 });
    const changes = await page.getByRole('list', { name: 'Changes' }).textContent();
    expect(changes).toContain('RAG changed from Amber to Green');
    expect(changes).toContain('Ref changed from 3.2 to 3.1');
    expect(changes).toContain('new action 2.4');
    expect(changes).toContain('3.1 is no longer in the document; kept in the plan');
    await screenshot(page, 'import-dry-run.png');
    expect(await seriousViolations(page)).toEqual([]);
    expect((await server.store.getActionByRef(planId, '1.2'))!.rag).toBe('Amber');

    expect(await page.getByRole('list', { name: 'Updates to add' }).textContent()).toMatch(/1\.3/);

    // By keyboard: the answer has the focus, the next stop is "Apply the changes", Enter applies.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('preview-heading');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Apply the changes');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-import-step="done"]');
    expect((await server.store.getActionByRef(planId, '1.2'))!.rag).toBe('Green');
    await page.close();
  });

});

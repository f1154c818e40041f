import express from 'express';
import type { Browser } from 'playwright-core';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSample, dueByLead } from '../bot-connector/reminder-harness.js';
import { normaliseLeadName } from '../../src/plan/lead.js';
import type { Plan } from '../../src/plan/plan.js';
import { createApp } from '../../src/server/create-app.js';
import { RespondLinks } from '../../src/server/respond-link.js';
import { close, listen } from '../../src/server/start-server.js';
import { SqlitePlanStore } from '../../src/store/sqlite/sqlite-plan-store.js';
import { chromiumForTests, launchChromium, screenshot, seriousViolations } from './browser-harness.js';

/*
 * The page a reminder email's link opens, at a phone's width in headless Chromium: one column,
 * nothing wider than the screen, every control labelled, axe finding nothing serious, no script and
 * nothing the Content-Security-Policy refuses; a screenshot for docs/tab/ (respond-page-phone.png).
 */

const chromium = chromiumForTests();
const SECRET = 'a-browser-test-secret-of-at-least-32-characters';
const NOW = new Date('2018-01-10T09:00:00.000Z');

describe.skipIf(chromium === null)('the one-time update page on a phone', () => {
  let browser: Browser;
  let server: Server;
  let url: string;
  let link: string;
  let store: SqlitePlanStore;
  let plan: Plan;
  let refs: string[];

  beforeAll(async () => {
    store = new SqlitePlanStore(':memory:');
    plan = await importSample(store, 'gloucestershire-cse-2017-18.txt');
    const due = [...(await dueByLead(store, plan, '2018-01-10')).values()].sort((a, b) => b.length - a.length)[0]!.slice(0, 3);
    const lead = due[0]!.lead.name;
    refs = due.map((d) => d.action.ref);
    for (const d of due) {
      await store.claimReminder({ key: d.key, planId: plan.id, actionId: d.action.id, lead, leadUserId: null, reason: d.reason, period: d.period, claimedAt: NOW.toISOString() });
      await store.recordReminderOutcome(d.key, { status: 'sent', at: NOW.toISOString(), via: 'email' });
    }
    // The server is built once its port is known, so the link names it.
    const placeholder = express();
    ({ server, url } = await listen(placeholder, '127.0.0.1', 0));
    const app = createApp({ store, clock: () => NOW, identify: async () => ({ name: 'Local', userId: null }), log: () => {}, storeKind: 'sqlite', bot: { routes: express.Router(), acceptsUnsigned: true }, respond: { secret: SECRET, publicUrl: url } });
    placeholder.use(app);
    link = new RespondLinks(SECRET, url).issue({ planId: plan.id, leadKey: normaliseLeadName(lead), reminderKeys: due.map((d) => d.key), now: NOW }).url;
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (server) await close(server);
    await store?.close();
  });

  it('fits a 375 px screen, is labelled throughout, and axe finds nothing serious; sending records the update', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, reducedMotion: 'reduce' });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: `Your update for ${plan.title}` }).waitFor();
    expect(await page.locator('script').count()).toBe(0);
    for (const ref of refs) await expect(page.getByRole('group', { name: new RegExp(`^${ref.replace('.', '\\.')} `) }).count()).resolves.toBe(1);
    // Nothing wider than the screen: no sideways scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // Every control has its label, and targets are big enough for a thumb.
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('textarea, input')].filter((el) => (el as HTMLInputElement).labels?.length === 0).length);
    expect(unlabelled).toBe(0);
    const send = page.getByRole('button', { name: 'Send' });
    expect((await send.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel(`Your update on ${refs[0]}`).fill('Training delivered to 40 staff; the next session is booked for March.');
    await page.getByRole('group', { name: new RegExp(`^${refs[0]!.replace('.', '\\.')} `) }).getByLabel('Amber', { exact: true }).check();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'respond-page-phone.png');

    await send.click();
    await page.getByRole('heading', { level: 1, name: 'Thank you' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    const recorded = (await store.findActions(plan.id)).find((a) => a.ref === refs[0])!;
    expect(recorded.latestUpdate).toMatchObject({ origin: 'email', text: 'Training delivered to 40 staff; the next session is booked for March.', date: '2018-01-10' });

    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'This link has already been used' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});

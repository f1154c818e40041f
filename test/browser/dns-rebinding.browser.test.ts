/**
 * DNS rebinding in a real browser: Chromium resolves a made-up name to 127.0.0.1
 * (--host-resolver-rules), as an attacker's DNS would after the page loaded. The page, served under
 * that name by the local server, tries to read the whole store and to record an update. Both are
 * refused, and nothing is read or written.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumForTests, launchChromium, startSeededServer, type SeededServer } from './browser-harness.js';

const chromium = chromiumForTests();
const NOW = new Date('2018-03-01T12:00:00Z');

describe.skipIf(chromium === null)('the local server in Chromium, against a rebinding page', () => {
  let server: SeededServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startSeededServer({ clock: () => NOW });
    browser = await launchChromium({ args: ['--host-resolver-rules=MAP rebind.attacker.test 127.0.0.1'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('serves nothing to the rebound name: neither the page nor the plans behind it', async () => {
    const port = new URL(server.url).port;
    const planId = server.planId('Gloucestershire');
    const before = await server.store.exportPlan(planId);
    const page = await browser.newPage();
    const response = await page.goto(`http://rebind.attacker.test:${port}/api/plans/${planId}/export`);
    expect(response?.status()).toBe(403);
    expect(await page.content()).not.toContain('Gloucestershire');
    const write = await page.evaluate(async (path) => {
      const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Marked complete by a stranger', rag: 'Complete' }) });
      return res.status;
    }, `/api/plans/${planId}/actions/1.7/updates`);
    expect(write).toBe(403);
    expect(await server.store.exportPlan(planId)).toEqual(before);
    await page.close();
  });

  it('still serves the plan tab at 127.0.0.1', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${server.url}/api/plans`);
    expect(response?.status()).toBe(200);
    await page.close();
  });
});

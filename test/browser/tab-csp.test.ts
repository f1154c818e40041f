import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtTabDir, chromiumForTests, launchChromium, startSeededServer, type SeededServer } from './browser-harness.js';

const chromium = chromiumForTests();

type ViolationWindow = Window & { __cspViolations?: string[] };

// The real build, served by the real server with its headers: Fluent UI's run-time styles,
// teams-js and the API calls must all work under the Content-Security-Policy Teams tabs get.
describe.skipIf(chromium === null)('the built tab under its Content-Security-Policy (headless Chromium)', () => {
  let server: SeededServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startSeededServer({ tabDir: builtTabDir(), meetings: true });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it.each([
    ['the plan view', (s: SeededServer) => `/tab/plans/${s.planId('Gloucestershire')}?local=1`],
    ['the meeting stage', (s: SeededServer) => `/tab/plans/${s.planId('Gloucestershire')}/stage?local=1&theme=contrast&at=1.1`],
    // Live Share reaches the local Fluid service, on another port, over HTTP and a web socket: the policy names it.
    ['a stage in a simulated meeting, joined to its Live Share session', (s: SeededServer) => `/tab/plans/${s.planId('Gloucestershire')}/stage?meeting=csp&as=Chair&at=1.1`],
  ])('renders %s with no policy violation', async (_name, path) => {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      const w = window as ViolationWindow;
      w.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations?.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
    });
    const response = await page.goto(`${server.url}${path(server)}`);
    expect(response?.headers()['content-security-policy']).toContain('frame-ancestors');
    await page.waitForFunction(() => document.documentElement.dataset.planState === 'ready', null, { timeout: 20_000 });
    expect(await page.locator('[data-ref]').count()).toBeGreaterThan(0);
    if (path(server).includes('meeting=')) await page.getByText('Nobody is presenting', { exact: false }).waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => (window as ViolationWindow).__cspViolations)).toEqual([]);
    await page.close();
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumForTests, launchChromium, startSeededServer, type SeededServer } from './browser-harness.js';

const chromium = chromiumForTests();

// A minimal build output: index.html and one hashed module that proves it ran.
async function fixtureTab(dir: string): Promise<string> {
  const dist = join(dir, 'dist');
  await mkdir(join(dist, 'assets'), { recursive: true });
  await writeFile(join(dist, 'index.html'), '<!doctype html><html><head><script type="module" src="/tab/assets/index-5e1d.js"></script></head><body><div id="root">not run</div></body></html>');
  await writeFile(join(dist, 'assets', 'index-5e1d.js'), 'document.getElementById("root").textContent = "ran";');
  return dist;
}

function framingPage(src: string): Server {
  return createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><iframe id="tab" src="${src}"></iframe>`);
  });
}

describe.skipIf(chromium === null)('the tab in a frame (headless Chromium)', () => {
  let dir: string;
  let server: SeededServer;
  let browser: Browser;
  let foreign: Server;
  let foreignUrl: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plan-framing-'));
    server = await startSeededServer({ tabDir: await fixtureTab(dir) });
    browser = await launchChromium();
    foreign = framingPage(`${server.url}/tab/config`);
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => foreign?.close(resolve));
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts the real server with both sample plans loaded', async () => {
    expect(server.plans).toHaveLength(2);
    const res = await fetch(`${server.url}/api/plans/${server.planId('Gloucestershire')}`);
    expect(res.status).toBe(200);
  });

  it("runs the tab's own hashed module under its Content-Security-Policy", async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${server.url}/tab/plans/x/actions/4.2b`);
    await expect.poll(() => page.textContent('#root')).toBe('ran');
    expect(violations).toEqual([]);
    await page.close();
  });

  it('may be framed by its own origin', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/tab/`);
    await page.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.append(frame);
    }, `${server.url}/tab/config`);
    await expect.poll(async () => page.frames().find((f) => f.url().endsWith('/tab/config'))?.textContent('#root')).toBe('ran');
    await page.close();
  });

  it('refuses to be framed by a site that is not Teams or Microsoft 365', async () => {
    const page = await browser.newPage();
    const refusals: string[] = [];
    page.on('console', (m) => {
      if (/frame-ancestors/.test(m.text())) refusals.push(m.text());
    });
    await page.goto(foreignUrl);
    await expect.poll(() => refusals.length).toBeGreaterThan(0);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    // Chromium replaces a refused frame with its error page; the tab's script never runs there.
    expect(await frame?.evaluate(() => document.getElementById('root')?.textContent ?? null).catch(() => null)).toBeNull();
    await page.close();
  });
});

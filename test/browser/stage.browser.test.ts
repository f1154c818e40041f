/**
 * The plan on a meeting stage in headless Chromium, at the sizes a stage really has: a 1366x768
 * laptop, a 1920x1080 screen and a 3840x2160 panel. Nothing is cut off or overflows at any of them
 * (the longest action scrolls inside its own box above the navigation), the type grows with the
 * stage, the overview's counts are the plan's and each opens its list, the arrow keys still step
 * after the Order select was used, and axe finds nothing serious. Screenshots go to docs/tab/ when
 * PLAN_SCREENSHOTS_DIR asks (npm run screenshots). The server's clock is fixed at 1 March 2018.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isClosed } from '../../src/plan/action-closed.js';
import { dueDateOf } from '../../src/plan/action-filter.js';
import { lateness } from '../../src/plan/lateness.js';
import { interpretTimescale } from '../../src/plan/timescale.js';
import { builtTabDir, chromiumForTests, launchChromium, screenshot, seriousViolations, SHOTS, startSeededServer, type SeededServer } from './browser-harness.js';

const chromium = chromiumForTests();
const NOW = new Date('2018-03-01T12:00:00Z');

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
] as const;

/** An action far longer than any plan writes: minutes pasted into the action cell. */
const LONG_TEXT = `Review every open case file against the new screening tool and report back. ${'The group agreed that each agency would check its own records, share what it found with the partnership and say where the screening tool missed a child at risk. '.repeat(40)}`;

async function planReady(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.planState === 'ready', null, { timeout: 15_000 });
}

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Where the page overflows or a part of the stage is cut off, as sentences; empty when all fits. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const doc = document.documentElement;
    if (doc.scrollWidth > vw) problems.push(`the page is ${doc.scrollWidth}px wide in a ${vw}px viewport`);
    if (doc.scrollHeight > vh) problems.push(`the page is ${doc.scrollHeight}px tall in a ${vh}px viewport`);
    const box = (el: Element): Box => {
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    };
    const nav = document.querySelector('nav[aria-label="Walk through"]');
    if (nav === null) return [...problems, 'no navigation'];
    const navBox = box(nav);
    for (const button of nav.querySelectorAll('button')) {
      const b = box(button);
      if (b.left < 0 || b.top < 0 || b.right > vw || b.bottom > vh) problems.push(`“${button.textContent}” is outside the viewport (${JSON.stringify(b)})`);
    }
    for (const part of document.querySelectorAll('[data-part], header')) {
      const b = box(part);
      const name = part.getAttribute('data-part') ?? part.tagName.toLowerCase();
      if (part.tagName !== 'HEADER' && b.bottom > navBox.top + 0.5) problems.push(`${name} runs ${Math.round(b.bottom - navBox.top)}px under the navigation`);
      if (b.right > vw + 0.5 || b.left < -0.5) problems.push(`${name} is cut off at the side (${JSON.stringify(b)})`);
      if (part instanceof HTMLElement && part.scrollWidth > part.clientWidth + 1) problems.push(`${name} scrolls sideways (${part.scrollWidth} > ${part.clientWidth})`);
    }
    return problems;
  });
}

const fontSize = (page: Page, selector: string) => page.$eval(selector, (el) => parseFloat(getComputedStyle(el).fontSize));

describe.skipIf(chromium === null)('the plan on a meeting stage in Chromium', () => {
  let server: SeededServer;
  let browser: Browser;
  let dir: string;
  let glos: string;
  let cheshire: string;
  let long: string;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    dir = await mkdtemp(join(tmpdir(), 'stage-browser-'));
    const csv = join(dir, 'long-actions.csv');
    const cell = (value: string): string => `"${value.replace(/"/g, '""')}"`;
    await writeFile(
      csv,
      ['Ref,Action,Lead,Timescale,Progress,RAG', ['1.1', LONG_TEXT, 'Jane Price', 'March 2018', '', 'Red'], ['1.2', 'Train staff', 'Lynne Speak', 'April 2018', '', 'Green']]
        .map((r) => (typeof r === 'string' ? r : r.map(cell).join(',')))
        .join('\n'),
    );
    server = await startSeededServer({ tabDir: builtTabDir(), clock: () => NOW, planFiles: [csv] });
    browser = await launchChromium();
    glos = server.planId('Gloucestershire');
    cheshire = server.planId('Pan Cheshire');
    long = server.plans.find((p) => p.id !== glos && p.id !== cheshire)!.id;
    // Gloucestershire met on 12 February and meets again on 4 June: "due before the next meeting" counts to it.
    await server.store.updatePlanSettings(glos, {
      meetings: [
        { date: '2018-02-12', source: 'entered', title: null },
        { date: '2018-06-04', source: 'entered', title: 'Partnership Board' },
      ],
    });
    // Cheshire's 2.1 went from Amber to Red and its timescale moved since the meeting of 15 May 2013.
    const read = (await server.store.getActionByRef(cheshire, '2.1'))!;
    const red = await server.store.changeAction(read.id, read.version, {
      rag: 'Red',
      changedAt: NOW.toISOString(),
      record: { kind: 'changed', note: null, date: '2018-03-01', key: 'stage:rag', author: 'Louise West', authorId: null, origin: 'tab' },
    });
    await server.store.changeAction(red.id, red.version, {
      timescale: interpretTimescale('June 2018', { planYears: [2012, 2013, 2018] }),
      changedAt: NOW.toISOString(),
      record: { kind: 'changed', note: null, date: '2018-03-01', key: 'stage:timescale', author: 'Louise West', authorId: null, origin: 'tab' },
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function open(path: string, viewport: { width: number; height: number }): Promise<Page> {
    const page = await browser.newPage({ viewport, reducedMotion: 'reduce' });
    await page.goto(`${server.url}${path}`);
    await planReady(page);
    return page;
  }

  // Nine pages at three sizes, one of them 4K: given longer than a one-page test.
  it('fits 1366x768, 1920x1080 and 3840x2160: nothing overflows, the longest action scrolls in its box above the navigation, the type grows with the stage', async () => {
    const sizes: number[] = [];
    for (const size of SIZES) {
      const overview = await open(`/tab/plans/${glos}/stage`, size);
      await overview.getByRole('heading', { level: 2, name: 'Overview' }).waitFor();
      await overview.getByRole('button', { name: /changed since the last meeting/ }).waitFor();
      expect(await layoutProblems(overview), `overview at ${size.width}x${size.height}`).toEqual([]);
      if (size.width === 1920) await screenshot(overview, 'stage-overview-1920.png');
      await overview.close();

      const longest = await open(`/tab/plans/${long}/stage?at=1.1`, size);
      await longest.getByRole('heading', { level: 2, name: '1.1' }).waitFor();
      expect(await longest.$eval('[data-part="action-text"]', (el) => el.scrollHeight > el.clientHeight), 'the long action scrolls in its box').toBe(true);
      expect(await layoutProblems(longest), `long action at ${size.width}x${size.height}`).toEqual([]);
      await longest.close();

      const action = await open(`/tab/plans/${cheshire}/stage?at=5.1`, size);
      await action.getByRole('heading', { level: 2, name: '5.1' }).waitFor();
      await action.getByRole('region', { name: /^Since the last meeting|^Latest update/ }).or(action.getByRole('heading', { level: 3 })).first().waitFor();
      expect(await layoutProblems(action), `action at ${size.width}x${size.height}`).toEqual([]);
      sizes.push(await fontSize(action, '[data-part="action-text"] p'));
      await screenshot(action, `stage-action-${size.width}.png`);
      await action.close();
    }
    const [small, full, large] = sizes as [number, number, number];
    expect(small).toBeGreaterThanOrEqual(22);
    expect(full).toBeGreaterThan(small * 1.3);
    expect(large).toBeGreaterThan(full * 1.8);
  }, 90_000);

  it('opens on an overview whose counts are the plan’s, each opening exactly its list', async () => {
    const page = await open(`/tab/plans/${glos}/stage`, SIZES[1]);
    const actions = await server.store.findActions(glos);
    const sections = await server.store.listSections(glos);
    const today = '2018-03-01';
    const overdue = actions.filter((a) => lateness(a, today).state === 'overdue');
    const dueByMeeting = actions.filter((a) => {
      const l = lateness(a, today);
      const due = dueDateOf(a.timescale);
      return !isClosed(a) && (l.state === 'due-soon' || l.state === 'on-track') && due !== null && due <= '2018-06-04';
    });

    const tiles = page.getByRole('region', { name: 'Counts to walk through' });
    expect(await tiles.getByRole('button', { name: /^\d+ overdue$/ }).textContent()).toBe(`${overdue.length} overdue`);
    const due = tiles.getByText(/due before the next meeting \(4 Jun 2018\)/);
    expect(await due.locator('xpath=..').textContent()).toMatch(new RegExp(`^${dueByMeeting.length} due before the next meeting`));
    expect(dueByMeeting.length).toBeGreaterThan(0);
    await due.click();
    await page.waitForURL(/dueBy=2018-06-04/);
    expect(await page.getByText(/^Action [\d.a-z]+: 1 of \d+$/).textContent()).toMatch(new RegExp(` of ${dueByMeeting.length}$`));
    expect(dueByMeeting.map((a) => a.ref)).toContain(await page.getByRole('article').getAttribute('data-ref'));
    await page.keyboard.press('Home');
    await page.getByRole('heading', { level: 2, name: 'Overview' }).waitFor();

    // Each section's counts, as the plan's own actions say.
    const table = page.getByRole('table', { name: 'RAG by section' });
    for (const section of sections) {
      const of = actions.filter((a) => a.sectionId === section.id);
      if (of.length === 0) continue;
      const cells = table.getByRole('rowheader').filter({ hasText: section.title }).locator('xpath=..').getByRole('cell');
      const counts = (await cells.allTextContents()).map((t) => Number(t.match(/^\d+/)![0]));
      const by = (...rags: string[]) => of.filter((a) => rags.includes(a.rag)).length;
      expect(counts).toEqual([by('Red'), by('Amber'), by('Green'), by('Complete', 'Not set'), of.length]);
    }

    await tiles.getByRole('button', { name: /^\d+ overdue$/ }).click();
    await page.waitForURL(/overdue=true/);
    expect(await page.getByText(/^Action [\d.a-z]+: 1 of \d+$/).textContent()).toMatch(new RegExp(` of ${overdue.length}$`));
    const shown = await page.getByRole('article').getAttribute('data-ref');
    expect(overdue.map((a) => a.ref)).toContain(shown);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Overview' }).click();
    await page.getByRole('heading', { level: 2, name: 'Overview' }).waitFor();
    expect(new URL(page.url()).searchParams.has('at')).toBe(false);
    const changed = tiles.getByRole('button', { name: /changed since the last meeting \(12 Feb 2018\)/ });
    const n = Number((await changed.textContent())!.match(/^\d+/)![0]);
    await changed.click();
    await page.waitForURL(/changes=1/);
    expect(await page.getByText(/^Action [\d.a-z]+: 1 of \d+$/).textContent()).toMatch(new RegExp(` of ${n}$`));
    await page.close();
  });

  it('shows an action with its section, flag, due words and what changed as was and now', async () => {
    const page = await open(`/tab/plans/${cheshire}/stage?at=2.1&order=rag`, SIZES[1]);
    await page.getByRole('heading', { level: 2, name: '2.1' }).waitFor();
    await page.getByRole('region', { name: 'Since the last meeting (15 May 2013)' }).waitFor();
    expect(await page.getByText('was Amber, now Red', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText('Since the last meeting (15 May 2013): was “End 2012”, now “June 2018”', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText(/^2\. LSCB Strategy/).isVisible()).toBe(true);
    expect(await layoutProblems(page)).toEqual([]);
    await screenshot(page, 'stage-changes-1920.png');
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${server.url}/tab/plans/${cheshire}/stage?at=5.1`);
    await planReady(page);
    expect(await page.getByText(/^Check: the year 2103 is far from the plan's years/).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('steps with the arrow keys after the Order select was used, and from a checkbox', async () => {
    const page = await open(`/tab/plans/${glos}/stage?at=1.1`, SIZES[0]);
    const order = page.getByLabel('Order', { exact: true });
    await order.selectOption('most-overdue');
    await page.waitForURL(/order=most-overdue/);
    await order.focus();
    const first = await page.getByRole('article').getAttribute('data-ref');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByRole('article').getAttribute('data-ref')).not.toBe(first);
    expect(await page.getByText(/^Action [\d.a-z]+: 2 of \d+$/).isVisible()).toBe(true);
    expect(new URL(page.url()).searchParams.get('order')).toBe('most-overdue');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByRole('article').getAttribute('data-ref')).toBe(first);
    expect(await order.inputValue()).toBe('most-overdue');

    await page.getByLabel(/^Only what changed/).check();
    await page.waitForURL(/changes=1/);
    const changedFirst = await page.getByRole('article').getAttribute('data-ref');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByRole('article').getAttribute('data-ref')).not.toBe(changedFirst);
    await page.keyboard.press('Home');
    await page.getByRole('heading', { level: 2, name: 'Overview' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});

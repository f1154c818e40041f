/**
 * The tab in headless Chromium against the real server with both sample plans: what a group does
 * with it in a meeting, screenshots of each view for docs/tab/, and an accessibility check (axe-core)
 * on every view. The server's clock is fixed at 1 March 2018 so the Gloucestershire plan is current
 * and the screenshots are the same on every run. The tests share one server and run in order:
 * the first gives the Gloucestershire plan its February meeting, which the later ones count from.
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
    // Overdue says how late, by the domain's rule: 1.5 was due at the end of August 2017.
    expect(await page.locator('[data-ref="1.5"]').textContent()).toContain('overdue by 182 days');
    expect(await page.getByText(/No meeting dates yet/).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('takes the plan’s meeting dates from the Meetings control, and shows per row and in the summary what changed since the last', async () => {
    const page = await open(`/tab/plans/${glos}`);
    await planReady(page);
    await page.getByRole('button', { name: 'Meetings' }).click();
    const panel = page.getByRole('region', { name: 'Meetings' });
    await panel.getByLabel('Meeting date').fill('2018-02-12');
    await panel.getByRole('button', { name: 'Add meeting' }).click();
    await panel.getByText('Meeting on 12 Feb 2018 added.').waitFor();
    expect((await server.store.getPlan(glos))!.meetings).toEqual([{ date: '2018-02-12', source: 'entered', title: null }]);
    await screenshot(page, 'meetings.png');
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Meetings (1)');

    const summary = page.getByRole('group', { name: 'Since the last meeting (12 Feb 2018)' });
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/Actions changed\d+New updates\d+RAG changed0Timescale moved0Newly overdue\d+Completed0/);
    expect(await page.getByRole('columnheader', { name: 'Since 12 Feb 2018' }).isVisible()).toBe(true);
    expect(await page.locator('[data-ref="1.5"] [data-changes]').textContent()).toBe('no change');
    // What a meeting asks first: what changed since the last one.
    await page.getByRole('button', { name: 'Last meeting (12 Feb 2018)' }).click();
    await page.waitForURL(/changedSince=2018-02-12/);
    expect(await refsOnScreen(page)).toEqual(['4.1', '4.4', '5.5']);
    expect(await page.locator('[data-ref="4.1"] [data-changes]').textContent()).toBe('1 new update');
    await screenshot(page, 'plan-view.png');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('sorts the list by the order chosen, kept in the URL as the API names it', async () => {
    const page = await open(`/tab/plans/${glos}`);
    await planReady(page);
    await page.getByLabel('Order', { exact: true }).selectOption('most-overdue');
    await page.waitForURL(/order=most-overdue/);
    const fromApi = (await (await fetch(`${server.url}/api/plans/${glos}/actions?order=most-overdue`)).json()) as { ref: string }[];
    const refs = await refsOnScreen(page);
    expect(refs).toEqual(fromApi.slice(0, refs.length).map((a) => a.ref));
    expect(await page.locator(`[data-ref="${refs[0]}"]`).textContent()).toContain('overdue by 547 days');
    await screenshot(page, 'most-overdue.png');
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
    // Tall enough that section 2's first action is among the rows the virtualised list draws.
    const page = await open(`/tab/plans/${cheshire}`, { width: 1400, height: 1200 });
    await planReady(page);
    await page.getByRole('link', { name: 'Action 2.1', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Action 2.1' });
    await dialog.getByRole('list', { name: 'History' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/tab/plans/${cheshire}/actions/2.1`);
    expect(await dialog.getByRole('listitem').first().textContent()).toMatch(/^15 May 2013/);
    expect(await dialog.getByText('overdue by 1886 days').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe(`/tab/plans/${cheshire}`);
    await page.close();
  });

  it('records an update for the last meeting and a RAG change, each in the action’s record with who, where and when', async () => {
    const page = await open(`/tab/plans/${glos}/actions/1.8`);
    const dialog = page.getByRole('dialog', { name: 'Action 1.8' });
    await dialog.getByRole('list', { name: 'History' }).waitFor();
    expect(await dialog.getByText('overdue by 60 days').isVisible()).toBe(true);
    await dialog.getByLabel('Update', { exact: true }).fill('Reported to the February board: the audit found two gaps.');
    await dialog.getByRole('button', { name: 'Last meeting, 12 Feb 2018' }).click();
    expect(await dialog.getByLabel('Date it reports').inputValue()).toBe('2018-02-12');
    await dialog.getByRole('button', { name: 'Record update' }).click();
    await dialog.getByText('Update recorded.').waitFor();
    const form = dialog.getByRole('form', { name: 'Change RAG or timescale' });
    await form.getByLabel('RAG status').selectOption('Red');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.getByText('Saved.').waitFor();
    const items = dialog.getByRole('list', { name: 'History' }).getByRole('listitem');
    expect(await items.nth(0).textContent()).toBe('1 Mar 2018RAG changed from Not set to Red — Local demo user, in the tab');
    expect(await items.nth(1).textContent()).toBe('12 Feb 2018Local demo user, in the tabrecorded 1 Mar 2018Reported to the February board: the audit found two gaps.');
    await dialog.getByRole('heading', { name: /^History/ }).scrollIntoViewIfNeeded();
    await screenshot(page, 'action-detail.png');
    expect(await seriousViolations(page)).toEqual([]);

    // Completing asks what difference it made.
    await dialog.getByLabel('RAG after this update').selectOption('Complete');
    const update = dialog.getByRole('form', { name: 'Add an update' });
    await update.getByLabel(/What difference did it make/).waitFor();
    await update.scrollIntoViewIfNeeded();
    await screenshot(page, 'action-detail-update.png');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('has a lead propose completion and ask for a new timescale, and the owner approve and agree', async () => {
    await server.store.updatePlanSettings(glos, { owner: 'Olive Owner', ownerApproves: true });
    try {
      const lead = await open(`/tab/plans/${glos}/actions/1.13`);
      let dialog = lead.getByRole('dialog', { name: 'Action 1.13' });
      await dialog.getByRole('list', { name: 'History' }).waitFor();
      const propose = dialog.getByRole('form', { name: 'Propose completion' });
      expect(await propose.textContent()).toContain('it will be proposed to Olive Owner');
      await propose.getByLabel(/What difference did it make/).fill('400 staff trained; referrals from schools doubled.');
      await propose.getByRole('button', { name: 'Propose completion' }).click();
      const ask = dialog.getByRole('form', { name: 'Ask for a new timescale' });
      await ask.getByLabel('New timescale').fill('June 2018');
      await ask.getByLabel(/Reason/).fill('The schools survey reports in May.');
      await ask.getByRole('button', { name: 'Ask for a new timescale' }).click();
      const pending = dialog.getByRole('region', { name: 'Waiting for the plan owner' });
      await pending.getByText(/New timescale asked for/).waitFor();
      expect(await dialog.getByLabel('Timescale', { exact: true }).count()).toBe(0);
      await pending.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await screenshot(lead, 'action-detail-lead.png');
      expect(await seriousViolations(lead)).toEqual([]);
      await lead.close();

      await server.store.updatePlanSettings(glos, { owner: 'Local demo user' });
      const owner = await open(`/tab/plans/${glos}/actions/1.13`);
      dialog = owner.getByRole('dialog', { name: 'Action 1.13' });
      const answers = dialog.getByRole('region', { name: 'Waiting for the plan owner' });
      await answers.getByRole('button', { name: 'Approve' }).waitFor();
      await screenshot(owner, 'action-detail-owner.png');
      expect(await seriousViolations(owner)).toEqual([]);
      await answers.getByRole('button', { name: 'Agree' }).click();
      await dialog.getByText('New timescale agreed.').waitFor();
      await answers.getByRole('button', { name: 'Approve' }).click();
      await dialog.getByText('Completion approved: the action is complete.').waitFor();
      const stored = (await server.store.getActionByRef(glos, '1.13'))!;
      expect([stored.rag, stored.timescale.asWritten]).toEqual(['Complete', 'June 2018']);
      expect(stored.history.map((h) => h.kind)).toEqual(['completion-proposed', 'timescale-requested', 'timescale-agreed', 'completion-approved']);
      await owner.close();
    } finally {
      await server.store.updatePlanSettings(glos, { owner: null, ownerApproves: false });
    }
  });

  it('adds an update and shows it at the top of the history and in the list; HTML in it stays text', async () => {
    const page = await open(`/tab/plans/${glos}/actions/1.7`, { width: 1400, height: 1200 });
    const dialog = page.getByRole('dialog', { name: 'Action 1.7' });
    await dialog.getByRole('list', { name: 'History' }).waitFor();
    const text = 'Refresher agreed with licensing <img src=x onerror=alert(1)>';
    await dialog.getByLabel('Update', { exact: true }).fill(text);
    await dialog.getByRole('button', { name: 'Record update' }).click();
    await dialog.getByText('Update recorded.').waitFor();
    const first = dialog.getByRole('list', { name: 'History' }).getByRole('listitem').first();
    expect(await first.textContent()).toContain(`1 Mar 2018`);
    expect(await first.textContent()).toContain(text);
    expect(await page.locator('img').count()).toBe(0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // The modal hid the page from assistive technology while it was open; closed, the page is back.
    // (Checked on a page where axe did not run with the dialog open: axe's run leaves Fluent's modal unable to restore it.)
    await expect.poll(() => page.locator('[aria-hidden="true"] main, main[aria-hidden="true"]').count(), { timeout: 2000 }).toBe(0);
    expect(await page.locator('[data-ref="1.7"]').textContent()).toContain(text);
    const stored = (await server.store.getActionByRef(glos, '1.7'))!;
    expect(stored.updates.at(-1)?.text).toBe(text);
    expect(alerts).toEqual([]);
    await page.close();
  });

  it('walks through the plan on a 1920x1080 meeting stage with keys and buttons, showing what changed since the last meeting', async () => {
    // 1.2's RAG moved since the meeting of 15 May 2013: the stage says what it was.
    const read = (await server.store.getActionByRef(cheshire, '1.2'))!;
    await server.store.changeAction(read.id, read.version, {
      rag: 'Amber',
      changedAt: NOW.toISOString(),
      record: { kind: 'changed', note: null, date: '2018-03-01', key: 'browser:stage', author: 'Louise West', authorId: null, origin: 'tab' },
    });
    const page = await open(`/tab/plans/${cheshire}/stage?at=1.1`, { width: 1920, height: 1080 });
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
    const since = page.getByRole('region', { name: 'Since the last meeting (15 May 2013)' });
    await since.waitFor();
    expect(await page.getByText('was Not set, now Amber', { exact: true }).isVisible()).toBe(true);
    expect(await since.getByRole('listitem').first().textContent()).toBe('1 Mar 2018RAG changed from Not set to Amber — Louise West, in the tab');
    expect(await page.getByText(/^Since the last meeting \(15 May 2013\): RAG was Not set, now Amber · 1 new update$/).isVisible()).toBe(true);
    expect(await page.getByText(/overdue by 1766 days/).isVisible()).toBe(true);
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

  it('fits a meeting side panel: filters behind a button, order in view, rows stacked with what changed since the meeting', async () => {
    const page = await open(`/tab/plans/${cheshire}`, { width: 320, height: 760 });
    await planReady(page);
    expect(await page.getByLabel('Lead', { exact: true }).isVisible()).toBe(false);
    expect(await page.getByLabel('Order', { exact: true }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Filters' }).click();
    expect(await page.getByLabel('Lead', { exact: true }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Hide filters' }).click();
    const changed = page.locator('[data-ref="1.2"] [data-changes="yes"]');
    await changed.waitFor();
    expect(await changed.textContent()).toBe('Since 15 May 2013:RAG was Not set, now Amber · 1 new update');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    // The list scrolled to 1.2, whose row says what changed since the meeting.
    await page.locator('[data-ref="1.2"]').evaluate((row) => row.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'side-panel.png');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Action 1.2', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Action 1.2' });
    await dialog.getByRole('list', { name: 'History' }).waitFor();
    await screenshot(page, 'action-detail-side-panel.png');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('form', { name: 'Add an update' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'update-side-panel.png');
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

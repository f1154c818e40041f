/**
 * A meeting walking through the plan together, in three Chromium windows on a meeting simulated in
 * local mode (`?meeting=`): Live Share on a local Fluid service (tinylicious, started by the server
 * on first use), as in Teams it runs on Azure Fluid Relay. The chair presents; Alex and Sam follow
 * the chair's next, previous, filter and order; Alex looks ahead and comes back; the chair hands
 * control to Sam; a window that loses its connection catches up. Each window is its own browser
 * context, so one can go offline alone.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atOf, followBar, paramOf } from './meeting-pages.js';
import { HOST_PARAMS, sharedSearch } from '../../tab/src/meeting/shared-stage.js';
import { builtTabDir, chromiumForTests, launchChromium, screenshot, seriousViolations, startSeededServer, type SeededServer } from './browser-harness.js';

const chromium = chromiumForTests();
const NOW = new Date('2018-03-01T12:00:00Z');
const STAGE = { width: 1920, height: 1080 };

/** The stage's view as everyone shares it: the URL's parameters without this window's own. */
const sharedView = (page: Page): string => sharedSearch(new URL(page.url()).search);

/** Waits for the follow bar to say it; a window that has just opened first loads Live Share and joins (slower on a busy machine). */
async function barSays(page: Page, text: string | RegExp, timeout = 30_000): Promise<void> {
  try {
    await followBar(page).getByRole('status').filter({ hasText: text }).waitFor({ timeout });
  } catch (error) {
    const said = await followBar(page).textContent().catch(() => 'no follow bar');
    throw new Error(`the follow bar did not say ${String(text)} within ${timeout} ms; it says: ${said} (at ${page.url()})`, { cause: error });
  }
}

/** Waits until the window shows the action (its URL and the action's heading on screen). */
async function showing(page: Page, ref: string | null, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (want) => {
      const at = new URL(window.location.href).searchParams.get('at');
      if (want === null) return at === null || at === 'overview';
      return at === want && document.querySelector(`[data-ref="${CSS.escape(want)}"]`) !== null;
    },
    ref,
    { timeout },
  );
}

describe.skipIf(chromium === null)('a meeting walking through the plan together (Live Share, three windows)', () => {
  let server: SeededServer;
  let browser: Browser;
  let glos: string;
  let chair: Page;
  let alex: Page;
  let sam: Page;

  beforeAll(async () => {
    server = await startSeededServer({ tabDir: builtTabDir(), clock: () => NOW, meetings: true });
    browser = await launchChromium();
    glos = server.planId('Gloucestershire');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function join(name: string, role: string): Promise<Page> {
    const page = await browser.newPage({ viewport: STAGE, reducedMotion: 'reduce' });
    await page.goto(`${server.url}/tab/plans/${glos}/stage?meeting=board&as=${name}&role=${role}`);
    await followBar(page)
      .waitFor({ timeout: 90_000 })
      .catch(async (error: unknown) => {
        throw new Error(`${name}'s stage did not join the meeting within 90 s; it shows: ${(await page.locator('body').textContent())?.slice(0, 300)}`, { cause: error });
      });
    return page;
  }

  it('joins the three stages to one session where nobody presents until someone chooses to', async () => {
    chair = await join('Chair', 'organizer');
    alex = await join('Alex', 'attendee');
    sam = await join('Sam', 'presenter');
    for (const page of [chair, alex, sam]) await barSays(page, 'Nobody is presenting');
    // An attendee may follow and look ahead but not present (Teams' meeting roles).
    expect(await alex.getByRole('button', { name: 'Present to everyone' }).count()).toBe(0);
    await followBar(chair).getByRole('list', { name: 'In the meeting' }).getByText('Sam: on the stage').waitFor();
    expect(await seriousViolations(chair)).toEqual([]);
  }, 120_000);

  it('has Alex and Sam follow the chair’s next and previous action', async () => {
    await followBar(chair).getByRole('button', { name: 'Present to everyone' }).click();
    await barSays(chair, /You are presenting · 2 following/);
    for (const page of [alex, sam]) await barSays(page, 'Following Chair');

    await chair.keyboard.press('ArrowRight');
    await chair.keyboard.press('ArrowRight');
    await showing(chair, '1.2');
    for (const page of [alex, sam]) await showing(page, '1.2');
    await chair.keyboard.press('ArrowLeft');
    for (const page of [alex, sam]) await showing(page, '1.1');
    await screenshot(alex, 'stage-following-1920.png');
    await screenshot(chair, 'stage-presenting-1920.png');
    expect(await seriousViolations(alex)).toEqual([]);
  }, 120_000);

  it('has them follow the chair’s order and filter, each window keeping its own name', async () => {
    await chair.getByLabel('Order').selectOption('rag');
    for (const page of [alex, sam]) await page.waitForFunction(() => new URL(window.location.href).searchParams.get('order') === 'rag', null, { timeout: 20_000 });
    expect(paramOf(alex, 'as')).toBe('Alex');
    // The filter: the chair opens the overview and its list of overdue actions.
    await chair.keyboard.press('Home');
    for (const page of [alex, sam]) await showing(page, null);
    await chair.getByRole('button', { name: /^\d+ overdue/ }).click();
    await chair.waitForFunction(() => new URL(window.location.href).searchParams.get('at') !== null);
    const view = sharedView(chair);
    expect(view).toMatch(/overdue/);
    for (const page of [alex, sam]) {
      await page.waitForFunction(
        ([want, own]) => {
          const params = new URLSearchParams(window.location.search);
          for (const name of own) params.delete(name);
          params.sort();
          return params.toString() === want;
        },
        [view, HOST_PARAMS] as const,
        { timeout: 20_000 },
      );
    }
    expect(atOf(alex)).toBe(atOf(chair));
  }, 120_000);

  it('lets Alex look ahead alone and come back to the chair with one click', async () => {
    const chairAt = atOf(chair);
    await alex.keyboard.press('ArrowRight');
    await barSays(alex, 'Looking ahead on your own');
    await followBar(chair).getByText('Alex: looking ahead').waitFor({ timeout: 20_000 });
    const alexAt = atOf(alex);
    expect(alexAt).not.toBe(chairAt);
    // The chair moves on; Alex stays where he chose, Sam follows.
    await chair.keyboard.press('ArrowRight');
    await chair.keyboard.press('ArrowRight');
    const chairNow = atOf(chair);
    await showing(sam, chairNow);
    expect(atOf(alex)).toBe(alexAt);

    await followBar(alex).getByRole('button', { name: 'Return to Chair' }).click();
    await showing(alex, chairNow);
    await barSays(alex, 'Following Chair');
    await followBar(chair).getByText('Alex: following').waitFor({ timeout: 20_000 });
  }, 120_000);

  it('passes control from the chair to Sam, whom the others then follow', async () => {
    await followBar(chair).getByRole('button', { name: 'Hand control to…' }).click();
    // Alex attends and may not present, so only Sam is offered.
    expect(await chair.getByRole('menuitem').allTextContents()).toEqual(['Sam']);
    await chair.getByRole('menuitem', { name: 'Sam' }).click();
    await barSays(sam, /You are presenting/);
    await barSays(chair, 'Following Sam');
    await sam.keyboard.press('Home');
    await sam.keyboard.press('ArrowRight');
    const samAt = atOf(sam);
    for (const page of [chair, alex]) await showing(page, samAt);
  }, 120_000);

  it('has a window that joins late follow the presenter at once, not look ahead from where it opened', async () => {
    const pat = await join('Pat', 'attendee');
    // Live Share tells a new client who presents when the others answer its arrival, or at their next background update.
    await barSays(pat, 'Following Sam', 60_000);
    await showing(pat, atOf(sam));
    await followBar(sam).getByText('Pat: following').waitFor({ timeout: 30_000 });
    await pat.close();
  }, 240_000);

  it('catches a window up to the presenter when its connection comes back', async () => {
    await alex.context().setOffline(true);
    await sam.keyboard.press('ArrowRight');
    await sam.keyboard.press('ArrowRight');
    const samAt = atOf(sam);
    await showing(chair, samAt);
    await alex.context().setOffline(false);
    // Fluid reconnects with a growing back-off: allow it a minute.
    await showing(alex, samAt, 60_000);
    await barSays(alex, 'Following Sam');
  }, 150_000);

  it('puts the section the chair shares from the side panel on the stage, and a minute taken there on everyone’s stage', async () => {
    await chair.close();
    const panel = await browser.newPage({ viewport: { width: 320, height: 760 }, reducedMotion: 'reduce' });
    await panel.goto(`${server.url}/tab/plans/${glos}?meeting=board&frame=sidePanel&as=Chair&role=organizer`);
    const stageView = panel.getByLabel('Stage view');
    const section = await stageView.locator('option', { hasText: /Priority 2/ }).getAttribute('value');
    await stageView.selectOption(section!);
    const [stage] = await Promise.all([panel.waitForEvent('popup'), panel.getByRole('button', { name: 'Share to stage' }).click()]);
    await stage.setViewportSize(STAGE);
    // Sharing takes the room: the chair's new stage presents, and Sam, presenting before, follows.
    await barSays(stage, /You are presenting/, 90_000);
    for (const page of [alex, sam]) await barSays(page, 'Following Chair');
    expect(paramOf(stage, 'section')).not.toBeNull();
    await stage.keyboard.press('ArrowRight');
    const at = atOf(stage)!;
    expect(at).toMatch(/^2\./);
    for (const page of [alex, sam]) await showing(page, at);
    expect(paramOf(alex, 'section')).toBe(paramOf(stage, 'section'));

    await panel.getByRole('button', { name: 'Record a minute' }).click();
    const form = panel.getByRole('form', { name: `Minute for ${at}` });
    const minute = `Minuted at the board: ${at} has its referral pathway agreed.`;
    await form.getByLabel('What was said').fill(minute);
    await form.getByRole('button', { name: 'Save minute' }).click();
    for (const page of [alex, sam]) await page.getByText(minute).first().waitFor({ timeout: 20_000 });
    expect(await seriousViolations(stage)).toEqual([]);
  }, 180_000);
});

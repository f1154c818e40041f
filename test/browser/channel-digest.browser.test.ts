/**
 * The plan's channel digest from its tab, in headless Chromium against the real server (local mode,
 * clock at 1 March 2018) and a local Bot Connector standing in for Teams: the tab is opened as a
 * channel tab of the Partnership Board channel (local mode's ?team=&channel=&channelName=), the
 * plan is linked to post 3 days before each meeting, "Post now" puts "since the last meeting" in
 * the channel, and "Stop posting" unlinks it. The app was added to the team before (its reference
 * is in the store, as the bot keeps it). axe, the CSP, a screenshot for docs/tab/, and a side
 * panel's width.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamReferenceKey } from '../../src/store/conversation-reference.js';
import type { AdaptiveCard } from '../../bot/cards/adaptive-card.js';
import { startBotConnectorServer, type BotConnectorServer, type RecordedActivity } from '../bot-connector/bot-connector-server.js';
import { TeamsTenant } from '../bot-connector/teams-tenant.js';
import { cardText } from '../bot/card-buttons.js';
import { builtTabDir, chromiumForTests, launchChromium, screenshot, seriousViolations, startSeededServer, type SeededServer } from './browser-harness.js';

const chromium = chromiumForTests();
const NOW = new Date('2018-03-01T12:00:00Z');
const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const TEAM = '19:c2FmZWd1YXJkaW5nLXRlYW0@thread.tacv2';
const CHANNEL = '19:cGFydG5lcnNoaXAtYm9hcmQ@thread.tacv2';
const OTHER_CHANNEL = '19:cXVpZXQtY2hhbm5lbA@thread.tacv2';

type ViolationWindow = Window & { __cspViolations?: string[] };

describe.skipIf(chromium === null)('the channel digest from the plan tab in a channel (Chromium)', () => {
  let server: SeededServer;
  let connector: BotConnectorServer;
  let browser: Browser;
  let glos: string;

  beforeAll(async () => {
    server = await startSeededServer({ tabDir: builtTabDir(), clock: () => NOW });
    const tenant = new TeamsTenant(TENANT_ID, 'catalog-app-id');
    tenant.addTeam(TEAM, [], [CHANNEL, OTHER_CHANNEL]);
    // The bot in local mode has no registration, so no token to send: the connector takes it as the Agents Playground's does.
    connector = await startBotConnectorServer({ tenant, anonymous: true });
    // What the bot keeps when the app is added to the team (bot/conversation/stored-reference.ts).
    await server.store.saveConversationReference({
      userId: teamReferenceKey(TEAM),
      userName: 'Safeguarding Partnership',
      tenantId: null,
      conversationId: TEAM,
      serviceUrl: connector.serviceUrl,
      reference: {},
      updatedAt: '2017-12-01T10:00:00.000Z',
    });
    glos = server.planId('Gloucestershire');
    // "Since the last meeting" starts at February's board; March's is the next one.
    await server.store.updatePlanSettings(glos, {
      meetings: [
        { date: '2018-02-12', source: 'entered', title: 'Partnership Board' },
        { date: '2018-03-12', source: 'entered', title: 'Partnership Board' },
      ],
    });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await connector?.close();
    await server?.stop();
  });

  const inChannel = (channel = CHANNEL, name = 'Partnership Board') => `?${new URLSearchParams({ team: TEAM, channel, channelName: name })}`;

  async function openPlan(search: string, viewport = { width: 1366, height: 768 }): Promise<Page> {
    const page = await browser.newPage({ viewport, reducedMotion: 'reduce' });
    await page.addInitScript(() => {
      const w = window as ViolationWindow;
      w.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations?.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
    });
    await page.goto(`${server.url}/tab/plans/${glos}${search}`);
    await page.waitForFunction(() => document.documentElement.dataset.planState === 'ready', undefined, { timeout: 20_000 });
    return page;
  }

  const panel = (page: Page) => page.getByRole('region', { name: 'Channel digest' });
  const postsIn = (channel: string): RecordedActivity[] => connector.activities.filter((a) => a.conversationId.startsWith(`${channel};messageid=`));

  it('links the channel the tab is in, posts the digest there now, and stops posting', async () => {
    const page = await openPlan(inChannel());
    const button = page.getByRole('button', { name: 'Channel digest' });
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    await button.click();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    await panel(page).getByText('The plan posts “since the last meeting” to no channel.').waitFor();

    await page.getByRole('radio', { name: 'Before each meeting' }).check();
    await page.getByLabel('Days before each meeting to post').selectOption('3');
    await page.getByRole('button', { name: 'Post the digest here' }).click();
    await panel(page).getByText('Posts “since the last meeting” to Partnership Board 3 days before each meeting.').waitFor();
    expect(await panel(page).getByText('Not posted yet.').isVisible()).toBe(true);
    expect(await page.getByRole('status').filter({ hasText: 'Linked' }).textContent()).toBe('Linked: the digest goes to Partnership Board, 3 days before each meeting.');
    expect((await server.store.getPlan(glos))!.channelDigest).toEqual({
      channel: { teamId: TEAM, channelId: CHANNEL, name: 'Partnership Board' },
      schedule: { kind: 'before-meeting', daysBefore: 3 },
      lastPostedOn: null,
    });

    await page.getByRole('button', { name: 'Post now' }).click();
    const posted = page.getByRole('status').filter({ hasText: 'Posted:' });
    await posted.waitFor();
    expect(await posted.textContent()).toMatch(/^Posted: \d+ actions? changed since 12 Feb 2018\.$/);
    expect(await panel(page).getByText('Last posted 1 Mar 2018.').isVisible()).toBe(true);
    const posts = postsIn(CHANNEL);
    expect(posts).toHaveLength(1);
    const card = (posts[0]!.activity.attachments as { content: AdaptiveCard }[])[0]!.content;
    const text = cardText(card);
    expect(text).toContain('Since the last meeting');
    expect(text).toContain('3 days before each meeting');
    expect(text).toContain('Next meeting: 12 Mar 2018');

    // Escape closes the panel and gives focus back to its button.
    await page.getByRole('button', { name: 'Post now' }).focus();
    await page.keyboard.press('Escape');
    expect(await panel(page).count()).toBe(0);
    expect(await button.evaluate((b) => b === document.activeElement)).toBe(true);

    await button.click();
    await page.getByRole('button', { name: 'Stop posting' }).click();
    await panel(page).getByText('The plan posts “since the last meeting” to no channel.').waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Stopped' }).textContent()).toBe('Stopped: nothing more is posted to Partnership Board.');
    expect((await server.store.getPlan(glos))!.channelDigest ?? null).toBeNull();
    expect(await page.evaluate(() => (window as ViolationWindow).__cspViolations)).toEqual([]);
    await page.close();
  }, 90_000);

  it('saves another schedule, and offers to post in this channel instead when the plan posts in another', async () => {
    await server.store.updatePlanSettings(glos, {
      channelDigest: { channel: { teamId: TEAM, channelId: OTHER_CHANNEL, name: 'Quiet room' }, schedule: { kind: 'on-request' }, lastPostedOn: '2018-02-20' },
    });
    const page = await openPlan(inChannel());
    await page.getByRole('button', { name: 'Channel digest' }).click();
    await panel(page).getByText('Posts “since the last meeting” to Quiet room when someone in the channel asks.').waitFor();
    expect(await panel(page).getByText('Last posted 20 Feb 2018.').isVisible()).toBe(true);
    expect(await panel(page).getByText('This tab is in Partnership Board, not in the channel the digest goes to.').isVisible()).toBe(true);

    await page.getByLabel('Day of the week to post').selectOption('Thursday');
    expect(await page.getByRole('radio', { name: 'Every week on' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Save' }).click();
    await panel(page).getByText('Posts “since the last meeting” to Quiet room every Thursday.').waitFor();

    await page.getByRole('button', { name: 'Post here instead' }).click();
    await panel(page).getByText('Posts “since the last meeting” to Partnership Board every Thursday.').waitFor();
    expect(await panel(page).getByText('Not posted yet.').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Post here instead' }).count()).toBe(0);
    expect((await server.store.getPlan(glos))!.channelDigest).toMatchObject({ channel: { channelId: CHANNEL }, schedule: { kind: 'weekly', weekday: 'Thursday' } });

    await screenshot(page, 'channel-digest.png');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  }, 90_000);

  it('fits a side panel’s width (320 px): nothing in the open panel is cut off or scrolls sideways', async () => {
    const page = await openPlan(inChannel(), { width: 320, height: 640 });
    await page.getByRole('button', { name: 'Channel digest' }).click();
    // The page itself does not scroll: the panel fits the room under the header and scrolls within it.
    const postNow = page.getByRole('button', { name: 'Post now' });
    await postNow.scrollIntoViewIfNeeded();
    const box = (await postNow.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(640);
    const overflow = await page.evaluate(() => {
      const region = document.getElementById('plan-channel-digest')!;
      const box = region.getBoundingClientRect();
      const outside = [...region.querySelectorAll('*')].filter((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5);
      });
      return { left: box.left, right: box.right, viewport: document.documentElement.clientWidth, scrollsSideways: region.scrollWidth > region.clientWidth, outside: outside.map((e) => e.outerHTML.slice(0, 80)) };
    });
    expect(overflow.left).toBeGreaterThanOrEqual(0);
    expect(overflow.right).toBeLessThanOrEqual(overflow.viewport);
    expect(overflow.scrollsSideways).toBe(false);
    expect(overflow.outside).toEqual([]);
    await page.close();
  }, 90_000);

  it('shows someone who may not change the plan where and when it posts, with no controls', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, reducedMotion: 'reduce' });
    // The server in local mode lets everyone edit; SharePoint's read-only answer for this person is stood in for on the plan's read.
    await page.route(`**/api/plans/${glos}`, async (route) => {
      const response = await route.fetch();
      const envelope = (await response.json()) as { you: Record<string, unknown> };
      await route.fulfill({ response, json: { ...envelope, you: { ...envelope.you, mayEdit: false } } });
    });
    await page.goto(`${server.url}/tab/plans/${glos}${inChannel(OTHER_CHANNEL, 'Quiet room')}`);
    await page.waitForFunction(() => document.documentElement.dataset.planState === 'ready', undefined, { timeout: 20_000 });
    await page.getByRole('button', { name: 'Channel digest' }).click();
    await panel(page).getByText('Posts “since the last meeting” to Partnership Board every Thursday.').waitFor();
    expect(await panel(page).getByText('This tab is in Quiet room, not in the channel the digest goes to.').isVisible()).toBe(true);
    expect(await panel(page).getByRole('button').allTextContents()).toEqual(['Hide channel digest']);
    expect(await panel(page).getByRole('radio').count()).toBe(0);
    await page.close();
  }, 90_000);

  it('is not offered outside a channel to a plan that posts nowhere', async () => {
    await server.store.updatePlanSettings(glos, { channelDigest: null });
    const page = await openPlan('');
    expect(await page.getByRole('button', { name: 'Meetings (2)' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Channel digest' }).count()).toBe(0);
    await page.close();
  }, 60_000);
});

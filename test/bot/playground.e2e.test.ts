import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotRuntime } from '../../bot/conversation/bot-runtime.js';
import {
  installInPlayground,
  messagesInLog,
  playgroundCli,
  playgroundConfig,
  sayInPlayground,
  startPlayground,
  waitFor,
  type PlaygroundConfig,
  type PlaygroundMessage,
  type RunningPlayground,
} from '../../scripts/agents-playground.js';
import { findChromium, launchChromium } from '../../scripts/chromium.js';
import { dateIn, systemClock } from '../../src/config/today.js';
import { importPlanFile } from '../../src/import/import-file.js';
import type { Update } from '../../src/plan/update.js';
import { createApp } from '../../src/server/create-app.js';
import { close, listen } from '../../src/server/start-server.js';
import { openPlanStore } from '../../src/store/open-store.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { botEndpoint } from '../../bot/conversation/bot-routes.js';
import { freeLoopbackPort } from '../../src/local-meeting/fluid-service.js';

/*
 * One round trip through the Microsoft 365 Agents Playground, as `npm run playground` runs it by hand:
 * our server (local mode, the sample plans) and the playground on free ports; messages sent through
 * the playground's conversation API (and, when Chromium is installed, typed into its web UI); the
 * bot's replies read back from what the playground put in its chat; the update read from the store.
 * Set PLAN_PLAYGROUND_SCREENSHOT=docs/playground.png to refresh the screenshot in the docs.
 */

const SAMPLES = join(import.meta.dirname, '../../samples');
const cli = playgroundCli();
const chromium = findChromium();

// Steve Bean leads 1.4 of the Gloucestershire plan (and no 1.4 of Pan Cheshire's, which is the LSCBs').
const CONFIG = `version: "0.1.1"
tenantId: 00000000-0000-0000-0000-0000000000001
bot:
  id: 00000000-0000-0000-0000-00000000000011
  name: Plan reminders
currentUser:
  id: user-id-0
  name: Steve Bean
  userPrincipleName: steve.bean@example.com
  aadObjectId: 00000000-0000-0000-0000-0000000000041
  givenName: Steve
  surname: Bean
  email: steve.bean@example.com
users:
${['Louise West', 'Dawn Porter', 'Jane Price', 'Sarita Walker', 'Chris Hanson']
  .map((name, i) => {
    const [given, surname] = name.split(' ');
    const mail = `${name.toLowerCase().replace(' ', '.')}@example.com`;
    return `  - id: user-id-${i + 1}\n    name: ${name}\n    userPrincipleName: ${mail}\n    aadObjectId: 00000000-0000-0000-0000-00000000004${i + 2}\n    givenName: ${given}\n    surname: ${surname}\n    email: ${mail}`;
  })
  .join('\n')}
personalChat:
  id: personal-chat-steve-bean
groupChat:
  id: group-chat-id
  name: CSE sub-group
team:
  id: team-id
  name: Safeguarding partnership
  aadGroupId: 00000000-0000-0000-0000-000000000031
  channels:
    - id: channel-id
      name: CSE sub-group
`;


describe.skipIf(cli === null)(
  cli === null ? 'the bot in the Agents Playground: SKIPPED, @microsoft/m365agentsplayground is not installed (npm install)' : 'the bot in the Microsoft 365 Agents Playground',
  () => {
    let dir: string;
    let store: PlanStore;
    let server: Server;
    let playground: RunningPlayground;
    let config: PlaygroundConfig;
    let glos: string;
    const serverLog: string[] = [];

    async function chat(): Promise<PlaygroundMessage[]> {
      let log = '';
      try {
        log = await readFile(join(dir, 'devTools', 'm365agentsplayground.log'), 'utf8');
      } catch {
        return [];
      }
      return messagesInLog(log).filter((m) => m.conversationId === config.personalChat.id && m.from.id === config.bot.id);
    }

    async function waitForBot(what: string, check: (messages: PlaygroundMessage[]) => boolean): Promise<PlaygroundMessage[]> {
      await waitFor(async () => check(await chat()), 20_000, what);
      return chat();
    }

    const cardsIn = (messages: PlaygroundMessage[]): number => messages.flatMap((m) => m.attachments ?? []).filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive').length;

    async function chatUpdatesOn14(): Promise<Update[]> {
      return ((await store.getActionByRef(glos, '1.4'))?.updates ?? []).filter((u) => u.origin === 'chat');
    }

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'plan-playground-'));
      store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
      for (const file of ['gloucestershire-cse-2017-18.txt', 'pan-cheshire-cse-2013.txt']) {
        const { draft } = await importPlanFile(join(SAMPLES, file), { importedAt: systemClock().toISOString() });
        await store.importPlan(draft);
      }
      glos = (await store.listPlans()).find((p) => p.title.startsWith('Gloucestershire'))!.id;
      const log = (line: string): void => {
        serverLog.push(line);
      };
      const bot = createBotRuntime({ store, clock: systemClock, log, auth: null });
      const app = createApp({ store, clock: systemClock, identify: async () => ({ name: 'Test', userId: null }), log, storeKind: 'sqlite', bot: botEndpoint(bot) });
      const listening = await listen(app, '127.0.0.1', 0);
      server = listening.server;

      await writeFile(join(dir, '.m365agentsplayground.yml'), CONFIG);
      playground = await startPlayground({ botEndpoint: `${listening.url}/api/messages`, port: await freeLoopbackPort(), cwd: dir, browser: 'none' });
      config = await playgroundConfig(playground.url);
    }, 60_000);

    afterAll(async () => {
      await playground?.stop();
      if (server) await close(server);
      await store?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('welcomes Steve Bean on install, answers "help", and records "1.4 training delivered to 300 officers" on 1.4', async () => {
      expect(config.currentUser.name).toBe('Steve Bean');

      await installInPlayground(playground.url, config.personalChat.id);
      await waitForBot('the welcome card in the playground', (messages) => cardsIn(messages) >= 1);

      await sayInPlayground(playground.url, config.personalChat.id, config.currentUser.id, 'help');
      const afterHelp = await waitForBot('the help card in the playground', (messages) => cardsIn(messages) >= 2);
      expect(JSON.stringify(afterHelp.at(-1)?.attachments)).toContain('my actions');

      const before = dateIn('Europe/London', systemClock());
      await sayInPlayground(playground.url, config.personalChat.id, config.currentUser.id, '1.4 training delivered to 300 officers');
      const replies = await waitForBot('the bot to confirm the update in the playground', (messages) => messages.some((m) => m.text?.includes('recorded on 1.4')));
      expect(replies.find((m) => m.text?.includes('recorded on 1.4'))?.text).toContain('Gloucestershire');

      const updates = await chatUpdatesOn14();
      expect(updates).toHaveLength(1);
      expect(updates[0]).toMatchObject({ text: 'training delivered to 300 officers', author: 'Steve Bean', authorId: '00000000-0000-0000-0000-0000000000041', origin: 'chat' });
      expect([before, dateIn('Europe/London', systemClock())]).toContain(updates[0]?.date);

      const reference = await store.getConversationReference('00000000-0000-0000-0000-0000000000041');
      expect(reference).toMatchObject({ conversationId: config.personalChat.id, userName: 'Steve Bean' });
      expect(reference?.serviceUrl).toMatch(new RegExp(`:${playground.port}/_connector$`));
      expect(serverLog.join('\n')).not.toContain('training delivered');
    }, 60_000);

    it.skipIf(chromium === null)('takes an update typed into the playground\'s web chat in headless Chromium', async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
        await page.goto(playground.url, { waitUntil: 'networkidle' });
        const box = page.getByRole('textbox').last();
        await box.click();
        await page.keyboard.type('1.4 briefing on the awareness day given to the panel');
        await page.keyboard.press('Enter');

        await page.getByText('briefing on the awareness day given to the panel').first().waitFor({ timeout: 20_000 });
        await waitFor(async () => (await page.getByText(/recorded on 1\.4/).count()) >= 2, 20_000, 'the second confirmation on 1.4 in the web chat');
        expect((await chatUpdatesOn14()).map((u) => u.text)).toEqual(['training delivered to 300 officers', 'briefing on the awareness day given to the panel']);

        await page.waitForTimeout(500);
        await page.screenshot({ path: resolve(process.env.PLAN_PLAYGROUND_SCREENSHOT ?? join(dir, 'playground.png')) });
      } finally {
        await browser.close();
      }
    }, 60_000);
  },
);

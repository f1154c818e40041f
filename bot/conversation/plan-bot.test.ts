import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestAdapter, type Activity, type Attachment, type ChannelAccount, type ConversationAccount } from 'botbuilder';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dateIn } from '../../src/config/today.js';
import { importPlanFile } from '../../src/import/import-file.js';
import { normaliseLeadName } from '../../src/plan/lead.js';
import type { ActionWithUpdates } from '../../src/plan/plan.js';
import { openPlanStore } from '../../src/store/open-store.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { turnLogic } from './botbuilder-adapter.js';
import { PlanBot } from './plan-bot.js';

const SAMPLES = join(import.meta.dirname, '../../samples');
const NOW = new Date('2018-01-10T10:00:00Z');
const TODAY = dateIn('Europe/London', NOW);
const SERVICE_URL = 'https://smba.trafficmanager.net/uk/';
const BOT: ChannelAccount = { id: '28:plan-bot', name: 'Plan bot' };

interface Someone {
  account: ChannelAccount;
  conversation: ConversationAccount;
}

function someone(name: string, aadObjectId: string): Someone {
  const slug = name.toLowerCase().replace(/\W+/g, '-');
  return {
    account: { id: `29:${slug}`, name, aadObjectId },
    conversation: { id: `a:chat-${slug}`, conversationType: 'personal', tenantId: 'tenant-1', isGroup: false, name: '' },
  };
}

const louise = someone('Louise West', 'aad-louise');
const dawn = someone('Dawn Porter', 'aad-dawn');

let dir: string;
let store: PlanStore;
let logs: string[];
let adapter: TestAdapter;
let glos: string;
let cheshire: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-bot-'));
  store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
  for (const file of ['gloucestershire-cse-2017-18.txt', 'pan-cheshire-cse-2013.txt']) {
    const { draft } = await importPlanFile(join(SAMPLES, file), { importedAt: '2018-01-01T00:00:00.000Z' });
    await store.importPlan(draft);
  }
  const plans = await store.listPlans();
  glos = plans.find((p) => p.title.startsWith('Gloucestershire'))!.id;
  cheshire = plans.find((p) => p.title.startsWith('Pan Cheshire'))!.id;
  logs = [];
  const bot = new PlanBot({ store, clock: () => NOW, log: (line) => logs.push(line) });
  // Turns go through the botbuilder adapter, as in production: the bot sees only our Turn.
  adapter = new TestAdapter(turnLogic(bot));
  adapter.conversation.channelId = 'msteams';
  adapter.conversation.serviceUrl = SERVICE_URL;
  adapter.conversation.bot = BOT;
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** Sends one activity from a person in their personal chat; answers what the bot sent back. */
async function from(person: Someone, activity: string | Partial<Activity>): Promise<Partial<Activity>[]> {
  const partial = typeof activity === 'string' ? { type: 'message', text: activity } : activity;
  adapter.activeQueue.splice(0);
  await adapter.processActivity({ ...partial, from: person.account, conversation: person.conversation, recipient: BOT });
  return adapter.activeQueue.splice(0);
}

function texts(replies: Partial<Activity>[]): string {
  return replies.map((r) => r.text ?? '').join('\n');
}

function cards(replies: Partial<Activity>[]): Attachment[] {
  return replies.flatMap((r) => r.attachments ?? []).filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
}

function cardText(attachment: Attachment): string {
  return JSON.stringify(attachment.content);
}

async function action(planId: string, ref: string): Promise<ActionWithUpdates> {
  const found = await store.getActionByRef(planId, ref);
  if (!found) throw new Error(`no action ${ref}`);
  return found;
}

async function chatUpdates(planId: string, ref: string): Promise<ActionWithUpdates['updates']> {
  return (await action(planId, ref)).updates.filter((u) => u.origin === 'chat');
}

describe('plan bot: install and conversation references', () => {
  it('welcomes a person once when Teams announces the install twice, and stores their conversation reference', async () => {
    const install = await from(louise, { type: 'installationUpdate', action: 'add' });
    const added = await from(louise, { type: 'conversationUpdate', membersAdded: [BOT, louise.account] });

    expect(cards(install)).toHaveLength(1);
    expect(cardText(cards(install)[0]!)).toContain('my actions');
    expect(added).toEqual([]);
    const stored = await store.getConversationReference('aad-louise');
    expect(stored).toMatchObject({ userId: 'aad-louise', userName: 'Louise West', tenantId: 'tenant-1', conversationId: louise.conversation.id, serviceUrl: SERVICE_URL });
    expect(stored?.reference).toMatchObject({ channelId: 'msteams', conversation: { id: louise.conversation.id }, bot: { id: BOT.id }, user: { aadObjectId: 'aad-louise' } });
    expect(stored?.uninstalledAt).toBeUndefined();
  });

  it('welcomes on a conversationUpdate that adds the bot, when no installationUpdate comes', async () => {
    const replies = await from(dawn, { type: 'conversationUpdate', membersAdded: [BOT] });
    expect(cards(replies)).toHaveLength(1);
    expect(await store.getConversationReference('aad-dawn')).toMatchObject({ conversationId: dawn.conversation.id });
  });

  it('stores the reference of someone who messages the bot without an install event', async () => {
    await from(dawn, 'help');
    expect(await store.getConversationReference('aad-dawn')).toMatchObject({ userName: 'Dawn Porter', serviceUrl: SERVICE_URL });
  });

  it("does not store a group chat as a person's reminder conversation, nor welcome the group", async () => {
    const groupChat = { ...louise, conversation: { ...louise.conversation, id: '19:group', conversationType: 'groupChat', isGroup: true } };
    expect(await from(groupChat, { type: 'conversationUpdate', membersAdded: [BOT] })).toEqual([]);
    await from(groupChat, 'help');
    expect(await store.getConversationReference('aad-louise')).toBeNull();
  });

  it('marks the reference when the person uninstalls the app, and a new install clears the mark', async () => {
    await from(louise, { type: 'installationUpdate', action: 'add' });
    expect(await from(louise, { type: 'installationUpdate', action: 'remove' })).toEqual([]);
    expect((await store.getConversationReference('aad-louise'))?.uninstalledAt).toBe(NOW.toISOString());

    const again = await from(louise, { type: 'installationUpdate', action: 'add' });
    expect(cards(again)).toHaveLength(1);
    expect((await store.getConversationReference('aad-louise'))?.uninstalledAt).toBeUndefined();
  });
});

describe('plan bot: commands', () => {
  it('answers "help" with the welcome card', async () => {
    const replies = await from(louise, 'Help!');
    expect(cards(replies)).toHaveLength(1);
    expect(cardText(cards(replies)[0]!)).toContain('1.4 training delivered to 300 officers');
  });

  it('lists "my actions": the open actions the person leads, not completed ones or other leads\' actions', async () => {
    const replies = await from(louise, 'my actions');
    const card = cardText(cards(replies)[0]!);
    // Louise West leads 1.5 and 4.4 (open) and 1.9 (completed); Steve Bean leads 1.4.
    for (const ref of ['1.5', '4.4']) expect(card).toContain((await action(glos, ref)).text.slice(0, 40).replace(/"/g, '\\"'));
    expect(card).not.toContain((await action(glos, '1.9')).text.slice(0, 40).replace(/"/g, '\\"'));
    expect(card).not.toContain((await action(glos, '1.4')).text.slice(0, 40).replace(/"/g, '\\"'));
    expect(card).toContain('Louise West');
  });

  it('says so when "my actions" finds nothing for a person no plan names', async () => {
    const replies = await from(someone('Alex Wilber', 'aad-alex'), 'my actions');
    expect(cardText(cards(replies)[0]!)).toContain('No open action names you');
  });
});

describe('plan bot: closing an action from chat', () => {
  async function action(ref: string): Promise<ActionWithUpdates> {
    return (await store.getActionByRef(glos, ref))!;
  }

  it('asks what difference it made, and closes nothing without it', async () => {
    const before = await action('1.5');
    expect(texts(await from(louise, 'complete 1.5'))).toContain('say what difference it made');
    expect(await action('1.5')).toMatchObject({ rag: before.rag, history: [] });
  });

  it('closes the action with its impact, once however often Teams delivers the message', async () => {
    const message = { type: 'message', id: 'msg-done', text: 'complete 1.5: 300 officers trained; referrals from police up a third' };
    const replies = await from(louise, message);
    expect(texts(replies)).toContain('1.5');
    expect(texts(replies)).toContain('marked complete');
    const after = await action('1.5');
    expect(after.rag).toBe('Complete');
    expect(after.history).toEqual([expect.objectContaining({ origin: 'chat', author: 'Louise West', authorId: 'aad-louise', note: '300 officers trained; referrals from police up a third' })]);
    expect(texts(await from(louise, message))).toContain('marked complete');
    expect((await action('1.5')).history).toHaveLength(1);
  });

  it("proposes it to the owner where the owner approves, and refuses someone who does not lead it", async () => {
    await store.updatePlanSettings(glos, { owner: 'Olive Owner', ownerApproves: true });
    expect(texts(await from(louise, 'complete 1.5: trained'))).toContain('goes to the owner');
    expect(await action('1.5')).toMatchObject({ rag: 'Not set', history: [expect.objectContaining({ kind: 'completion-proposed' })] });
    expect(texts(await from(dawn, 'complete 1.5: trained'))).toContain('you are not listed as a lead');
  });
});

describe('plan bot: text replies recorded as dated updates', () => {
  it('records "1.5 training delivered to 300 officers" on 1.5, dated today in the plan\'s time zone, under the sender\'s name', async () => {
    const replies = await from(louise, '1.5 training delivered to 300 officers');
    const updates = await chatUpdates(glos, '1.5');
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ text: 'training delivered to 300 officers', date: TODAY, dateSource: 'recorded', author: 'Louise West', authorId: 'aad-louise', origin: 'chat' });
    expect(texts(replies)).toContain('recorded on 1.5');
    expect(replies[0]?.textFormat).toBe('plain');
  });

  it('asks which action a reply without a ref is for, listing the sender\'s open actions, and records it on the answer', async () => {
    const question = await from(louise, 'Training delivered to 300 officers');
    expect(texts(question)).toContain('Which action is this update for?');
    expect(texts(question)).toMatch(/^1\.5 {2}/m);
    expect(texts(question)).not.toMatch(/^1\.9 {2}/m);
    expect(await chatUpdates(glos, '1.5')).toEqual([]);

    const answer = await from(louise, '1.5');
    expect(texts(answer)).toContain('recorded on 1.5');
    expect((await chatUpdates(glos, '1.5')).map((u) => u.text)).toEqual(['Training delivered to 300 officers']);
  });

  it('takes the answer on another server, or after a restart: the question waits in the store', async () => {
    const question = await from(louise, 'Training delivered to 300 officers');
    expect(texts(question)).toContain('Which action is this update for?');

    // The second instance behind the same address: its own connection to the same store.
    const other = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
    try {
      const otherAdapter = new TestAdapter(turnLogic(new PlanBot({ store: other, clock: () => NOW, log: () => undefined })));
      otherAdapter.conversation.channelId = 'msteams';
      otherAdapter.conversation.serviceUrl = SERVICE_URL;
      otherAdapter.conversation.bot = BOT;
      await otherAdapter.processActivity({ type: 'message', text: '1.5', from: louise.account, conversation: louise.conversation, recipient: BOT });
      expect(texts(otherAdapter.activeQueue.splice(0))).toContain('recorded on 1.5');
    } finally {
      await other.close();
    }
    expect((await chatUpdates(glos, '1.5')).map((u) => u.text)).toEqual(['Training delivered to 300 officers']);
    // Answered once: the same answer again on the first server is not a second update.
    await from(louise, '1.5');
    expect((await chatUpdates(glos, '1.5')).map((u) => u.text)).toEqual(['Training delivered to 300 officers']);
  });

  it('refuses politely when the sender is not a lead of the action named, and records nothing', async () => {
    const replies = await from(louise, '1.4 training delivered to 300 officers');
    expect(texts(replies)).toContain('you are not listed as a lead of action 1.4');
    expect(await chatUpdates(glos, '1.4')).toEqual([]);
    expect(await chatUpdates(cheshire, '1.4')).toEqual([]);
  });

  it('asks which action when the ref is no action\'s, keeping the whole message', async () => {
    const question = await from(louise, '9.9 panel met twice');
    expect(texts(question)).toContain("I can't find an action 9.9 in any plan");
    await from(louise, '1.5');
    expect((await chatUpdates(glos, '1.5')).map((u) => u.text)).toEqual(['9.9 panel met twice']);
  });

  it('records a repeated activity (Teams redelivering it) once', async () => {
    const message = { type: 'message', id: 'msg-17', text: '1.5 training delivered to 300 officers' };
    await from(louise, message);
    const second = await from(louise, message);
    expect(await chatUpdates(glos, '1.5')).toHaveLength(1);
    expect(texts(second)).toContain('already recorded');
  });

  it('records a repeated answer to its question once', async () => {
    await from(louise, { type: 'message', id: 'q-1', text: 'Panel met twice' });
    await from(louise, { type: 'message', id: 'a-1', text: '1.5' });
    const retried = await from(louise, { type: 'message', id: 'a-1', text: '1.5' });
    expect(await chatUpdates(glos, '1.5')).toHaveLength(1);
    expect(texts(retried)).toContain('already recorded');
  });

  it('asks which plan when the sender leads the same ref in two plans, and a word of the title settles it', async () => {
    // Cheshire's 1.6 is DCI Wenham's; confirm Dawn Porter (who leads Gloucestershire's 1.6 by name) as that lead.
    await store.saveLeadMappings(cheshire, [
      {
        lead: normaliseLeadName('DCI Wenham'),
        writtenAs: 'DCI Wenham',
        status: 'confirmed',
        target: { kind: 'user', id: 'aad-dawn', displayName: 'Dawn Porter', mail: null },
        candidates: [],
        updatedAt: '2018-01-02T00:00:00.000Z',
        confirmedBy: 'Plan owner',
      },
    ]);
    const question = await from(dawn, '1.6 briefing sent to all schools');
    expect(texts(question)).toContain('You lead an action 1.6 in more than one plan');
    expect(await chatUpdates(glos, '1.6')).toEqual([]);

    await from(dawn, '1.6 cheshire');
    expect((await chatUpdates(cheshire, '1.6')).map((u) => u.text)).toEqual(['briefing sent to all schools']);
    expect(await chatUpdates(glos, '1.6')).toEqual([]);
  });

  it('drops a waiting update on "cancel"', async () => {
    await from(louise, 'Panel met twice');
    expect(texts(await from(louise, 'cancel'))).toContain('dropped');
    expect(texts(await from(louise, '1.5'))).toContain('What is your update on 1.5?');
    expect(await chatUpdates(glos, '1.5')).toEqual([]);
  });

  it('refuses a 10,000-character update, saying why, and records nothing', async () => {
    const replies = await from(louise, `1.5 ${'x'.repeat(10_000)}`);
    expect(texts(replies)).toContain('at most 2,000 characters');
    expect(await chatUpdates(glos, '1.5')).toEqual([]);
  });

  it('never logs what anyone wrote', async () => {
    await from(louise, '1.5 training delivered to 300 officers');
    await from(louise, 'Panel met twice');
    expect(logs.join('\n')).not.toMatch(/training|officers|Panel|Louise/);
    expect(logs.some((l) => l.includes('chat.recorded'))).toBe(true);
  });
});

describe('plan bot: Universal Actions', () => {
  it('hands an adaptiveCard/action invoke to the card handler and returns its answer', async () => {
    const replies = await from(louise, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'no-such-verb', data: {} } } });
    const response = replies.find((r) => r.type === 'invokeResponse');
    expect(response?.value).toMatchObject({ status: 400, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'NotSupported' } } });
  });
});

describe('plan bot: in a meeting chat', () => {
  const meetingChat: ConversationAccount = { id: '19:meeting_Yjg2ZDRh@thread.v2', conversationType: 'groupChat', tenantId: 'tenant-1', isGroup: true, name: 'Partnership Board' };
  const inMeeting = (person: Someone): Someone => ({ ...person, conversation: meetingChat });

  it("keeps the meeting chat's own reference when the app is added to it, and no person's, with no welcome card", async () => {
    const replies = await from(inMeeting(louise), { type: 'conversationUpdate', membersAdded: [BOT] });
    expect(cards(replies)).toEqual([]);
    expect(await store.getConversationReference(`chat:${meetingChat.id}`)).toMatchObject({ conversationId: meetingChat.id, serviceUrl: SERVICE_URL, userName: 'Partnership Board' });
    expect(await store.getConversationReference('aad-louise')).toBeNull();
  });

  it('marks the chat when the app is taken out of it, so no summary is posted there', async () => {
    await from(inMeeting(louise), { type: 'conversationUpdate', membersAdded: [BOT] });
    await from(inMeeting(louise), { type: 'conversationUpdate', membersRemoved: [BOT] });
    expect((await store.getConversationReference(`chat:${meetingChat.id}`))?.uninstalledAt).toBe(NOW.toISOString());
  });

  it("answers help in a meeting chat, and keeps one person's actions and updates to their own chat", async () => {
    expect(cards(await from(inMeeting(louise), 'help'))).toHaveLength(1);
    const mine = await from(inMeeting(louise), 'my actions');
    expect(cards(mine)).toEqual([]);
    expect(texts(mine)).toContain('chat with me one to one');
    await from(inMeeting(louise), 'update 1.6 training booked');
    expect(await chatUpdates(glos, '1.6')).toEqual([]);
  });
});

describe("plan bot: in a team's channel", () => {
  const TEAM = '19:dGVhbQ@thread.tacv2';
  const BOARD = '19:Ym9hcmQ@thread.tacv2';
  const QUIET = '19:cXVpZXQ@thread.tacv2';
  const inChannel = (person: Someone, channelId: string): Someone => ({
    ...person,
    conversation: { id: `${channelId};messageid=1515578400000`, conversationType: 'channel', tenantId: 'tenant-1', isGroup: true, name: '' },
  });
  const channelData = (channelId: string) => ({ tenant: { id: 'tenant-1' }, team: { id: TEAM, name: 'Safeguarding Partnership' }, channel: { id: channelId } });
  const ask = (channelId: string, text: string) => from(inChannel(louise, channelId), { type: 'message', text, channelData: channelData(channelId) });
  const link = (planId: string, channelId: string) =>
    store.updatePlanSettings(planId, {
      meetings: [{ date: '2017-12-11', source: 'entered', title: 'Partnership Board' }],
      channelDigest: { channel: { teamId: TEAM, channelId, name: 'Partnership Board' }, schedule: { kind: 'on-request' }, lastPostedOn: null },
    });

  it("keeps the team's reference when the app is added to it, with no welcome card, and marks it when the app is removed", async () => {
    const added = await from(inChannel(louise, TEAM), { type: 'conversationUpdate', membersAdded: [BOT], channelData: { ...channelData(TEAM), eventType: 'teamMemberAdded' } });
    expect(cards(added)).toEqual([]);
    expect(await store.getConversationReference(`team:${TEAM}`)).toMatchObject({ conversationId: TEAM, serviceUrl: SERVICE_URL, userName: 'Safeguarding Partnership', tenantId: 'tenant-1' });
    expect(await store.getConversationReference('aad-louise')).toBeNull();
    await from(inChannel(louise, TEAM), { type: 'conversationUpdate', membersRemoved: [BOT], channelData: { ...channelData(TEAM), eventType: 'teamMemberRemoved' } });
    expect((await store.getConversationReference(`team:${TEAM}`))?.uninstalledAt).toBe(NOW.toISOString());
  });

  it('answers "since last meeting" with the digest of the plan that posts to the channel, and records the day', async () => {
    await link(glos, BOARD);
    for (const asked of ['since last meeting', 'What changed since the last meeting?', 'digest']) {
      const replies = await ask(BOARD, asked);
      expect(cards(replies), asked).toHaveLength(1);
      expect(cardText(cards(replies)[0]!)).toContain('Since the last meeting');
      expect(cardText(cards(replies)[0]!)).toContain('Gloucestershire');
    }
    expect((await store.getPlan(glos))!.channelDigest!.lastPostedOn).toBe(TODAY);
    expect(logs.filter((l) => l.includes('digest.posted'))).toHaveLength(3);
    expect(logs.join('\n')).not.toContain('Gloucestershire');
  });

  it('reads the question past the @mention of the bot that Teams puts before it', async () => {
    await link(glos, BOARD);
    const text = '<at>Plan bot</at> since last meeting';
    const replies = await from(inChannel(louise, BOARD), { type: 'message', text, entities: [{ type: 'mention', mentioned: BOT, text: '<at>Plan bot</at>' }], channelData: channelData(BOARD) });
    expect(cards(replies)).toHaveLength(1);
    expect(cardText(cards(replies)[0]!)).toContain('Since the last meeting');
  });

  it('says how to link a plan in a channel no plan posts to', async () => {
    await link(glos, BOARD);
    const replies = await ask(QUIET, 'since last meeting');
    expect(cards(replies)).toEqual([]);
    expect(texts(replies)).toContain('No plan posts its digest to this channel yet');
  });

  it('says why when the plan has had no meeting to count from', async () => {
    await store.updatePlanSettings(cheshire, { meetings: [], channelDigest: { channel: { teamId: TEAM, channelId: QUIET, name: null }, schedule: { kind: 'on-request' }, lastPostedOn: null } });
    const replies = await ask(QUIET, 'since last meeting');
    expect(texts(replies)).toMatch(/has no meeting before today/);
    expect((await store.getPlan(cheshire))!.channelDigest!.lastPostedOn).toBeNull();
  });

  it("keeps one person's actions and updates to their own chat", async () => {
    const replies = await ask(BOARD, '1.6 training booked');
    expect(texts(replies)).toContain('chat with me one to one');
    expect(await chatUpdates(glos, '1.6')).toEqual([]);
  });

  it('points to the channel when asked for the digest in a personal chat', async () => {
    expect(texts(await from(louise, 'since last meeting'))).toContain("posted in the plan's channel");
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdaptiveCard } from '../../bot/cards/adaptive-card.js';
import { CHANNEL_DIGEST_KEY_PREFIX } from '../../bot/reminders/channel-digest-delivery.js';
import { sweepLogLine } from '../../bot/reminders/sweep-report.js';
import { describeReport } from '../../src/cli/commands/remind-command.js';
import type { Plan } from '../../src/plan/plan.js';
import { teamReferenceKey } from '../../src/store/conversation-reference.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { SqlitePlanStore } from '../../src/store/sqlite/sqlite-plan-store.js';
import { importSample, reminderWorld, TENANT_ID, type ReminderWorld } from '../bot-connector/reminder-harness.js';
import { cardProblems } from './adaptive-card-check.js';
import { cardText } from './card-buttons.js';

/*
 * The plan's digest on its schedule, in the daily sweep: three days before each meeting, "since the
 * last meeting" goes to the plan's channel once, however many servers sweep, through the same Bot
 * Connector sender as the reminders, and the dry run and `plan remind` say so.
 */

const TEAM = '19:dGVhbS1zd2VlcA@thread.tacv2';
const BOARD = '19:Ym9hcmQtc3dlZXA@thread.tacv2';

let dir: string;
let store: PlanStore;
let world: ReminderWorld;
let glos: Plan;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'channel-digest-sweep-'));
  store = new SqlitePlanStore(join(dir, 'plans.db'));
  world = await reminderWorld();
  glos = await importSample(store, 'gloucestershire-cse-2017-18.txt');
  world.tenant.addTeam(TEAM, [], [BOARD]);
  // What the bot keeps when the app is added to the team (bot/conversation/stored-reference.ts).
  await store.saveConversationReference({ userId: teamReferenceKey(TEAM), userName: 'Safeguarding Partnership', tenantId: TENANT_ID, conversationId: TEAM, serviceUrl: world.connector.serviceUrl, reference: {}, updatedAt: '2017-12-01T10:00:00.000Z' });
  glos = await store.updatePlanSettings(glos.id, {
    meetings: [
      { date: '2017-12-11', source: 'entered', title: 'Partnership Board' },
      { date: '2018-01-15', source: 'entered', title: 'Partnership Board' },
    ],
    channelDigest: { channel: { teamId: TEAM, channelId: BOARD, name: 'Partnership Board' }, schedule: { kind: 'before-meeting', daysBefore: 3 }, lastPostedOn: null },
  });
});

afterEach(async () => {
  await world.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function sweepOn(day: string, options: { dryRun?: boolean } = {}) {
  world.clock.set(`${day}T09:00:00.000Z`);
  return world.sweep(store, { planIds: [glos.id], ...options });
}

const digestsPosted = () => world.connector.activities.filter((a) => a.conversationId.startsWith(`${BOARD};messageid=`));
const cardOf = (i: number): AdaptiveCard => (digestsPosted()[i]!.activity.attachments as { content: AdaptiveCard }[])[0]!.content;

describe('the scheduled channel digest in the daily sweep', () => {
  it('is not posted before its day', async () => {
    const report = await sweepOn('2018-01-11');
    expect(report.plans[0]!.channelDigest).toBeNull();
    expect(digestsPosted()).toEqual([]);
  });

  it('is posted on its day, three days before the meeting, with what changed since the last one', async () => {
    const report = await sweepOn('2018-01-12');
    expect(report.plans[0]!.channelDigest).toEqual({ channel: 'Partnership Board', occasion: '2018-01-12', status: 'posted', why: 'the digest of 2018-01-12 to Partnership Board' });
    expect(digestsPosted()).toHaveLength(1);
    const card = cardOf(0);
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain('the last meeting, 11 Dec 2017 (Partnership Board)');
    expect(cardText(card)).toContain('Next meeting: 15 Jan 2018, Partnership Board');
    expect((await store.getPlan(glos.id))!.channelDigest!.lastPostedOn).toBe('2018-01-12');
    expect(sweepLogLine(report)).toContain('channelDigests=1');
    expect(sweepLogLine(report)).not.toContain('Partnership Board');
  });

  it('is posted once, by one sweep of the day and by the next day\'s', async () => {
    await sweepOn('2018-01-12');
    const again = await sweepOn('2018-01-12');
    expect(again.plans[0]!.channelDigest).toBeNull();
    await sweepOn('2018-01-13');
    expect(digestsPosted()).toHaveLength(1);
  });

  it('is posted once when two servers sweep at the same moment', async () => {
    world.clock.set('2018-01-12T09:00:00.000Z');
    const [a, b] = await Promise.all([world.sweep(store, { planIds: [glos.id] }, world.sending(store)), world.sweep(store, { planIds: [glos.id] }, world.sending(store))]);
    expect([a.plans[0]!.channelDigest?.status, b.plans[0]!.channelDigest?.status].sort()).toEqual(['already-posted', 'posted']);
    expect(digestsPosted()).toHaveLength(1);
    expect((await store.listReminders({ planId: glos.id })).filter((r) => r.key.startsWith(CHANNEL_DIGEST_KEY_PREFIX))).toHaveLength(1);
  });

  it('is posted late, the day after, when the server missed its day', async () => {
    const report = await sweepOn('2018-01-13');
    expect(report.plans[0]!.channelDigest).toMatchObject({ occasion: '2018-01-12', status: 'posted' });
  });

  it('is listed by the dry run and by plan remind, and nothing is posted in a dry run', async () => {
    const dry = await sweepOn('2018-01-12', { dryRun: true });
    expect(dry.plans[0]!.channelDigest).toMatchObject({ status: 'would-post' });
    expect(digestsPosted()).toEqual([]);
    expect(describeReport(dry)).toContain('Digest to the channel Partnership Board (due 2018-01-12): would post;');
  });

  it('is retried by the next sweep when the Bot Connector fails, and posted once', async () => {
    world.connector.failNext(5, { status: 503, code: 'ServiceUnavailable', conversationId: `create:${BOARD}` });
    const failed = await sweepOn('2018-01-12');
    expect(failed.plans[0]!.channelDigest).toMatchObject({ status: 'failed', why: expect.stringMatching(/retried next sweep/) });
    expect(digestsPosted()).toEqual([]);
    const retried = await sweepOn('2018-01-12');
    expect(retried.plans[0]!.channelDigest).toMatchObject({ status: 'posted' });
    expect(digestsPosted()).toHaveLength(1);
  });

  it('is not posted, and says why, once the app was removed from the team', async () => {
    world.tenant.teams.get(TEAM)!.botAdded = false;
    const report = await sweepOn('2018-01-12');
    expect(report.plans[0]!.channelDigest).toMatchObject({ status: 'not-posted', why: expect.stringMatching(/add it to the team/) });
    expect(describeReport(report)).toContain('Digest to the channel Partnership Board (due 2018-01-12): not posted;');
    expect((await store.getPlan(glos.id))!.channelDigest!.lastPostedOn).toBeNull();
  });
});

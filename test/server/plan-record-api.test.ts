import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlanFile } from '../../src/import/import-file.js';
import type { HistoryEntry } from '../../src/plan/action-history.js';
import type { ActionView, ActionWithUpdates, PlanSummary } from '../../src/plan/plan.js';
import { createApp } from '../../src/server/create-app.js';
import { close, listen } from '../../src/server/start-server.js';
import { openPlanStore } from '../../src/store/open-store.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { localBot } from './local-bot.js';

const SAMPLES = join(import.meta.dirname, '../../samples');
/** 1 March 2018: the Gloucestershire plan is current. */
const NOW = new Date('2018-03-01T10:00:00Z');

let dir: string;
let store: PlanStore;
let server: Server;
let base: string;
let glos: string;

/** Requests as a named person (the test's stand-in for the signed-in user). */
async function call(method: string, path: string, body?: unknown, person = 'Jane Price'): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'x-test-person': person, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

const action = async (ref: string): Promise<ActionWithUpdates> => (await call('GET', `/api/plans/${glos}/actions/${ref}`)).json;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-record-api-'));
  store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
  const { draft } = await importPlanFile(join(SAMPLES, 'gloucestershire-cse-2017-18.txt'), { importedAt: NOW.toISOString() });
  await store.importPlan(draft);
  const app = createApp({
    store,
    clock: () => NOW,
    identify: async (req) => ({ name: String(req.headers['x-test-person'] ?? 'Jane Price'), userId: null }),
    log: () => {},
    storeKind: 'sqlite',
    bot: localBot(store),
  });
  ({ server, url: base } = await listen(app, '127.0.0.1', 0));
  glos = ((await call('GET', '/api/plans')).json as PlanSummary[])[0]!.id;
});

afterAll(async () => {
  await close(server);
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the plan's record through the API", () => {
  it('records a RAG change in the tab as a history entry: who, through what, when, was and now', async () => {
    const before = await action('2.1');
    const { status } = await call('PATCH', `/api/plans/${glos}/actions/2.1`, { version: before.version, rag: 'Red' }, 'Louise West');
    expect(status).toBe(200);
    const after = await action('2.1');
    expect(after.history.at(-1)).toMatchObject({ kind: 'changed', author: 'Louise West', origin: 'tab', date: '2018-03-01', recordedAt: NOW.toISOString(), changes: [{ field: 'rag', was: before.rag, now: 'Red' }] });
    expect((await call('GET', `/api/plans/${glos}/export`)).json.actions.find((a: ActionWithUpdates) => a.ref === '2.1').history).toEqual(after.history);
  });

  it('dates an update with the meeting it reports, and refuses a day after today or before the plan began', async () => {
    const read = await action('1.6');
    const dated = await call('POST', `/api/plans/${glos}/actions/1.6/updates`, { text: 'Reported at the February board', date: '2018-02-12' });
    expect(dated.status).toBe(201);
    expect(dated.json.update).toMatchObject({ date: '2018-02-12', recordedAt: NOW.toISOString() });
    const future = await call('POST', `/api/plans/${glos}/actions/1.6/updates`, { text: 'Tomorrow', date: '2018-03-02' });
    expect(future).toMatchObject({ status: 400, json: { error: { code: 'invalid_input' } } });
    expect(future.json.error.message).toContain('after today (2018-03-01)');
    const early = await call('POST', `/api/plans/${glos}/actions/1.6/updates`, { text: 'Long ago', date: '2001-01-01' });
    expect(early.status).toBe(400);
    expect(early.json.error.message).toContain('before the plan began');
    expect((await action('1.6')).updates).toHaveLength(read.updates.length + 1);
  });

  it('asks what difference a completion made, and records it with the change', async () => {
    const read = await action('1.7');
    const bare = await call('PATCH', `/api/plans/${glos}/actions/1.7`, { version: read.version, rag: 'Complete' });
    expect(bare.status).toBe(400);
    expect(bare.json.error.message).toContain('impact evidence');
    const done = await call('POST', `/api/plans/${glos}/actions/1.7/complete`, { version: read.version, evidence: 'Every school has a named CSE lead' });
    expect(done).toMatchObject({ status: 200, json: { outcome: 'changed', action: { rag: 'Complete' } } });
    const again = await call('POST', `/api/plans/${glos}/actions/1.7/complete`, { version: done.json.action.version, evidence: 'Twice' });
    expect(again.status).toBe(400);
    expect(again.json.error.message).toContain('already closed');
    expect((await action('1.7')).history.at(-1)).toMatchObject({ note: 'Every school has a named CSE lead', changes: [{ field: 'rag', now: 'Complete' }, { field: 'status', was: 'open', now: 'closed' }] });
  });

  describe('where the plan has its owner approve', () => {
    beforeAll(async () => {
      await store.updatePlanSettings(glos, { owner: 'Olive Owner', ownerApproves: true });
    });
    afterAll(async () => {
      await store.updatePlanSettings(glos, { owner: null, ownerApproves: false });
    });

    it('takes a lead’s completion as a proposal, which only the owner approves, each step in the history', async () => {
      const read = await action('1.13');
      const proposed = await call('POST', `/api/plans/${glos}/actions/1.13/complete`, { version: read.version, evidence: 'Training reached 400 staff' }, 'Dawn Porter');
      expect(proposed).toMatchObject({ status: 202, json: { outcome: 'requested', entry: { kind: 'completion-proposed', author: 'Dawn Porter' } } });
      expect((await action('1.13')).rag).toBe(read.rag);

      const notOwner = await call('POST', `/api/plans/${glos}/actions/1.13/completion-answer`, { version: read.version, approve: true }, 'Dawn Porter');
      expect(notOwner).toMatchObject({ status: 403, json: { error: { code: 'not_plan_owner' } } });

      const approved = await call('POST', `/api/plans/${glos}/actions/1.13/completion-answer`, { version: read.version, approve: true }, 'Olive Owner');
      expect(approved).toMatchObject({ status: 200, json: { action: { rag: 'Complete' } } });
      const kinds = (await action('1.13')).history.map((h: HistoryEntry) => [h.kind, h.author, h.note]);
      expect(kinds).toEqual([
        ['completion-proposed', 'Dawn Porter', 'Training reached 400 staff'],
        ['completion-approved', 'Olive Owner', 'Training reached 400 staff'],
      ]);
    });

    it('returns a proposal with the owner’s reason, leaving the action open', async () => {
      const read = await action('1.14');
      await call('POST', `/api/plans/${glos}/actions/1.14/complete`, { version: read.version, evidence: 'Done' }, 'Dawn Porter');
      const noReason = await call('POST', `/api/plans/${glos}/actions/1.14/completion-answer`, { version: read.version, approve: false }, 'Olive Owner');
      expect(noReason.status).toBe(400);
      const returned = await call('POST', `/api/plans/${glos}/actions/1.14/completion-answer`, { version: read.version, approve: false, note: 'Needs the audit result first' }, 'Olive Owner');
      expect(returned).toMatchObject({ status: 200, json: { outcome: 'answered', entry: { kind: 'completion-returned', note: 'Needs the audit result first' } } });
      expect((await action('1.14')).rag).toBe(read.rag);
    });

    it('changes a timescale only once the owner agrees; a lead cannot move it directly', async () => {
      const read = await action('4.3');
      const direct = await call('PATCH', `/api/plans/${glos}/actions/4.3`, { version: read.version, timescale: 'June 2018' }, 'Dawn Porter');
      expect(direct.status).toBe(403);
      const asked = await call('POST', `/api/plans/${glos}/actions/4.3/timescale-requests`, { version: read.version, timescale: 'June 2018', reason: 'Waiting for the Ofsted report' }, 'Dawn Porter');
      expect(asked).toMatchObject({ status: 202, json: { entry: { kind: 'timescale-requested', changes: [{ field: 'timescale', was: read.timescale.asWritten, now: 'June 2018' }] } } });
      expect((await action('4.3')).timescale.asWritten).toBe(read.timescale.asWritten);
      const agreed = await call('POST', `/api/plans/${glos}/actions/4.3/timescale-answer`, { version: read.version, agree: true }, 'Olive Owner');
      expect(agreed).toMatchObject({ status: 200, json: { action: { timescale: { asWritten: 'June 2018' } } } });
      expect((await action('4.3')).history.at(-1)).toMatchObject({ kind: 'timescale-agreed', note: 'Waiting for the Ofsted report' });
      const nothingPending = await call('POST', `/api/plans/${glos}/actions/4.3/timescale-answer`, { version: read.version, agree: false, note: 'no' }, 'Olive Owner');
      expect(nothingPending.status).toBe(400);
    });

    it('settles a request the owner agrees to after setting that very timescale, so nothing stays waiting', async () => {
      const read = await action('4.4');
      await call('POST', `/api/plans/${glos}/actions/4.4/timescale-requests`, { version: read.version, timescale: 'May 2018', reason: 'Staff changes' }, 'Dawn Porter');
      const moved = await call('PATCH', `/api/plans/${glos}/actions/4.4`, { version: read.version, timescale: 'May 2018' }, 'Olive Owner');
      expect(moved.status).toBe(200);
      const agreed = await call('POST', `/api/plans/${glos}/actions/4.4/timescale-answer`, { version: moved.json.version, agree: true }, 'Olive Owner');
      expect(agreed.status).toBe(200);
      expect((await action('4.4')).history.map((h: HistoryEntry) => h.kind)).toEqual(['timescale-requested', 'changed', 'timescale-agreed']);
    });
  });

  it("keeps the plan's meetings and serves what changed since the last one", async () => {
    expect((await call('POST', `/api/plans/${glos}/meetings`, { date: '2018-02-12', title: 'Partnership Board' })).status).toBe(201);
    expect((await call('POST', `/api/plans/${glos}/meetings`, { date: '2018-04-09' })).json).toEqual([
      { date: '2018-02-12', source: 'entered', title: 'Partnership Board' },
      { date: '2018-04-09', source: 'entered', title: null },
    ]);
    expect((await call('POST', `/api/plans/${glos}/meetings`, { date: '12/02/2018' })).status).toBe(400);
    const read = await action('5.2');
    await call('PATCH', `/api/plans/${glos}/actions/5.2`, { version: read.version, rag: 'Red' });
    const { status, json } = await call('GET', `/api/plans/${glos}/changes`);
    expect(status).toBe(200);
    expect(json).toMatchObject({ since: '2018-02-12', lastMeeting: { date: '2018-02-12' }, nextMeeting: { date: '2018-04-09' } });
    expect(json.actions.find((a: { ref: string }) => a.ref === '5.2')).toMatchObject({ rag: { was: read.rag, now: 'Red' } });
    expect(json.counts.ragChanged).toBeGreaterThanOrEqual(1);
    expect((await call('GET', `/api/plans/${glos}/changes?since=2018-13-01`)).status).toBe(400);
    expect((await call('DELETE', `/api/plans/${glos}/meetings/2018-04-09`)).json).toHaveLength(1);
  });

  it('lists actions most overdue first, and names the orders it knows', async () => {
    const { json } = await call('GET', `/api/plans/${glos}/actions?order=most-overdue`);
    const days = (json as ActionView[]).map((a) => a.ref);
    expect(days.length).toBe(47);
    const bad = await call('GET', `/api/plans/${glos}/actions?order=worst`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('most-overdue');
  });
});

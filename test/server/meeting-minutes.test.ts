import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlanFile } from '../../src/import/import-file.js';
import type { ActionWithUpdates, PlanSummary } from '../../src/plan/plan.js';
import { createApp } from '../../src/server/create-app.js';
import { close, listen } from '../../src/server/start-server.js';
import { openPlanStore } from '../../src/store/open-store.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { startSharePointHarness, type SharePointHarness } from '../sharepoint/sharepoint-harness.js';
import { localBot } from './local-bot.js';

/*
 * Minutes taken in the meeting, through the API the meeting's side panel uses, against both
 * stores: each is dated with the meeting, and two people minuting the same action at once never
 * lose a write.
 */

const SAMPLE = join(import.meta.dirname, '../../samples/gloucestershire-cse-2017-18.txt');
/** The day after the meeting: the secretary writes up the meeting's minutes. */
const NOW = new Date('2018-03-02T10:00:00Z');
const MEETING = '2018-03-01';

interface Subject {
  store: PlanStore;
  close(): Promise<void>;
}

const STORES: [string, () => Promise<Subject>][] = [
  [
    'SQLite',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'meeting-minutes-'));
      const store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
      return { store, close: async () => { await store.close(); await rm(dir, { recursive: true, force: true }); } };
    },
  ],
  [
    'SharePoint lists',
    async () => {
      const harness: SharePointHarness = await startSharePointHarness();
      return { store: harness.store, close: () => harness.close() };
    },
  ],
];

describe.each(STORES)('minutes taken in the meeting (%s)', (_name, open) => {
  let subject: Subject;
  let server: Server;
  let base: string;
  let planId: string;

  async function call(method: string, path: string, body: unknown, person: string): Promise<{ status: number; json: any }> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'x-test-person': person, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  }
  const action = async (ref: string): Promise<ActionWithUpdates> => (await call('GET', `/api/plans/${planId}/actions/${ref}`, undefined, 'Chair')).json;

  beforeAll(async () => {
    subject = await open();
    const { draft } = await importPlanFile(SAMPLE, { importedAt: '2018-01-05T09:00:00.000Z' });
    await subject.store.importPlan(draft);
    const app = createApp({
      store: subject.store,
      clock: () => NOW,
      identify: async (req) => ({ name: String(req.headers['x-test-person']), userId: null }),
      log: () => {},
      storeKind: 'test',
      bot: localBot(subject.store, () => NOW),
    });
    ({ server, url: base } = await listen(app, '127.0.0.1', 0));
    planId = ((await call('GET', '/api/plans', undefined, 'Chair')).json as PlanSummary[])[0]!.id;
  });

  afterAll(async () => {
    await close(server);
    await subject.close();
  });

  it("dates an update, a RAG change and an agreed new timescale with the meeting's day", async () => {
    expect((await call('POST', `/api/plans/${planId}/actions/3.1/updates`, { text: 'Reported to the board.', date: MEETING }, 'Secretary')).status).toBe(201);
    const before = await action('3.1');
    const rag = await call('PATCH', `/api/plans/${planId}/actions/3.1`, { version: before.version, rag: 'Amber', date: MEETING }, 'Secretary');
    expect(rag.status).toBe(200);
    const moved = await call('PATCH', `/api/plans/${planId}/actions/3.1`, { version: rag.json.version, timescale: 'June 2018', note: 'Agreed by the board', date: MEETING }, 'Secretary');
    expect(moved.status).toBe(200);

    const after = await action('3.1');
    expect(after.updates.at(-1)).toMatchObject({ date: MEETING, text: 'Reported to the board.', origin: 'tab', author: 'Secretary' });
    expect(after.history.slice(-2)).toMatchObject([
      { date: MEETING, origin: 'tab', changes: expect.arrayContaining([expect.objectContaining({ field: 'rag', now: 'Amber' })]) },
      { date: MEETING, origin: 'tab', note: 'Agreed by the board', changes: expect.arrayContaining([expect.objectContaining({ field: 'timescale', now: 'June 2018' })]) },
    ]);
  });

  it('keeps both updates when two people minute the same action at once, in the order they were recorded', async () => {
    const before = await action('3.2');
    const [a, b] = await Promise.all([
      call('POST', `/api/plans/${planId}/actions/3.2/updates`, { text: 'Chair: partners to report in April.', date: MEETING }, 'Chair'),
      call('POST', `/api/plans/${planId}/actions/3.2/updates`, { text: 'Secretary: report template circulated.', date: MEETING }, 'Secretary'),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const after = await action('3.2');
    const added = after.updates.slice(before.updates.length);
    expect(added.map((u) => u.text).sort()).toEqual(['Chair: partners to report in April.', 'Secretary: report template circulated.']);
    const sequences = added.map((u) => u.sequence);
    expect(sequences).toEqual([...sequences].sort((x, y) => x - y));
    expect(new Set(sequences).size).toBe(2);
  });

  it('lets one of two RAG changes made from the same version through and answers the other 409 with the action as it now is', async () => {
    const before = await action('3.3');
    const [a, b] = await Promise.all([
      call('PATCH', `/api/plans/${planId}/actions/3.3`, { version: before.version, rag: 'Red', date: MEETING }, 'Chair'),
      call('PATCH', `/api/plans/${planId}/actions/3.3`, { version: before.version, rag: 'Green', date: MEETING }, 'Secretary'),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [won, lost] = a.status === 200 ? [a, b] : [b, a];
    expect(lost.json.error.code).toBe('version_conflict');
    expect(lost.json.error.message).toMatch(/changed/i);
    expect(lost.json.error.current).toMatchObject({ rag: won.json.rag, version: won.json.version });

    const after = await action('3.3');
    expect(after.rag).toBe(won.json.rag);
    // One entry for the change that went through; the refused one is not written, nor is anything lost.
    expect(after.history.length - before.history.length).toBe(1);
  });
});

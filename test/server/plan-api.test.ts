import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlanFile } from '../../src/import/import-file.js';
import type { ActionView, ActionWithUpdates, PlanSummary } from '../../src/plan/plan.js';
import { createApp } from '../../src/server/create-app.js';
import { close, listen } from '../../src/server/start-server.js';
import { openPlanStore } from '../../src/store/open-store.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { localBot } from './local-bot.js';

const SAMPLES = join(import.meta.dirname, '../../samples');
const NOW = new Date('2017-11-20T10:00:00Z');

let dir: string;
let store: PlanStore;
let server: Server;
let base: string;
let glos: string;
let cheshire: string;

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-api-'));
  store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
  for (const file of ['gloucestershire-cse-2017-18.txt', 'pan-cheshire-cse-2013.txt']) {
    const { draft } = await importPlanFile(join(SAMPLES, file), { importedAt: NOW.toISOString() });
    await store.importPlan(draft);
  }
  const app = createApp({ store, clock: () => NOW, identify: async () => ({ name: 'Jane Price', userId: null }), log: () => {}, storeKind: 'sqlite', bot: localBot(store) });
  ({ server, url: base } = await listen(app, '127.0.0.1', 0));
  const plans = (await call('GET', '/api/plans')).json as PlanSummary[];
  glos = plans.find((p) => p.title.startsWith('Gloucestershire'))!.id;
  cheshire = plans.find((p) => p.title.startsWith('Pan Cheshire'))!.id;
});

afterAll(async () => {
  await close(server);
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('plan API', () => {
  it('lists both sample plans with their action counts', async () => {
    const { status, json } = await call('GET', '/api/plans');
    expect(status).toBe(200);
    const counts = Object.fromEntries((json as PlanSummary[]).map((p) => [p.id, p.actionCount]));
    expect(counts[glos]).toBe(47);
    expect(counts[cheshire]).toBe(28);
  });

  it('filters actions by lead the way managers work', async () => {
    const { json } = await call('GET', `/api/plans/${glos}/actions?lead=${encodeURIComponent('dawn porter')}`);
    expect((json as ActionView[]).map((a) => a.ref)).toEqual(['1.6', '1.9', '1.14']);
  });

  it('combines section, overdue and due-before filters, judged on the day given', async () => {
    const { json } = await call('GET', `/api/plans/${glos}/actions?section=4&overdue=true&today=2018-06-01&dueBefore=2018-01-01`);
    expect((json as ActionView[]).map((a) => a.ref)).toEqual(['4.3', '4.4']);
  });

  it('finds actions changed since a date from their dated updates', async () => {
    const { json } = await call('GET', `/api/plans/${glos}/actions?changedSince=2018-01-01`);
    const refs = (json as ActionView[]).map((a) => a.ref);
    expect(refs).toEqual(expect.arrayContaining(['1.17', '1.18', '4.1', '4.4', '5.5']));
    expect(refs).not.toContain('1.1');
  });

  it('answers a RAG value outside the list with 400 naming it', async () => {
    const { status, json } = await call('GET', `/api/plans/${glos}/actions?rag=Purple`);
    expect(status).toBe(400);
    expect(json.error.message).toContain('"Purple"');
  });

  it('answers an unknown plan with 404 and a JSON error', async () => {
    const { status, json } = await call('GET', '/api/plans/no-such-plan/actions');
    expect(status).toBe(404);
    expect(json.error.code).toBe('plan_not_found');
  });

  it('shows one action with its whole dated history', async () => {
    const { status, json } = await call('GET', `/api/plans/${cheshire}/actions/1.4`);
    expect(status).toBe(200);
    const action = json as ActionWithUpdates;
    expect(action.updates.map((u) => u.date)).toEqual(['2013-02-10', '2013-05-15']);
    expect(action.updates[0]!.author).toBe('PCSG');
  });

  it('records an update once, however often the same key is posted', async () => {
    const body = { text: '1.13 presentation repeated for practice nurses', key: 'test-key-0001' };
    const first = await call('POST', `/api/plans/${glos}/actions/1.13/updates`, body);
    const again = await call('POST', `/api/plans/${glos}/actions/1.13/updates`, body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(first.json.update).toMatchObject({ date: '2017-11-20', author: 'Jane Price', origin: 'tab', dateSource: 'recorded' });
    const { json } = await call('GET', `/api/plans/${glos}/actions/1.13`);
    expect(first.json.update.key).toBe('tab:test-key-0001');
    expect(again.json.update).toEqual(first.json.update);
    expect((json as ActionWithUpdates).updates.filter((u) => u.key === 'tab:test-key-0001')).toHaveLength(1);
  });

  it('answers a replayed key with what was recorded and leaves a later RAG change alone, with or without the old version', async () => {
    const read = (await call('GET', `/api/plans/${glos}/actions/1.4`)).json as ActionWithUpdates;
    const body = { text: 'Escalated at the board', rag: 'Red', version: read.version, key: 'tab:replayed-0001' };
    const first = await call('POST', `/api/plans/${glos}/actions/1.4/updates`, body);
    expect(first.status).toBe(201);
    const green = await call('PATCH', `/api/plans/${glos}/actions/1.4`, { version: first.json.action.version, rag: 'Green' });
    expect(green.status).toBe(200);
    const { version: _old, ...withoutVersion } = body;
    for (const retry of [body, withoutVersion]) {
      const again = await call('POST', `/api/plans/${glos}/actions/1.4/updates`, retry);
      expect(again.status).toBe(200);
      expect(again.json.created).toBe(false);
      expect(again.json.update).toEqual(first.json.update);
      expect(again.json.action).toMatchObject({ rag: 'Green', version: green.json.version });
    }
    const after = (await call('GET', `/api/plans/${glos}/actions/1.4`)).json as ActionWithUpdates;
    expect(after).toMatchObject({ rag: 'Green', version: green.json.version });
  });

  it('refuses a key reused on another action with 409, naming the key and both actions, and records nothing', async () => {
    const key = 'tab:reused-0001';
    expect((await call('POST', `/api/plans/${glos}/actions/1.2/updates`, { text: 'Training booked', key })).status).toBe(201);
    const before = (await call('GET', `/api/plans/${glos}/actions/1.3`)).json as ActionWithUpdates;
    const reused = await call('POST', `/api/plans/${glos}/actions/1.3/updates`, { text: 'Audit complete', rag: 'Complete', key });
    expect(reused.status).toBe(409);
    expect(reused.json.error.code).toBe('key_reused');
    expect(reused.json.error.message).toMatch(/"tab:reused-0001".*\b1\.2\b.*\b1\.3\b/);
    expect((await call('GET', `/api/plans/${glos}/actions/1.3`)).json).toEqual(before);
  });

  it('keeps HTML in an update as text', async () => {
    const text = '<img src=x onerror=alert(1)> delivered';
    const { json } = await call('POST', `/api/plans/${glos}/actions/1.8/updates`, { text });
    expect(json.update.text).toBe(text);
  });

  it('refuses an empty or 10,000-character update, saying why', async () => {
    const empty = await call('POST', `/api/plans/${glos}/actions/1.8/updates`, { text: '   ' });
    const long = await call('POST', `/api/plans/${glos}/actions/1.8/updates`, { text: 'x'.repeat(10_000) });
    expect(empty.status).toBe(400);
    expect(empty.json.error.message).toContain('needs some text');
    expect(long.status).toBe(400);
    expect(long.json.error.message).toContain('at most 2,000 characters');
  });

  it('changes RAG with the version read, and answers a stale version with 409 and the current action', async () => {
    const before = (await call('GET', `/api/plans/${glos}/actions/2.3`)).json as ActionWithUpdates;
    const first = await call('PATCH', `/api/plans/${glos}/actions/2.3`, { version: before.version, rag: 'Amber' });
    expect(first.status).toBe(200);
    expect(first.json.rag).toBe('Amber');
    const stale = await call('PATCH', `/api/plans/${glos}/actions/2.3`, { version: before.version, rag: 'Red' });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe('version_conflict');
    expect(stale.json.error.current.rag).toBe('Amber');
  });

  it('answers a PATCH with a stale version with 409 even when the value asked for is already current', async () => {
    const before = (await call('GET', `/api/plans/${glos}/actions/1.5`)).json as ActionWithUpdates;
    const changed = await call('PATCH', `/api/plans/${glos}/actions/1.5`, { version: before.version, rag: 'Red' });
    expect(changed.status).toBe(200);
    for (const ask of [{ rag: 'Red' }, { timescale: before.timescale.asWritten }]) {
      const stale = await call('PATCH', `/api/plans/${glos}/actions/1.5`, { version: before.version, ...ask });
      expect(stale.status).toBe(409);
      expect(stale.json.error).toMatchObject({ code: 'version_conflict', current: { rag: 'Red', version: changed.json.version } });
    }
    const current = await call('PATCH', `/api/plans/${glos}/actions/1.5`, { version: changed.json.version, rag: 'Red' });
    expect(current.status).toBe(200);
    expect(current.json.version).toBe(changed.json.version);
  });

  it('reads a changed timescale beside its words', async () => {
    const before = (await call('GET', `/api/plans/${glos}/actions/4.5`)).json as ActionWithUpdates;
    const { json } = await call('PATCH', `/api/plans/${glos}/actions/4.5`, { version: before.version, timescale: 'Q3 2018/19' });
    expect(json.timescale).toMatchObject({ asWritten: 'Q3 2018/19', reading: { kind: 'due', due: '2018-12-31' } });
  });

  it('answers malformed JSON with 400, not a stack trace', async () => {
    const { status, json } = await call('POST', `/api/plans/${glos}/actions/1.8/updates`, '{"text": ');
    expect(status).toBe(400);
    expect(json.error.code).toBe('invalid_input');
  });
});

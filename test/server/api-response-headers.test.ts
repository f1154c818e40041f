import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlanFile } from '../../src/import/import-file.js';
import { createApp } from '../../src/server/create-app.js';
import { close, listen } from '../../src/server/start-server.js';
import { openPlanStore } from '../../src/store/open-store.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { localBot } from './local-bot.js';

/*
 * Answers that carry plan content are neither sniffed into another type (a text value read as
 * HTML) nor kept by a browser or a proxy after the person has gone: safeguarding data stays where
 * it is asked for.
 */

const SAMPLE = join(import.meta.dirname, '../../samples/gloucestershire-cse-2017-18.txt');
const NOW = new Date('2017-11-20T10:00:00Z');

let dir: string;
let store: PlanStore;
let server: Server;
let base: string;
let planId: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-headers-'));
  store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
  const { draft } = await importPlanFile(SAMPLE, { importedAt: NOW.toISOString() });
  planId = (await store.importPlan(draft)).id;
  const app = createApp({ store, clock: () => NOW, identify: async () => ({ name: 'Jane Price', userId: null }), log: () => {}, storeKind: 'sqlite', bot: localBot(store) });
  ({ server, url: base } = await listen(app, '127.0.0.1', 0));
});

afterAll(async () => {
  await close(server);
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('API answers', () => {
  const paths = () => [
    ['the plan list', '/api/plans'],
    ['a plan', `/api/plans/${planId}`],
    ['its actions', `/api/plans/${planId}/actions`],
    ['one action', `/api/plans/${planId}/actions/1.1`],
    ['the export', `/api/plans/${planId}/export`],
    ['a refusal naming a RAG value', `/api/plans/${planId}/actions?rag=Purple`],
    ['an unknown plan', '/api/plans/no-such-plan'],
    ['an unknown API path', '/api/nothing-here'],
  ];

  it('are never sniffed and never cached, whether they carry the plan or an error about it', async () => {
    for (const [what, path] of paths()) {
      const res = await fetch(`${base}${path}`);
      await res.arrayBuffer();
      expect({ what, nosniff: res.headers.get('x-content-type-options'), cache: res.headers.get('cache-control') }).toEqual({
        what,
        nosniff: 'nosniff',
        cache: 'no-store',
      });
    }
  });

  it('holds for writes too', async () => {
    const res = await fetch(`${base}/api/plans/${planId}/actions/1.1/updates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Discussed at the board.', key: 'headers-test-1' }),
    });
    await res.arrayBuffer();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

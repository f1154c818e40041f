import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPlanFile } from '../../src/import/import-file.js';
import { createApp } from '../../src/server/create-app.js';
import { StoreReadiness } from '../../src/server/readiness.js';
import { close, listen } from '../../src/server/start-server.js';
import { openPlanStore } from '../../src/store/open-store.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { localBot } from './local-bot.js';

/*
 * Liveness and readiness probes come every few seconds from each load balancer and orchestrator,
 * without a sign-in. In tenant mode every store request is a SharePoint request paid from the
 * tenant's budget, so: /api/health asks the store nothing, and /api/ready asks it at most once per
 * interval however often it is probed, answering 503 until a check has succeeded. The store here
 * is wrapped so that every call to it, of any method, is counted.
 */

const SAMPLE = join(import.meta.dirname, '../../samples/gloucestershire-cse-2017-18.txt');
const MINUTE = 60_000;

/** The store with every method call counted; `gate`, when set, holds countPlans until it resolves. */
function counting(store: PlanStore): { store: PlanStore; calls: string[]; gate: { wait: Promise<void> | null; fail: Error | null } } {
  const calls: string[] = [];
  const gate: { wait: Promise<void> | null; fail: Error | null } = { wait: null, fail: null };
  const wrapped = new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        calls.push(String(property));
        if (property === 'countPlans') {
          if (gate.wait) await gate.wait;
          if (gate.fail) throw gate.fail;
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: wrapped, calls, gate };
}

let dir: string;
let inner: PlanStore;
let server: Server | null;
let base: string;
let now: number;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-ready-'));
  inner = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
  const { draft } = await importPlanFile(SAMPLE, { importedAt: '2018-01-05T09:00:00.000Z' });
  await inner.importPlan(draft);
  now = Date.parse('2026-03-02T09:00:00Z');
  server = null;
});

afterEach(async () => {
  if (server) await close(server);
  await inner.close();
  await rm(dir, { recursive: true, force: true });
});

async function serve(store: PlanStore, readiness?: StoreReadiness): Promise<void> {
  const app = createApp({
    store,
    clock: () => new Date(now),
    identify: async () => ({ name: 'Probe', userId: null }),
    log: () => {},
    storeKind: 'sqlite',
    bot: localBot(store),
    ...(readiness && { readiness }),
  });
  ({ server, url: base } = await listen(app, '127.0.0.1', 0));
}

async function get(path: string): Promise<{ status: number; json: Record<string, unknown>; retryAfter: string | null }> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, retryAfter: res.headers.get('retry-after') };
}

describe('GET /api/health (liveness)', () => {
  it('answers 200 to 200 probes, some at once, with no store call at all', async () => {
    const { store, calls } = counting(inner);
    await serve(store);
    calls.length = 0;
    const answers = await Promise.all(Array.from({ length: 100 }, () => get('/api/health')));
    for (let i = 0; i < 100; i += 1) answers.push(await get('/api/health'));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers[0]!.json).toEqual({ status: 'ok', store: 'sqlite', plans: null });
    expect(calls).toEqual([]);
  });

  it('reports the plan count of the last readiness check, still asking the store nothing', async () => {
    const { store, calls } = counting(inner);
    const readiness = new StoreReadiness({ check: () => store.countPlans(), now: () => now });
    await serve(store, readiness);
    await readiness.checkNow();
    calls.length = 0;
    for (let i = 0; i < 20; i += 1) expect((await get('/api/health')).json).toEqual({ status: 'ok', store: 'sqlite', plans: 1 });
    expect(calls).toEqual([]);
  });

  it('answers even while the store hangs', async () => {
    const { store, gate } = counting(inner);
    gate.wait = new Promise(() => {});
    await serve(store, new StoreReadiness({ check: () => store.countPlans(), now: () => now, waitMs: 20 }));
    expect((await get('/api/ready')).status).toBe(503);
    expect((await get('/api/health')).status).toBe(200);
  });
});

describe('GET /api/ready (readiness)', () => {
  it('asks the store once for 300 probes within the interval, and once more for 300 in the next', async () => {
    const { store, calls } = counting(inner);
    await serve(store, new StoreReadiness({ check: () => store.countPlans(), now: () => now, everyMs: 5 * MINUTE }));
    calls.length = 0;
    // The first probes arrive together: they share one check.
    const first = await Promise.all(Array.from({ length: 100 }, () => get('/api/ready')));
    expect(first.every((a) => a.status === 200)).toBe(true);
    expect(first[0]!.json).toMatchObject({ status: 'ready', ready: true, store: 'sqlite', plans: 1, checkedAt: '2026-03-02T09:00:00.000Z' });
    for (let i = 0; i < 200; i += 1) {
      now += 1_000; // 200 s: still inside the 5 minutes
      expect((await get('/api/ready')).status).toBe(200);
    }
    expect(calls).toEqual(['countPlans']);

    now += 101_000; // past the interval
    for (let i = 0; i < 300; i += 1) expect((await get('/api/ready')).status).toBe(200);
    expect(calls).toEqual(['countPlans', 'countPlans']);
    expect((await get('/api/ready')).json.checkedAt).toBe('2026-03-02T09:05:01.000Z');
  });

  it('is 503 with a reason before the first check has succeeded, then 200 once it has', async () => {
    const { store, calls, gate } = counting(inner);
    let open!: () => void;
    gate.wait = new Promise((resolve) => (open = resolve));
    await serve(store, new StoreReadiness({ check: () => store.countPlans(), now: () => now, waitMs: 50 }));
    calls.length = 0;
    const waiting = await Promise.all(Array.from({ length: 20 }, () => get('/api/ready')));
    for (const answer of waiting) {
      expect(answer.status).toBe(503);
      expect(answer.json).toMatchObject({ status: 'not ready', ready: false, checkedAt: null, reason: 'the store has not answered within 50 ms' });
      expect(answer.retryAfter).toBe('30');
    }
    // Twenty impatient probes, and still the one request the store has not answered.
    expect(calls).toEqual(['countPlans']);
    open();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await get('/api/ready')).json).toMatchObject({ status: 'ready', plans: 1 });
    expect(calls).toEqual(['countPlans']);
  });

  it('is 503 naming the kind of failure when the store refuses, re-asking at most every 30 s meanwhile', async () => {
    const { store, calls, gate } = counting(inner);
    const logged: string[] = [];
    gate.fail = new TypeError('fetch failed: SharePoint answered 503 for list Actions');
    await serve(store, new StoreReadiness({ check: () => store.countPlans(), now: () => now, log: (line) => logged.push(line) }));
    calls.length = 0;
    const refused = await get('/api/ready');
    expect(refused.status).toBe(503);
    expect(refused.json).toMatchObject({ status: 'not ready', reason: 'the store did not answer (TypeError)', checkedAt: '2026-03-02T09:00:00.000Z' });
    // The message is for the operator's log, not for whoever probes.
    expect(JSON.stringify(refused.json)).not.toContain('Actions');
    expect(logged).toEqual(['ready: the store check failed: fetch failed: SharePoint answered 503 for list Actions']);
    for (let i = 0; i < 50; i += 1) expect((await get('/api/ready')).status).toBe(503);
    expect(calls).toEqual(['countPlans']);

    gate.fail = null;
    now += 30_000;
    await get('/api/ready'); // starts the re-check, answered from the cache
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await get('/api/ready')).status).toBe(200);
    expect(calls).toEqual(['countPlans', 'countPlans']);
  });

  it('is made at start by the server (compose.ts), which fails to start when the store cannot be reached', async () => {
    const { store, calls, gate } = counting(inner);
    const readiness = new StoreReadiness({ check: () => store.countPlans(), now: () => now });
    await serve(store, readiness);
    expect(await readiness.checkNow()).toBe(1);
    calls.length = 0;
    expect((await get('/api/ready')).status).toBe(200);
    expect(calls).toEqual([]);

    gate.fail = new Error('unable to open database file');
    const broken = new StoreReadiness({ check: () => store.countPlans(), now: () => now });
    await expect(broken.checkNow()).rejects.toThrow('unable to open database file');
    expect(broken.lastKnown()).toMatchObject({ ready: false, reason: 'the store did not answer (Error)' });
  });
});

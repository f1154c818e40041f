import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runBatch, type BatchStep } from '../../src/graph/graph-batch.js';
import { createGraphHttp, type GraphHttp, type RequestEvent } from '../../src/graph/graph-http.js';
import { graphCollect } from '../../src/graph/graph-paging.js';
import { HttpError } from '../../src/graph/http-error.js';
import { VirtualPacingClock } from '../../src/graph/pacing-clock.js';
import { ResourceUnitPacer } from '../../src/graph/resource-unit-pacer.js';
import { resourceUnitsFor } from '../../src/graph/resource-units.js';
import { parseRetryAfter } from '../../src/graph/retry-policy.js';
import { z } from 'zod';
import { startGraphTestServer, type GraphTestServer } from '../graph-server/graph-test-server.js';
import type { ListModel } from '../graph-server/sharepoint-site.js';

let server: GraphTestServer;
let numbers: ListModel;

beforeAll(async () => {
  server = await startGraphTestServer({ maxPageSize: 1000 });
  numbers = server.site.createList({
    displayName: 'Numbers',
    columns: [
      { name: 'N', number: {}, indexed: true },
      { name: 'Key', text: {}, indexed: true, enforceUniqueValues: true },
    ],
  });
  server.site.seedItems(
    numbers,
    Array.from({ length: 12_000 }, (_, i) => ({ Title: `n${i}`, N: i, Key: `k${i}` })),
  );
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.faults.clear();
  server.resetLog();
});

function http(options: { clock?: VirtualPacingClock; maxAttempts?: number; events?: RequestEvent[]; pacer?: ResourceUnitPacer } = {}): GraphHttp {
  return createGraphHttp({
    getToken: async () => 'test-token',
    graphBaseUrl: server.graphBaseUrl,
    clock: options.clock ?? new VirtualPacingClock(),
    retry: { maxAttempts: options.maxAttempts ?? 4, baseDelayMs: 500 },
    random: () => 0.5,
    pacer: options.pacer ?? null,
    onRequest: (e) => options.events?.push(e),
  });
}

const createStep = (i: number): BatchStep => ({
  id: `c${i}`,
  method: 'POST',
  url: `/sites/${server.siteId}/lists/${numbers.id}/items`,
  body: { fields: { Title: `batch ${i}`, N: 100_000 + i } },
});

const itemsUrl = (query: string): string => `/sites/${server.siteId}/lists/${numbers.id}/items?${query}`;
const numberItem = z.object({ id: z.string(), fields: z.object({ N: z.number() }) });

describe('paging through @odata.nextLink', () => {
  it('reads all 12,000 items of a list in ceil(12,000 / page) requests, following nextLink to the end', async () => {
    const items = await graphCollect(http(), itemsUrl('$expand=fields($select=N)&$top=5000'), numberItem);
    expect(items).toHaveLength(12_000);
    expect(new Set(items.map((i) => i.fields.N)).size).toBe(12_000);
    // The server caps pages at 1,000 below the 5,000 asked: the client never assumes the size.
    expect(server.requestCount()).toBe(12);
  });

  it('filters on an indexed column without the Prefer header and gets only matching items', async () => {
    const items = await graphCollect(http(), itemsUrl(`$expand=fields($select=N)&$filter=${encodeURIComponent('fields/N ge 11990')}`), numberItem);
    expect(items.map((i) => i.fields.N)).toEqual(Array.from({ length: 10 }, (_, i) => 11_990 + i));
  });

  it('is refused a filter on a column that is not indexed, as SharePoint refuses it', async () => {
    const error = await graphCollect(http(), itemsUrl(`$filter=${encodeURIComponent("fields/Title eq 'n5'")}`), numberItem).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(400);
    expect((error as HttpError).serverMessage).toContain('HonorNonIndexedQueriesWarningMayFailRandomly');
  });
});

describe('retries', () => {
  it('waits exactly the Retry-After of a 429 and a 503, then succeeds', async () => {
    const clock = new VirtualPacingClock();
    server.faults.failNext(1, { status: 429, retryAfterSeconds: 7 });
    server.faults.failNext(1, { status: 503, retryAfterSeconds: 3 });
    const reply = await http({ clock }).send({ method: 'GET', url: `/sites/${server.siteId}` });
    expect(reply.status).toBe(200);
    expect(reply.attempts).toBe(3);
    expect(clock.sleeps).toEqual([7000, 3000]);
  });

  it('backs off exponentially with jitter when the server gives no Retry-After', async () => {
    const clock = new VirtualPacingClock();
    server.faults.failNext(2, { status: 503 });
    await http({ clock }).send({ method: 'GET', url: `/sites/${server.siteId}` });
    // base 500 ms, then 1,000 ms; with random() = 0.5 each wait is three quarters of its ceiling.
    expect(clock.sleeps).toEqual([375, 750]);
  });

  it('gives up after the attempt limit with an HttpError naming status, code, request and attempts', async () => {
    server.faults.failNext(10, { status: 429, retryAfterSeconds: 2 });
    const error = await http({ maxAttempts: 3 })
      .send({ method: 'GET', url: `/sites/${server.siteId}/lists?secret=Jane%20Price` })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    const e = error as HttpError;
    expect([e.status, e.code, e.attempts, e.retryAfterSeconds]).toEqual([429, 'activityLimitReached', 3, 2]);
    expect(e.request.method).toBe('GET');
    expect(e.message).toContain(`/v1.0/sites/${server.siteId}/lists?…`);
    expect(e.message).not.toContain('Jane');
    expect(server.requestCount()).toBe(3);
  });

  it('does not retry a 504 on a POST, which may have been carried out', async () => {
    server.faults.failNext(1, { status: 504 });
    const error = await http().send({ method: 'POST', url: `/sites/${server.siteId}/lists/${numbers.id}/items`, body: { fields: { N: -1 } } }).catch((e: unknown) => e);
    expect((error as HttpError).status).toBe(504);
    expect(server.requestCount()).toBe(1);
  });

  it('never retries an aborted request, and the abort stays an abort', async () => {
    const controller = new AbortController();
    server.faults.failNext(1, { status: 429, retryAfterSeconds: 30 });
    const clock = new VirtualPacingClock();
    clock.sleep = async (_ms, signal) => {
      controller.abort(new DOMException('stopped by the user', 'AbortError'));
      if (signal?.aborted) throw signal.reason;
    };
    const error = await http({ clock }).send({ method: 'GET', url: `/sites/${server.siteId}`, signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(server.requestCount()).toBe(1);
  });

  it('honours a real Retry-After of one second', async () => {
    server.faults.failNext(1, { status: 429, retryAfterSeconds: 1 });
    const real = createGraphHttp({ getToken: async () => 't', graphBaseUrl: server.graphBaseUrl });
    const started = Date.now();
    await real.send({ method: 'GET', url: `/sites/${server.siteId}` });
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });
});

describe('authentication errors', () => {
  it('turns a 401 into an HttpError with Graph’s code and no retry', async () => {
    const anonymous = createGraphHttp({ getToken: async () => '', graphBaseUrl: server.graphBaseUrl, clock: new VirtualPacingClock() });
    const error = await anonymous.send({ method: 'GET', url: `/sites/${server.siteId}` }).catch((e: unknown) => e);
    expect([(error as HttpError).status, (error as HttpError).code, (error as HttpError).attempts]).toEqual([401, 'InvalidAuthenticationToken', 1]);
  });
});

describe('$batch', () => {
  it('sends 45 creates as three batches of at most 20 and matches responses by id', async () => {
    const steps = Array.from({ length: 45 }, (_, i) => createStep(i));
    const outcomes = await runBatch(http(), steps);
    expect([...outcomes.values()].every((o) => o.status === 201)).toBe(true);
    const batches = server.log.filter((l) => l.path === '/v1.0/$batch');
    expect(batches.map((b) => b.batchSize)).toEqual([20, 20, 5]);
    const body = outcomes.get('c44')?.body as { fields: { N: number } };
    expect(body.fields.N).toBe(100_044);
  });

  it('retries inner 429s after their Retry-After, and only them', async () => {
    const clock = new VirtualPacingClock();
    server.faults.failNextInner(3, { status: 429, retryAfterSeconds: 5 });
    const steps = Array.from({ length: 10 }, (_, i) => createStep(200 + i));
    const outcomes = await runBatch(http({ clock }), steps);
    expect([...outcomes.values()].map((o) => o.status)).toEqual(Array(10).fill(201));
    expect(clock.sleeps).toEqual([5000]);
    expect(server.log.filter((l) => l.path === '/v1.0/$batch').map((b) => b.batchSize)).toEqual([10, 3]);
  });

  it('keeps dependent requests in one batch, and a failed prerequisite gives its dependant 424', async () => {
    const list = `/sites/${server.siteId}/lists/${numbers.id}/items`;
    const steps: BatchStep[] = [
      { id: 'a', method: 'POST', url: list, body: { fields: { Key: 'k1' } } },
      { id: 'b', method: 'POST', url: list, body: { fields: { N: 1 } }, dependsOn: ['a'] },
    ];
    const outcomes = await runBatch(http(), steps);
    expect(outcomes.get('a')?.status).toBe(400);
    expect(outcomes.get('b')?.status).toBe(424);
  });

  it('refuses more than 20 requests in one batch, as Graph does', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: `/sites/${server.siteId}` }));
    const error = await http().send({ method: 'POST', url: '/$batch', body: { requests } }).catch((e: unknown) => e);
    expect((error as HttpError).status).toBe(400);
  });
});

describe('resource-unit pacer', () => {
  it('spends no more than the budget in any window, waiting for the oldest spend to age out', async () => {
    const clock = new VirtualPacingClock();
    const pacer = new ResourceUnitPacer({ budget: 10, windowMs: 60_000, clock, utilisation: 1 });
    for (let i = 0; i < 5; i += 1) await pacer.acquire(2);
    expect(clock.now()).toBe(0);
    await pacer.acquire(2);
    expect(clock.now()).toBe(60_000);
    expect(pacer.spentInWindow()).toBe(2);
  });

  it('believes RateLimit headers: remaining 0 waits for the reset', async () => {
    const clock = new VirtualPacingClock();
    const pacer = new ResourceUnitPacer({ budget: 1000, clock });
    pacer.observe(new Headers({ 'RateLimit-Limit': '600', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '31' }));
    expect(pacer.budget).toBe(600 * pacer.utilisation);
    await pacer.acquire(2);
    expect(clock.now()).toBe(31_000);
  });

  it('pauses every request after a 429 with Retry-After', async () => {
    const clock = new VirtualPacingClock();
    const pacer = new ResourceUnitPacer({ budget: 1000, clock });
    pacer.pauseFor(4000);
    await pacer.acquire(1);
    expect(clock.now()).toBe(4000);
  });

  it('charges a $batch the sum of its requests: 20 writes are 40 resource units', async () => {
    const events: RequestEvent[] = [];
    const pacer = new ResourceUnitPacer({ budget: 10_000, clock: new VirtualPacingClock() });
    await runBatch(http({ events, pacer }), Array.from({ length: 20 }, (_, i) => createStep(300 + i)));
    expect(events.map((e) => e.resourceUnits)).toEqual([40]);
    expect(pacer.stats.spentUnits).toBe(40);
  });
});

describe('what a request costs and how long to wait', () => {
  it('counts 1 resource unit for a single item, 2 for a collection or any write, 5 for permissions', () => {
    expect(resourceUnitsFor('GET', '/sites/s/lists/l/items/7?$expand=fields')).toBe(1);
    expect(resourceUnitsFor('GET', '/sites/s/lists/l/items?$top=999')).toBe(2);
    // A delta query: 2 for the first round, 1 with a token.
    expect(resourceUnitsFor('GET', '/sites/s/lists/l/items/delta?$expand=fields')).toBe(2);
    expect(resourceUnitsFor('GET', 'https://graph.microsoft.com/v1.0/sites/s/lists/l/items/delta?token=abc')).toBe(1);
    expect(resourceUnitsFor('PATCH', '/sites/s/lists/l/items/7/fields')).toBe(2);
    expect(resourceUnitsFor('GET', '/sites/s/permissions')).toBe(5);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(parseRetryAfter('31', now)).toBe(31);
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:10 GMT', now)).toBe(10);
    expect(parseRetryAfter('soon', now)).toBeNull();
  });

  it('answers a token without permission with 403 accessDenied in Graph’s error format', async () => {
    const guarded = await startGraphTestServer({ authorize: (token) => (token === 'reader' ? 'forbidden' : 'ok') });
    try {
      const reader = createGraphHttp({ getToken: async () => 'reader', graphBaseUrl: guarded.graphBaseUrl, clock: new VirtualPacingClock() });
      const error = await reader.send({ method: 'GET', url: `/sites/${guarded.siteId}` }).catch((e: unknown) => e);
      expect([(error as HttpError).status, (error as HttpError).code]).toEqual([403, 'accessDenied']);
      expect((error as HttpError).requestId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await guarded.close();
    }
  });
});

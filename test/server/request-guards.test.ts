import { request as httpRequest, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAppConfig } from '../../src/config/app-config.js';
import { createApp } from '../../src/server/create-app.js';
import { close, listen } from '../../src/server/start-server.js';
import { openPlanStore } from '../../src/store/open-store.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { seedSamples } from '../../src/service/seed-samples.js';
import { localBot } from './local-bot.js';

/*
 * DNS rebinding against the local server: a page whose name an attacker resolves to 127.0.0.1 is
 * served by this server from the person's own browser. Such requests carry the attacker's name as
 * Host, and the page's origin as Origin. Neither reads nor changes anything.
 */
const NOW = new Date('2018-03-01T12:00:00Z');
let store: PlanStore;
let server: Server;
let port: number;
let planId: string;

/** A raw request, so Host and Origin are exactly what a browser on a rebinding page would send. */
function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers } }, (res) => {
      let data = '';
      res.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  store = await openPlanStore({ kind: 'sqlite', path: ':memory:' });
  await seedSamples(store, () => {}, NOW);
  planId = (await store.listPlans())[0]!.id;
  const config = readAppConfig({ PLAN_ALLOWED_HOSTS: 'plans.local' });
  const app = createApp({ store, clock: () => NOW, identify: async () => ({ name: 'Local demo user', userId: null }), log: () => {}, storeKind: 'sqlite', allowedHosts: config.allowedHosts, bot: localBot(store) });
  let url: string;
  ({ server, url } = await listen(app, '127.0.0.1', 0));
  port = Number(new URL(url).port);
});

afterAll(async () => {
  await close(server);
  await store.close();
});

describe('the local server against DNS rebinding', () => {
  it('answers requests addressed to its loopback names and the names configured for it', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `plans.local:${port}`]) {
      expect((await send('GET', '/api/plans', { host })).status, host).toBe(200);
    }
  });

  it('reads nothing for a request addressed to another name, as a rebinding page sends', async () => {
    const answer = await send('GET', `/api/plans/${planId}/export`, { host: `attacker.example:${port}` });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'host_not_allowed' } });
    expect(answer.body).not.toContain('Gloucestershire');
  });

  it('changes nothing for a state-changing request from another origin, even to an allowed name', async () => {
    const before = await store.exportPlan(planId);
    const ref = before!.actions[0]!.ref;
    const answer = await send('POST', `/api/plans/${planId}/actions/${encodeURIComponent(ref)}/updates`, { host: `127.0.0.1:${port}`, origin: 'http://attacker.example' }, JSON.stringify({ text: 'Marked complete by a stranger', rag: 'Complete' }));
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'origin_not_allowed' } });
    const cross = await send('POST', `/api/plans/${planId}/actions/${encodeURIComponent(ref)}/updates`, { host: `127.0.0.1:${port}`, 'sec-fetch-site': 'cross-site' }, JSON.stringify({ text: 'x' }));
    expect(cross.status).toBe(403);
    expect(await store.exportPlan(planId)).toEqual(before);
  });

  it('lets the tab served by the server, and clients that are not browsers, record updates', async () => {
    const ref = (await store.exportPlan(planId))!.actions[0]!.ref;
    const tab = await send('POST', `/api/plans/${planId}/actions/${encodeURIComponent(ref)}/updates`, { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` }, JSON.stringify({ text: 'From the tab' }));
    expect(tab.status).toBe(201);
    const script = await send('POST', `/api/plans/${planId}/actions/${encodeURIComponent(ref)}/updates`, { host: `127.0.0.1:${port}` }, JSON.stringify({ text: 'From a script' }));
    expect(script.status).toBe(201);
  });

  it('refuses a host list that is not names', () => {
    expect(() => readAppConfig({ PLAN_ALLOWED_HOSTS: 'plans.local; rm -rf /' })).toThrow(/PLAN_ALLOWED_HOSTS must be host names/);
  });
});

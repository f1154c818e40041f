import express from 'express';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listNotificationRoutes } from '../../src/server/list-notifications.js';
import { close, listen } from '../../src/server/start-server.js';

// As learn.microsoft.com/graph/change-notifications-delivery-webhooks describes the two requests Graph sends.
let server: Server;
let base: string;
const changed: string[][] = [];

beforeAll(async () => {
  const app = express();
  app.use(express.json());
  app.use('/api/sharepoint/notifications', listNotificationRoutes({ clientState: 'secret-of-the-subscription', onChange: (ids) => changed.push([...ids]) }));
  ({ server, url: base } = await listen(app, '127.0.0.1', 0));
});

afterAll(async () => {
  await close(server);
});

describe('Graph change notifications for the plan lists', () => {
  it('answers the validation request with the token, decoded, as text/plain', async () => {
    const token = 'Validation: Testing client application reachability for subscription Request-Id: 1d9f3c9e';
    const res = await fetch(`${base}/api/sharepoint/notifications?validationToken=${encodeURIComponent(token)}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(token);
  });

  it('accepts a notification at once with 202 and asks for a sync, only for its own clientState', async () => {
    const post = (body: unknown) => fetch(`${base}/api/sharepoint/notifications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const ours = await post({ value: [{ subscriptionId: 'sub-1', clientState: 'secret-of-the-subscription', changeType: 'updated', resource: 'sites/s/lists/l', tenantId: 't' }] });
    expect(ours.status).toBe(202);
    const forged = await post({ value: [{ subscriptionId: 'sub-2', clientState: 'a guess', changeType: 'updated', resource: 'sites/s/lists/l' }] });
    expect(forged.status).toBe(202);
    expect(changed).toEqual([['sub-1']]);
    expect((await post({ nothing: true })).status).toBe(400);
  });
});

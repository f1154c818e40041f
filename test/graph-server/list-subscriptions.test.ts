import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startGraphTestServer, type GraphTestServer, type GraphTestServerOptions } from './graph-test-server.js';
import { LIST_SUBSCRIPTION_MAX_MINUTES } from './list-subscriptions.js';
import { callGraph as call, type GraphAnswer } from './graph-call.js';
import { appToken, mintToken, TEST_APP_ID, type SiteRole } from './permissions.js';
import type { ListModel } from './sharepoint-site.js';

/**
 * Change notifications on a SharePoint list through Graph subscriptions, on the local Graph: the
 * validation handshake, notifications that say only that the list changed (with the clientState),
 * renewal within 42,300 minutes, and 403 for an app without Sites.ReadWrite.All, so the product can
 * fall back to polling delta.
 */

let server: GraphTestServer | null = null;
const receivers: Receiver[] = [];

afterEach(async () => {
  await server?.close();
  server = null;
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function start(options: GraphTestServerOptions = {}): Promise<GraphTestServer> {
  server = await startGraphTestServer(options);
  return server;
}

interface Received {
  query: URLSearchParams;
  contentType: string;
  body: string;
  at: number;
}

type ValidationMode = 'echo' | 'fail' | 'wrong-token' | 'json' | 'silent';

/** The app's webhook endpoint: answers validation as told, acknowledges notifications with 202, or hangs. */
interface Receiver {
  url: string;
  validation: ValidationMode;
  /** Leave notifications unanswered (a slow endpoint). */
  hangNotifications: boolean;
  validations: Received[];
  notifications: Received[];
  close(): Promise<void>;
}

async function startReceiver(validation: ValidationMode = 'echo'): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    validation,
    hangNotifications: false,
    validations: [],
    notifications: [],
    close: async () => {},
  };
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const received: Received = { query: url.searchParams, contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      const token = url.searchParams.get('validationToken');
      if (token !== null) {
        receiver.validations.push(received);
        if (receiver.validation === 'silent') return;
        if (receiver.validation === 'fail') res.writeHead(500).end();
        else if (receiver.validation === 'wrong-token') res.writeHead(200, { 'Content-Type': 'text/plain' }).end(encodeURIComponent(token));
        else if (receiver.validation === 'json') res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(token));
        else res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end(token);
        return;
      }
      receiver.notifications.push(received);
      if (!receiver.hangNotifications) res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/notifications?source=plans`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      http.closeAllConnections();
      http.close(() => resolve());
    });
  receivers.push(receiver);
  return receiver;
}

/** An app granted Sites.ReadWrite.All, which Learn names for list subscriptions. */
const readWrite = appToken('graph', ['Sites.ReadWrite.All']);
const graphError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const subscriptionSchema = z.object({
  id: z.string(),
  resource: z.string(),
  changeType: z.string(),
  clientState: z.string().nullable(),
  notificationUrl: z.string(),
  lifecycleNotificationUrl: z.string().nullable(),
  expirationDateTime: z.string(),
  applicationId: z.string(),
  creatorId: z.string(),
});
const notificationsSchema = z.object({ value: z.array(z.record(z.string(), z.unknown())) });

const inMinutes = (minutes: number): string => new Date(Date.now() + minutes * 60_000).toISOString();

function actions(s: GraphTestServer): ListModel {
  const list = s.site.createList({ displayName: 'Actions', columns: [{ name: 'Rag', choice: { choices: ['Red', 'Amber', 'Green'] } }] });
  s.site.seedItems(list, [{ Title: 'One', Rag: 'Red' }, { Title: 'Two', Rag: 'Red' }]);
  return list;
}

function request(s: GraphTestServer, list: ListModel, receiver: Receiver, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    changeType: 'updated',
    notificationUrl: receiver.url,
    resource: `sites/${s.siteId}/lists/${list.id}`,
    expirationDateTime: inMinutes(60 * 24),
    clientState: 'plans-secret',
    ...extra,
  };
}

async function subscribe(s: GraphTestServer, body: Record<string, unknown>, token = readWrite): Promise<GraphAnswer> {
  return call(`${s.graphBaseUrl}/subscriptions`, token, 'POST', body);
}

const dawn = { id: '0b5e9999-7c1d-4e2f-9a3b-5c6d7e8f9a0b', displayName: 'Dawn Porter', email: 'dawn.porter@glos.example' };

describe('list subscriptions: the validation handshake', () => {
  it('creates the subscription once the endpoint echoes the validation token as text/plain with 200', async () => {
    const s = await start();
    const list = actions(s);
    const receiver = await startReceiver();
    const answer = await subscribe(s, request(s, list, receiver));
    expect(answer.status).toBe(201);
    const sub = subscriptionSchema.parse(answer.body);
    expect(sub).toMatchObject({ resource: `sites/${s.siteId}/lists/${list.id}`, changeType: 'updated', clientState: 'plans-secret', applicationId: TEST_APP_ID, lifecycleNotificationUrl: null });

    // One POST to notificationUrl?validationToken=..., keeping the URL's own query, as text/plain.
    expect(receiver.validations).toHaveLength(1);
    const validation = receiver.validations[0];
    expect(validation?.query.get('source')).toBe('plans');
    expect(validation?.query.get('validationToken')).toMatch(/^Validation: Testing client application reachability for subscription Request-Id: /);
    expect(validation?.contentType).toMatch(/^text\/plain/);
    expect(receiver.notifications).toEqual([]);
  });

  it('validates the lifecycleNotificationUrl too, and sends reauthorizationRequired there when asked', async () => {
    const s = await start();
    const list = actions(s);
    const receiver = await startReceiver();
    const lifecycle = await startReceiver();
    const answer = await subscribe(s, request(s, list, receiver, { lifecycleNotificationUrl: lifecycle.url }));
    expect(answer.status).toBe(201);
    const sub = subscriptionSchema.parse(answer.body);
    expect(lifecycle.validations).toHaveLength(1);

    s.subscriptions.sendLifecycleNotification(sub.id);
    await s.subscriptions.settled();
    expect(notificationsSchema.parse(JSON.parse(lifecycle.notifications[0]?.body ?? '{}')).value).toEqual([
      { subscriptionId: sub.id, subscriptionExpirationDateTime: sub.expirationDateTime, tenantId: s.tenantId, clientState: 'plans-secret', lifecycleEvent: 'reauthorizationRequired' },
    ]);
    expect((await call(`${s.graphBaseUrl}/subscriptions/${sub.id}/reauthorize`, readWrite, 'POST')).status).toBe(204);
  });

  it('refuses with 400 and creates nothing when the endpoint does not answer 200', async () => {
    const s = await start();
    const list = actions(s);
    const receiver = await startReceiver('fail');
    const answer = await subscribe(s, request(s, list, receiver));
    expect(answer.status).toBe(400);
    expect(graphError.parse(answer.body).error).toEqual({
      code: 'InvalidRequest',
      message: 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.',
    });
    expect(receiver.validations).toHaveLength(1);
    const listed = z.object({ value: z.array(z.unknown()) }).parse((await call(`${s.graphBaseUrl}/subscriptions`, readWrite)).body);
    expect(listed.value).toEqual([]);

    // Nothing is notified when the list then changes.
    s.asSharePointUser(dawn).updateItem('Actions', 1, { Rag: 'Green' });
    await s.subscriptions.settled();
    expect(receiver.notifications).toEqual([]);
  });

  it('refuses with 400 when the endpoint echoes the token encoded, or not as text/plain', async () => {
    const s = await start();
    const list = actions(s);
    for (const mode of ['wrong-token', 'json'] as const) {
      const answer = await subscribe(s, request(s, list, await startReceiver(mode)));
      expect(answer.status).toBe(400);
      expect(graphError.parse(answer.body).error.message).toBe('Subscription validation request failed. Response must exactly match validationToken query parameter.');
    }
  });

  it('refuses with 400 when the endpoint does not answer within the time allowed (10 seconds; shortened here)', async () => {
    const s = await start();
    const list = actions(s);
    s.subscriptions.validationTimeoutMs = 300;
    const receiver = await startReceiver('silent');
    const began = Date.now();
    const answer = await subscribe(s, request(s, list, receiver));
    expect(answer.status).toBe(400);
    expect(graphError.parse(answer.body).error).toEqual({ code: 'ValidationError', message: 'Subscription validation request timed out.' });
    expect(Date.now() - began).toBeGreaterThanOrEqual(250);
  });

  it('refuses a notificationUrl that is not https (loopback aside) before any handshake', async () => {
    const s = await start();
    const list = actions(s);
    const receiver = await startReceiver();
    const answer = await subscribe(s, request(s, list, receiver, { notificationUrl: 'http://webhook.example.org/api/notifications' }));
    expect(answer.status).toBe(400);
    expect(receiver.validations).toEqual([]);
  });
});

describe('list subscriptions: notifications', () => {
  it('POSTs a notification with the clientState and no item data for each change to the list, the app’s own writes included', async () => {
    const s = await start();
    const list = actions(s);
    const other = s.site.createList({ displayName: 'Updates', columns: [] });
    const receiver = await startReceiver();
    const sub = subscriptionSchema.parse((await subscribe(s, request(s, list, receiver))).body);

    s.asSharePointUser(dawn).updateItem('Actions', 1, { Rag: 'Amber' });
    await s.subscriptions.settled();
    expect(receiver.notifications).toHaveLength(1);
    const first = receiver.notifications[0];
    expect(first?.contentType).toMatch(/^application\/json/);
    expect(first?.query.get('source')).toBe('plans');
    expect(notificationsSchema.parse(JSON.parse(first?.body ?? '{}')).value).toEqual([
      {
        subscriptionId: sub.id,
        clientState: 'plans-secret',
        changeType: 'updated',
        resource: `sites/${s.siteId}/lists/${list.id}`,
        subscriptionExpirationDateTime: sub.expirationDateTime,
        tenantId: s.tenantId,
      },
    ]);

    // The app's own PATCH is a change like any other; a change to another list is not this subscription's.
    const patched = await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists/${list.id}/items/2/fields`, appToken('graph'), 'PATCH', { Rag: 'Green' });
    expect(patched.status).toBe(200);
    s.site.createItem(other, { Title: 'elsewhere' });
    await s.subscriptions.settled();
    expect(receiver.notifications).toHaveLength(2);

    // Then the receiver reads delta to learn what changed.
    const delta = z
      .object({ value: z.array(z.object({ id: z.string() })) })
      .parse((await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists/${list.id}/items/delta`, appToken('graph'))).body);
    expect(delta.value.map((i) => i.id)).toEqual(['1', '2']);
  });

  it('answers the write before the notification is delivered, and tries a slow endpoint again later', async () => {
    const s = await start();
    const list = actions(s);
    const receiver = await startReceiver();
    await subscribe(s, request(s, list, receiver));
    receiver.hangNotifications = true;
    s.subscriptions.deliveryTimeoutMs = 1_000;
    s.subscriptions.retryDelaysMs = [50];

    const began = Date.now();
    const patched = await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists/${list.id}/items/1/fields`, appToken('graph'), 'PATCH', { Rag: 'Amber' });
    expect(patched.status).toBe(200);
    // The endpoint holds the notification for a second; the write did not wait for it.
    expect(Date.now() - began).toBeLessThan(900);
    expect(s.subscriptions.deliveries.every((d) => d.status === null)).toBe(true);

    await s.subscriptions.settled();
    receiver.hangNotifications = false;
    await new Promise((resolve) => setTimeout(resolve, 150));
    await s.subscriptions.settled();
    expect(s.subscriptions.deliveries.map((d) => [d.attempt, d.status])).toEqual([
      [1, null],
      [2, 202],
    ]);
    expect(receiver.notifications).toHaveLength(2);
    expect(receiver.notifications[1]?.body).toBe(receiver.notifications[0]?.body);
  });
});

describe('list subscriptions: lifetime', () => {
  it('renews with PATCH, lists the subscription without its clientState, and stops notifying once deleted', async () => {
    const s = await start();
    const list = actions(s);
    const receiver = await startReceiver();
    const sub = subscriptionSchema.parse((await subscribe(s, request(s, list, receiver))).body);

    const later = inMinutes(LIST_SUBSCRIPTION_MAX_MINUTES - 5);
    const renewed = await call(`${s.graphBaseUrl}/subscriptions/${sub.id}`, readWrite, 'PATCH', { expirationDateTime: later });
    expect(renewed.status).toBe(200);
    expect(subscriptionSchema.parse(renewed.body).expirationDateTime).toBe(new Date(later).toISOString());

    const listed = z.object({ value: z.array(subscriptionSchema) }).parse((await call(`${s.graphBaseUrl}/subscriptions`, readWrite)).body);
    expect(listed.value.map((v) => [v.id, v.expirationDateTime, v.clientState])).toEqual([[sub.id, new Date(later).toISOString(), null]]);
    // Another app does not see it.
    const stranger = appToken('graph', ['Sites.ReadWrite.All'], 'c0ffee00-0000-4000-8000-000000000002');
    expect(z.object({ value: z.array(z.unknown()) }).parse((await call(`${s.graphBaseUrl}/subscriptions`, stranger)).body).value).toEqual([]);

    s.asSharePointUser(dawn).updateItem('Actions', 1, { Rag: 'Amber' });
    await s.subscriptions.settled();
    const after = notificationsSchema.parse(JSON.parse(receiver.notifications[0]?.body ?? '{}')).value[0];
    expect(after?.subscriptionExpirationDateTime).toBe(new Date(later).toISOString());

    expect((await call(`${s.graphBaseUrl}/subscriptions/${sub.id}`, readWrite, 'DELETE')).status).toBe(204);
    s.asSharePointUser(dawn).updateItem('Actions', 1, { Rag: 'Red' });
    await s.subscriptions.settled();
    expect(receiver.notifications).toHaveLength(1);
    expect((await call(`${s.graphBaseUrl}/subscriptions/${sub.id}`, readWrite, 'PATCH', { expirationDateTime: inMinutes(60) })).status).toBe(404);
  });

  it('allows at most 42,300 minutes, at creation and at renewal', async () => {
    const s = await start();
    const list = actions(s);
    const receiver = await startReceiver();
    const tooLong = await subscribe(s, request(s, list, receiver, { expirationDateTime: inMinutes(LIST_SUBSCRIPTION_MAX_MINUTES + 1) }));
    expect(tooLong.status).toBe(400);
    expect(graphError.parse(tooLong.body).error.message).toBe('Subscription expiration can only be 42300 minutes in the future.');
    expect(receiver.validations).toEqual([]);

    const longest = await subscribe(s, request(s, list, receiver, { expirationDateTime: inMinutes(LIST_SUBSCRIPTION_MAX_MINUTES - 1) }));
    expect(longest.status).toBe(201);
    const sub = subscriptionSchema.parse(longest.body);
    const renewal = await call(`${s.graphBaseUrl}/subscriptions/${sub.id}`, readWrite, 'PATCH', { expirationDateTime: inMinutes(LIST_SUBSCRIPTION_MAX_MINUTES + 60) });
    expect(renewal.status).toBe(400);
    expect(subscriptionSchema.parse((await call(`${s.graphBaseUrl}/subscriptions/${sub.id}`, readWrite)).body).expirationDateTime).toBe(sub.expirationDateTime);
    expect((await subscribe(s, request(s, list, receiver, { expirationDateTime: inMinutes(-1) }))).status).toBe(400);
  });

  it('supports only changeType updated on a list', async () => {
    const s = await start();
    const list = actions(s);
    const receiver = await startReceiver();
    for (const changeType of ['created', 'updated,deleted']) {
      const answer = await subscribe(s, request(s, list, receiver, { changeType }));
      expect(answer.status).toBe(400);
      expect(graphError.parse(answer.body).error.message).toMatch(/^Invalid 'changeType' attribute: '(created|deleted)'\.$/);
    }
    expect(receiver.validations).toEqual([]);
  });

  it('forgets a subscription past its expiration: not listed, not renewable, no notifications', async () => {
    const s = await start();
    const list = actions(s);
    const receiver = await startReceiver();
    const sub = subscriptionSchema.parse((await subscribe(s, request(s, list, receiver))).body);
    s.subscriptions.expire(sub.id);
    s.asSharePointUser(dawn).updateItem('Actions', 1, { Rag: 'Amber' });
    await s.subscriptions.settled();
    expect(receiver.notifications).toEqual([]);
    expect(z.object({ value: z.array(z.unknown()) }).parse((await call(`${s.graphBaseUrl}/subscriptions`, readWrite)).body).value).toEqual([]);
    expect((await call(`${s.graphBaseUrl}/subscriptions/${sub.id}`, readWrite, 'PATCH', { expirationDateTime: inMinutes(60) })).status).toBe(404);
  });
});

describe('list subscriptions: permissions', () => {
  it('refuses an app with only Sites.Selected, whatever the site grants it, with 403 and no handshake', async () => {
    const s = await start({ siteGrants: [{ appId: TEST_APP_ID, roles: ['fullcontrol'] }] });
    const list = actions(s);
    const receiver = await startReceiver();
    const answer = await subscribe(s, request(s, list, receiver), appToken('graph'));
    expect(answer.status).toBe(403);
    expect(graphError.parse(answer.body).error).toEqual({
      code: 'ExtensionError',
      message: 'Operation: Create; Exception: [Status Code: Forbidden; Reason: Access denied. You do not have permission to perform this action or access this resource.]',
    });
    expect(receiver.validations).toEqual([]);
    // The same app still reads delta through its grant: the product polls instead.
    expect((await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists/${list.id}/items/delta?token=latest`, appToken('graph'))).status).toBe(200);
  });

  it('refuses Sites.Read.All (subscriptions do not take a read permission for lists) and accepts Sites.Manage.All', async () => {
    const s = await start({ siteGrants: [] });
    const list = actions(s);
    const receiver = await startReceiver();
    expect((await subscribe(s, request(s, list, receiver), appToken('graph', ['Sites.Read.All']))).status).toBe(403);
    expect((await subscribe(s, request(s, list, receiver), appToken('graph', ['Sites.Manage.All']))).status).toBe(201);
  });

  it('takes a delegated Sites.ReadWrite.All only for a person who can read the list, and keeps it theirs', async () => {
    const s = await start();
    const list = actions(s);
    const receiver = await startReceiver();
    const person = (userId: string, siteRole: SiteRole | null): string =>
      mintToken({ kind: 'delegated', audience: 'graph', appId: TEST_APP_ID, scopes: ['Sites.ReadWrite.All'], userId, siteRole });
    expect((await subscribe(s, request(s, list, receiver), person('u-none', null))).status).toBe(403);
    const created = await subscribe(s, request(s, list, receiver), person('u-reader', 'read'));
    expect(created.status).toBe(201);
    expect(subscriptionSchema.parse(created.body).creatorId).toBe('u-reader');
    const mine = z.object({ value: z.array(z.unknown()) });
    expect(mine.parse((await call(`${s.graphBaseUrl}/subscriptions`, person('u-reader', 'read'))).body).value).toHaveLength(1);
    expect(mine.parse((await call(`${s.graphBaseUrl}/subscriptions`, person('u-other', 'read'))).body).value).toHaveLength(0);
  });

  it('refuses a renewal once the app has lost the permission', async () => {
    const s = await start();
    const list = actions(s);
    const receiver = await startReceiver();
    const sub = subscriptionSchema.parse((await subscribe(s, request(s, list, receiver))).body);
    const lost = appToken('graph', ['Sites.Selected']);
    const renewal = await call(`${s.graphBaseUrl}/subscriptions/${sub.id}`, lost, 'PATCH', { expirationDateTime: inMinutes(120) });
    expect(renewal.status).toBe(403);
    expect(graphError.parse(renewal.body).error.message).toMatch(/^Operation: Update; Exception: \[Status Code: Forbidden;/);
  });
});

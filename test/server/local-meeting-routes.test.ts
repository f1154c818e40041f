import express from 'express';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FluidServiceUnavailableError } from '../../src/local-meeting/fluid-service.js';
import { MeetingRegistry } from '../../src/local-meeting/meeting-registry.js';
import { errorHandler } from '../../src/server/http-errors.js';
import { localMeetingRoutes } from '../../src/server/local-meeting-routes.js';
import { close, listen } from '../../src/server/start-server.js';

// What a simulated meeting's windows ask in place of teams-js's LiveShareHost (tab/src/meeting/simulated-meeting-host.ts).
let server: Server;
let base: string;
let fluidStarts = 0;
let fluidFails = false;

beforeAll(async () => {
  const app = express();
  app.use(express.json());
  const fluid = {
    endpoint: 'http://127.0.0.1:7070',
    async ensureStarted() {
      fluidStarts += 1;
      if (fluidFails) throw new FluidServiceUnavailableError('the local Fluid service (tinylicious) is not installed');
      return 'http://127.0.0.1:7070';
    },
  };
  app.use('/api', localMeetingRoutes({ fluid, registry: new MeetingRegistry() }));
  app.use(errorHandler(() => undefined));
  ({ server, url: base } = await listen(app, '127.0.0.1', 0));
});

afterAll(async () => {
  await close(server);
});

const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${base}/api/local-meetings/${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('a simulated meeting on the local server', () => {
  it('starts the Fluid service when a window first asks, and names it with no container yet', async () => {
    expect(await call('GET', 'demo')).toEqual({ status: 200, body: { fluidEndpoint: 'http://127.0.0.1:7070', containerId: null } });
    expect(fluidStarts).toBe(1);
  });

  it('keeps the first container offered for the meeting, as Teams does, and tells later windows which it is', async () => {
    expect((await call('PUT', 'demo/container', { containerId: 'c-first' })).body).toEqual({ containerId: 'c-first', added: true });
    expect((await call('PUT', 'demo/container', { containerId: 'c-second' })).body).toEqual({ containerId: 'c-first', added: false });
    expect((await call('GET', 'demo')).body.containerId).toBe('c-first');
    expect((await call('GET', 'other')).body.containerId).toBeNull();
  });

  it('knows each client’s person, name and meeting roles once registered; an unknown client is 404', async () => {
    const chair = { userId: 'local-chair', displayName: 'Chair', roles: ['Organizer', 'Presenter', 'Attendee'] };
    expect((await call('PUT', 'demo/clients/client-1', chair)).status).toBe(200);
    expect(await call('GET', 'demo/clients/client-1')).toEqual({ status: 200, body: chair });
    expect((await call('GET', 'demo/clients/fakeId')).status).toBe(404);
    expect((await call('GET', 'other/clients/client-1')).status).toBe(404);
  });

  it('refuses a bad meeting id, container id, role or extra field, naming it', async () => {
    const badMeeting = await call('GET', 'a%20b');
    expect(badMeeting.status).toBe(400);
    expect(JSON.stringify(badMeeting.body)).toContain('meeting id');
    expect((await call('PUT', 'demo/container', { containerId: '../x' })).status).toBe(400);
    const badRole = await call('PUT', 'demo/clients/c2', { userId: 'u', displayName: 'U', roles: ['Boss'] });
    expect(badRole.status).toBe(400);
    expect(JSON.stringify(badRole.body)).toContain('roles');
    expect((await call('PUT', 'demo/clients/c2', { userId: 'u', displayName: 'U', roles: ['Attendee'], admin: true })).status).toBe(400);
  });

  it('says why when the Fluid service cannot start, with 503', async () => {
    fluidFails = true;
    const answer = await call('GET', 'demo');
    fluidFails = false;
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({ error: { code: 'fluid_unavailable', message: 'the simulated meeting cannot start: the local Fluid service (tinylicious) is not installed' } });
  });
});

describe('the meeting registry’s bounds', () => {
  it('holds at most 50 meetings and 500 connections to one, so a looping page cannot grow the server', () => {
    const registry = new MeetingRegistry();
    for (let i = 0; i < 50; i += 1) registry.offerContainer(`m${i}`, `c${i}`);
    expect(() => registry.offerContainer('m50', 'c50')).toThrow(/at most 50 simulated meetings/);
    for (let i = 0; i < 500; i += 1) registry.registerClient('m0', `client${i}`, { userId: 'u', displayName: 'U', roles: ['Attendee'] });
    expect(() => registry.registerClient('m0', 'one-more', { userId: 'u', displayName: 'U', roles: ['Attendee'] })).toThrow(/at most 500 connections/);
    registry.registerClient('m0', 'client0', { userId: 'u', displayName: 'Renamed', roles: ['Attendee'] });
    expect(registry.client('m0', 'client0')?.displayName).toBe('Renamed');
  });
});

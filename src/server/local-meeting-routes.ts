import { Router } from 'express';
import { z } from 'zod';
import { FluidServiceUnavailableError, type LocalFluidService } from '../local-meeting/fluid-service.js';
import { MEETING_ROLES, MeetingLimitError, type MeetingRegistry } from '../local-meeting/meeting-registry.js';
import type { ApiErrorBody } from './http-errors.js';
import { parseInput } from './parse-input.js';

export interface LocalMeetingOptions {
  fluid: Pick<LocalFluidService, 'endpoint' | 'ensureStarted'>;
  registry: MeetingRegistry;
}

const meetingId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a meeting id is 1 to 64 letters, digits, "-" or "_"');
const clientId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'a client id is 1 to 128 letters, digits, "-" or "_"');
const containerBody = z.object({ containerId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'a container id is 1 to 128 letters, digits, "-" or "_"') }).strict();
const clientBody = z
  .object({
    userId: z.string().min(1).max(128),
    displayName: z.string().min(1).max(100),
    roles: z.array(z.enum(MEETING_ROLES)).min(1).max(MEETING_ROLES.length),
  })
  .strict();

const refuse = (code: string, message: string): ApiErrorBody => ({ error: { code, message } });

/**
 * Local mode's stand-in for what Teams gives Live Share in a real meeting (teams-js LiveShareHost):
 * the Fluid service to use, the meeting's container, and each client's name and roles. Served only
 * by a local server (loopback, no sign-in), for `/tab/...?meeting=demo`; never in tenant mode.
 */
export function localMeetingRoutes(options: LocalMeetingOptions): Router {
  const router = Router();
  const { fluid, registry } = options;

  router.get('/local-meetings/:meeting', async (req, res) => {
    const id = parseInput(z.object({ meeting: meetingId }), req.params, 'query').meeting;
    try {
      const endpoint = await fluid.ensureStarted();
      res.json({ fluidEndpoint: endpoint, containerId: registry.containerOf(id) });
    } catch (error) {
      if (!(error instanceof FluidServiceUnavailableError)) throw error;
      res.status(503).json(refuse('fluid_unavailable', `the simulated meeting cannot start: ${error.message}`));
    }
  });

  router.put('/local-meetings/:meeting/container', (req, res) => {
    const id = parseInput(z.object({ meeting: meetingId }), req.params, 'query').meeting;
    const body = parseInput(containerBody, req.body, 'field');
    try {
      res.json(registry.offerContainer(id, body.containerId));
    } catch (error) {
      if (!(error instanceof MeetingLimitError)) throw error;
      res.status(429).json(refuse('too_many_meetings', error.message));
    }
  });

  router.put('/local-meetings/:meeting/clients/:client', (req, res) => {
    const params = parseInput(z.object({ meeting: meetingId, client: clientId }), req.params, 'query');
    const body = parseInput(clientBody, req.body, 'field');
    try {
      registry.registerClient(params.meeting, params.client, body);
      res.json(body);
    } catch (error) {
      if (!(error instanceof MeetingLimitError)) throw error;
      res.status(429).json(refuse('too_many_meetings', error.message));
    }
  });

  router.get('/local-meetings/:meeting/clients/:client', (req, res) => {
    const params = parseInput(z.object({ meeting: meetingId, client: clientId }), req.params, 'query');
    const client = registry.client(params.meeting, params.client);
    if (client === null) res.status(404).json(refuse('not_found', 'no such client in this simulated meeting'));
    else res.json(client);
  });

  return router;
}

import { Router, type Response } from 'express';
import { z } from 'zod';
import { BotAuthError } from '../../src/auth/bot-request-validator.js';
import { isLoopback } from '../../src/config/app-config.js';
import type { BotEndpoint } from '../../src/server/create-app.js';
import type { ApiErrorBody } from '../../src/server/http-errors.js';
import type { BotRuntime } from './bot-runtime.js';
import type { InvokeReply } from './bot-turn.js';

/*
 * POST /api/messages: where the Bot Connector (or, locally, the Agents Playground) delivers
 * activities. The Bot Framework Activity schema requires type, channelId, serviceUrl and
 * conversation on what a channel sends; only these are read before the turn, the rest is the
 * bot adapter's to interpret (bot-turn.ts).
 */
const activitySchema = z.looseObject({
  type: z.string().min(1),
  channelId: z.string().min(1),
  serviceUrl: z.string().min(1),
  conversation: z.looseObject({ id: z.string().min(1) }),
});

/**
 * The tenant an activity comes from: channelData.tenant.id, "passed in all contexts" (Teams channel
 * data, learn.microsoft.com/microsoftteams/platform/bots/build-conversational-capability), and
 * conversation.tenantId, which Teams also sets. Every one given must be the same tenant.
 */
const tenantSchema = z.looseObject({
  channelData: z.looseObject({ tenant: z.looseObject({ id: z.string() }).optional() }).optional(),
  conversation: z.looseObject({ tenantId: z.string().optional() }),
});

function tenantsOf(body: unknown): string[] | null {
  const parsed = tenantSchema.safeParse(body);
  if (!parsed.success) return null;
  return [parsed.data.channelData?.tenant?.id, parsed.data.conversation.tenantId].filter((id): id is string => id !== undefined).map((id) => id.toLowerCase());
}

function refuse(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } } satisfies ApiErrorBody);
}

/** Whether a peer address is this machine, IPv4-mapped IPv6 ("::ffff:127.0.0.1") read as IPv4. */
export function isLoopbackPeer(remoteAddress: string | undefined): boolean {
  const address = (remoteAddress ?? '').replace(/^::ffff:/i, '');
  return address !== '' && address !== 'localhost' && isLoopback(address);
}

export { isLoopbackServiceUrl } from './service-urls.js';

function send(res: Response, response: InvokeReply | undefined): void {
  const status = response?.status ?? 200;
  if (response?.body === undefined) res.status(status).end();
  else res.status(status).json(response.body);
}

/**
 * With a bot registration, every request must carry the Bot Connector's token for this bot
 * (src/auth/bot-request-validator.ts, after "Authentication with the Bot Connector API",
 * learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication).
 * A missing or failing token is answered 401, as the Bot Framework SDKs' adapters answer every
 * authentication failure; keys that cannot be fetched are 503, so the connector retries.
 * Without one (local mode) there is no token to check: only callers on this machine are served,
 * which is how the Microsoft 365 Agents Playground talks to a bot (no Authorization header).
 */
/** The endpoint for the server to host at /api/messages. */
export function botEndpoint(runtime: BotRuntime): BotEndpoint {
  return { routes: botRoutes(runtime), acceptsUnsigned: runtime.mode.kind === 'local', ...(runtime.mode.kind !== 'off' && { meetingChat: runtime.meetingChat, planChannels: runtime.planChannels }) };
}

function botRoutes(runtime: BotRuntime): Router {
  const router = Router();
  const { adapter, bot, mode } = runtime;
  if (mode.kind === 'off') {
    // Answered here, not left to fall through: in tenant mode the API's sign-in guard would answer 401 and suggest a bot is there.
    router.use((req, res) => refuse(res, 404, 'not_found', `no route for ${req.method} ${req.baseUrl}: the bot is switched off (PLAN_BOT=off)`));
    return router;
  }

  router.post('/', async (req, res) => {
    if (mode.kind === 'local' && !isLoopbackPeer(req.socket.remoteAddress)) {
      refuse(res, 403, 'forbidden', 'the bot has no Bot Framework registration (local mode), so it only accepts activities from this machine');
      return;
    }
    const authorization = req.get('authorization');
    if (mode.kind === 'registered' && !authorization) {
      refuse(res, 401, 'unauthorized', 'The request has no Authorization header: activities from the Bot Connector carry a Bearer token');
      return;
    }
    const parsed = activitySchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      refuse(res, 400, 'invalid_input', `not a Bot Framework activity: ${issue?.path.join('.') || 'body'} ${issue?.message ?? 'is invalid'}`);
      return;
    }
    // Locally nothing signs an activity: one naming a serviceUrl off the allow-list would make the bot
    // post a lead's actions there (a page rebinding a name to 127.0.0.1 could send one).
    if (mode.kind === 'local' && !mode.serviceUrls.allows(parsed.data.serviceUrl)) {
      runtime.log('bot request refused: service_url_not_allowed');
      refuse(res, 403, 'service_url_not_allowed', `the bot has no Bot Framework registration (local mode), so it answers only ${mode.serviceUrls.description}`);
      return;
    }
    const activity = parsed.data;

    try {
      if (mode.kind === 'registered') {
        try {
          await mode.validator.validate(authorization, { serviceUrl: parsed.data.serviceUrl, channelId: parsed.data.channelId });
        } catch (error) {
          if (!(error instanceof BotAuthError)) throw error;
          runtime.log(`bot request refused: ${error.reason}`);
          refuse(res, error.status === 503 ? 503 : 401, error.status === 503 ? 'unavailable' : 'unauthorized', error.message);
          return;
        }
        // A valid token says the Bot Connector sent it, not that it came from Teams in this tenant: a
        // bot registered for other channels, or installed elsewhere, would otherwise act on this tenant's plans.
        if (!mode.serviceUrls.allows(parsed.data.serviceUrl)) {
          runtime.log('bot request refused: service_url_not_allowed');
          refuse(res, 403, 'service_url_not_allowed', `the bot answers only ${mode.serviceUrls.description}`);
          return;
        }
        const tenants = tenantsOf(req.body);
        if (tenants === null || tenants.length === 0 || tenants.some((id) => id !== mode.tenantId.toLowerCase())) {
          runtime.log('bot request refused: tenant_not_allowed');
          refuse(res, 403, 'tenant_not_allowed', `the bot answers its own tenant only (${mode.tenantId}); the activity's channelData.tenant.id ${tenants && tenants.length > 0 ? 'names another' : 'is missing'}`);
          return;
        }
        send(res, await adapter.processAuthenticated(activity, bot));
      } else {
        send(res, await adapter.processLocal(activity, bot));
      }
    } catch (error) {
      // The error's name only: the SDK's errors may quote the activity.
      runtime.log(`bot request failed: ${parsed.data.type} ${error instanceof Error ? error.name : 'error'}`);
      if (!res.headersSent) refuse(res, 500, 'internal', 'the bot failed to handle the activity; see the server log');
    }
  });
  // The Agents Playground probes the endpoint with HEAD before it connects: the resource is here, for POST only.
  router.all('/', (_req, res) => {
    res.set('Allow', 'POST');
    refuse(res, 405, 'method_not_allowed', 'the bot endpoint takes POST only');
  });
  return router;
}

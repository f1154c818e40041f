import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_TEAMS_RATE_LIMITS, type RateWindow, type TeamsRateLimits } from '../../bot/delivery/teams-rate-limits.js';
import type { TeamsTenant } from './teams-tenant.js';

/**
 * A local Bot Connector for Teams on 127.0.0.1, for the reminder sender's tests and bench. Each
 * behaviour follows a Microsoft page:
 *
 * - Routes ("API reference - Bot Connector service", learn.microsoft.com/azure/bot-service/rest-api/
 *   bot-framework-rest-connector-api-reference): POST /v3/conversations (Create Conversation,
 *   ConversationParameters in, ConversationResourceResponse { id } out) and
 *   POST /v3/conversations/{conversationId}/activities (Send to Conversation, ResourceResponse { id }
 *   out, 201). Errors are ErrorResponse { error: { code, message } }, except as below.
 * - Authentication ("Authenticate requests from your bot to the Bot Connector service",
 *   learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication): every
 *   request carries the bot's token as "Authorization: Bearer"; without it, or with another token,
 *   401 and the body the service sends then, {"message":"Authorization has been denied for this
 *   request."} (no ErrorResponse; as reported in MicrosoftDocs/bot-docs#1860).
 * - Create Conversation in Teams needs the tenant: channelData.tenant.id ("Send proactive messages",
 *   Create the conversation: "You must supply the user ID and the tenant ID", learn.microsoft.com/
 *   microsoftteams/platform/bots/how-to/conversations/send-proactive-messages); missing or another
 *   tenant's is 400 BadArgument.
 * - Rate limits ("Optimize your bot with rate limiting in Teams", learn.microsoft.com/microsoftteams/
 *   platform/bots/how-to/rate-limit; ../shared/PLATFORM-LIMITS.md): per bot per conversation 7/1 s,
 *   8/2 s, 60/30 s, 1,800/3,600 s for sending and for creating a conversation; per conversation for
 *   all bots 14/1 s, 16/2 s; 50 requests a second per app per tenant. Over a limit: 429 Throttled
 *   with Retry-After (seconds until the window has room). Windows slide, counting accepted requests.
 * - Status codes ("Status codes from bot conversational APIs", learn.microsoft.com/microsoftteams/
 *   platform/bots/build-conversational-capability): 404 ConversationNotFound for a chat that does
 *   not exist or was deleted; 403 ForbiddenOperationException ("Bot isn't installed in user's
 *   personal scope") when the app was uninstalled, for a send or a create; 413 MessageSizeTooBig
 *   over about 100 KB (format-your-bot-messages).
 * - A person who blocked the bot: 403 in Teams' own shape, {"errorCode":209,"message":"<JSON with
 *   subCode MessageWritesBlocked>"}, exactly as "Understand who blocked, muted, or uninstalled a bot"
 *   shows it (send-proactive-messages, above).
 * - Get Conversation Member (GET /v3/conversations/{conversationId}/members/{userId}, "Get single
 *   member", learn.microsoft.com/microsoftteams/platform/bots/how-to/get-teams-context): the member
 *   as a ChannelAccount, the person named by Entra object id or Teams user id; someone not in the
 *   conversation is 404 MemberNotFoundInConversation (the code Teams answers, as reported in
 *   microsoft/botbuilder-js#4614), an unknown conversation 404 ConversationNotFound.
 * - Group chats (a meeting's): a bot posts to one, and reads its members, only once the app has
 *   been added to it; otherwise 403 BotNotInConversationRoster (build-conversational-capability).
 * - Teams' channels ("Send proactive messages", Create the conversation: a new conversation thread
 *   in a channel): Create Conversation with isGroup true, no members, channelData.channel.id and the
 *   first message as `activity` starts a post in the channel; the answer's id is the thread,
 *   "<channel id>;messageid=<id>", and activityId the message's. The app must be in the channel's
 *   team (403 BotNotInConversationRoster otherwise); an unknown channel is 404 ConversationNotFound.
 *   Get Conversation Member on the team's id reads the team's roster.
 * - Fault injection: the next N requests (optionally to one conversation) answer a given status
 *   (429 bursts with Retry-After, 403, 404 ConversationNotFound, 503), and a share of requests can
 *   be answered 429 at random (seeded), as a busy service does.
 */

export interface ConnectorFault {
  status: number;
  code: string;
  retryAfterSeconds?: number;
  /** Only requests to this conversation (or, for a create, this person). */
  conversationId?: string;
}

export interface RecordedActivity {
  conversationId: string;
  /** Whose chat it is, by Entra object id. */
  aadObjectId: string;
  activity: Record<string, unknown>;
  receivedAt: number;
  authorization: string | null;
}

export interface LoggedConnectorRequest {
  method: string;
  path: string;
  status: number;
  at: number;
  conversationId: string | null;
}

export interface BotConnectorServerOptions {
  tenant: TeamsTenant;
  limits?: TeamsRateLimits;
  /** Whether a bearer token is the bot's; by default any token will do, but one is always needed. */
  authorize?: (token: string) => boolean;
  /**
   * Takes requests with no token, as the Agents Playground does for a bot in local mode (no
   * registration, so no token to send): for tests of the server as `npm start` runs it.
   */
  anonymous?: boolean;
  /** Answer this share of requests with 429 (Retry-After `randomRetryAfterSeconds`), from a seeded generator. */
  random429Rate?: number;
  randomRetryAfterSeconds?: number;
  seed?: number;
  /** Milliseconds; a fake clock in tests that need one. */
  now?: () => number;
  /**
   * Sees each activity as it arrives, before it is recorded. 'drop' stands for the sender dying
   * before its request got through: nothing is recorded and the connection is cut.
   */
  onActivity?: (activity: RecordedActivity) => 'deliver' | 'drop';
}

export interface BotConnectorServer {
  serviceUrl: string;
  activities: RecordedActivity[];
  requests: LoggedConnectorRequest[];
  /** The next `count` requests (matching `fault.conversationId` when set) get this answer. */
  failNext(count: number, fault: ConnectorFault): void;
  /** 429s the server sent because a limit was reached (not injected). */
  limitRefusals(): number;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 100 * 1024;

/** Mulberry32: a small seeded generator, so a bench run's injected 429s are the same each time. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Windows {
  private readonly times = new Map<string, number[]>();
  constructor(private readonly windows: readonly RateWindow[]) {}

  /** Milliseconds until one more fits, 0 if it fits now. */
  wait(key: string, now: number): number {
    const longest = Math.max(...this.windows.map((w) => w.seconds * 1000));
    const times = (this.times.get(key) ?? []).filter((t) => t > now - longest);
    this.times.set(key, times);
    let wait = 0;
    for (const w of this.windows) {
      const inWindow = times.filter((t) => t > now - w.seconds * 1000);
      if (inWindow.length >= w.max) wait = Math.max(wait, inWindow[inWindow.length - w.max]! + w.seconds * 1000 - now);
    }
    return wait;
  }

  add(key: string, now: number): void {
    const times = this.times.get(key) ?? [];
    times.push(now);
    this.times.set(key, times);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function startBotConnectorServer(options: BotConnectorServerOptions): Promise<BotConnectorServer> {
  const { tenant } = options;
  const limits = options.limits ?? DEFAULT_TEAMS_RATE_LIMITS;
  const now = options.now ?? (() => Date.now());
  const random = seeded(options.seed ?? 42);
  const perBot = new Windows(limits.perConversation);
  const allBots = new Windows(limits.perConversationAllBots);
  const perApp = new Windows([{ seconds: 1, max: limits.perAppPerSecond }]);
  const activities: RecordedActivity[] = [];
  const requests: LoggedConnectorRequest[] = [];
  const faults: (ConnectorFault & { remaining: number })[] = [];
  let refusals = 0;

  function error(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): number {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify({ error: { code, message } }));
    return status;
  }

  function takeFault(conversationId: string): ConnectorFault | null {
    const index = faults.findIndex((f) => f.conversationId === undefined || f.conversationId === conversationId);
    if (index === -1) return null;
    const fault = faults[index]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) faults.splice(index, 1);
    return fault;
  }

  /** The rate limits, then the injected and random faults: null to go ahead, or the status answered. */
  function gate(res: ServerResponse, key: string, bot: string, at: number): number | null {
    const fault = takeFault(key);
    if (fault) {
      return error(res, fault.status, fault.code, `Injected ${fault.code}`, fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {});
    }
    if (options.random429Rate && random() < options.random429Rate) {
      return error(res, 429, 'Throttled', 'Too many requests.', { 'retry-after': String(options.randomRetryAfterSeconds ?? 1) });
    }
    const wait = Math.max(perApp.wait('app', at), perBot.wait(`${bot}|${key}`, at), allBots.wait(key, at));
    if (wait > 0) {
      refusals += 1;
      return error(res, 429, 'Throttled', 'Too many requests.', { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) });
    }
    perApp.add('app', at);
    perBot.add(`${bot}|${key}`, at);
    allBots.add(key, at);
    return null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<{ status: number; conversationId: string | null }> {
    const at = now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : null;
    if (!(options.anonymous && header === undefined) && (token === null || token === '' || (options.authorize && !options.authorize(token)))) {
      res.writeHead(401, { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': 'Bearer' });
      res.end(JSON.stringify({ message: 'Authorization has been denied for this request.' }));
      return { status: 401, conversationId: null };
    }
    let body: unknown = null;
    try {
      body = raw.length === 0 ? null : (JSON.parse(raw.toString('utf8')) as unknown);
    } catch {
      return { status: error(res, 400, 'BadArgument', 'The request body is not JSON.'), conversationId: null };
    }

    const send = /^\/v3\/conversations\/([^/]+)\/activities\/?$/.exec(url.pathname);
    if (req.method === 'POST' && send) {
      const conversationId = decodeURIComponent(send[1]!);
      const activity = isRecord(body) ? body : null;
      const bot = isRecord(activity?.from) && typeof activity.from.id === 'string' ? activity.from.id : 'bot';
      const refused = gate(res, conversationId, bot, at);
      if (refused !== null) return { status: refused, conversationId };
      if (!activity || typeof activity.type !== 'string') return { status: error(res, 400, 'BadArgument', 'Activity type is required.'), conversationId };
      if (raw.length > MAX_MESSAGE_BYTES) return { status: error(res, 413, 'MessageSizeTooBig', 'Message size too large.'), conversationId };
      // A channel, or a thread in one ("<channel id>;messageid=<id>"): the bot replies there while the app is in its team.
      const group = tenant.groupChats.get(conversationId) ?? tenant.teamOfChannel(conversationId.split(';')[0]!);
      if (group) {
        if (!group.botAdded) return { status: error(res, 403, 'BotNotInConversationRoster', 'The bot is not part of the conversation roster.'), conversationId };
        activities.push({ conversationId, aadObjectId: '', activity, receivedAt: at, authorization: header ?? null });
        res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ id: `1:${randomUUID()}` }));
        return { status: 201, conversationId };
      }
      const chat = tenant.chats.get(conversationId);
      if (!chat || chat.deleted) return { status: error(res, 404, 'ConversationNotFound', 'Conversation not found.'), conversationId };
      const person = tenant.people.get(chat.aadObjectId)!;
      if (person.installationId === null) {
        return { status: error(res, 403, 'ForbiddenOperationException', "Bot isn't installed in user's personal scope"), conversationId };
      }
      if (person.blocked) {
        res.writeHead(403, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ errorCode: 209, message: JSON.stringify({ subCode: 'MessageWritesBlocked', details: 'Thread is blocked from message writes.', errorCode: null, errorSubCode: null }, null, 2) }));
        return { status: 403, conversationId };
      }
      const id = `1:${randomUUID()}`;
      const recorded: RecordedActivity = { conversationId, aadObjectId: chat.aadObjectId, activity, receivedAt: at, authorization: header ?? null };
      if (options.onActivity?.(recorded) === 'drop') {
        res.destroy();
        return { status: 0, conversationId };
      }
      activities.push(recorded);
      res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ id }));
      return { status: 201, conversationId };
    }

    const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)\/?$/.exec(url.pathname);
    if (req.method === 'GET' && member) {
      const conversationId = decodeURIComponent(member[1]!);
      const person = tenant.personById(decodeURIComponent(member[2]!));
      const group = tenant.groupChats.get(conversationId) ?? tenant.teamOfChannel(conversationId);
      const chat = tenant.chats.get(conversationId);
      if (group && !group.botAdded) return { status: error(res, 403, 'BotNotInConversationRoster', 'The bot is not part of the conversation roster.'), conversationId };
      if (!group && (!chat || chat.deleted)) return { status: error(res, 404, 'ConversationNotFound', 'Conversation not found.'), conversationId };
      const inIt = person !== undefined && (group ? group.members.has(person.aadObjectId) : chat?.aadObjectId === person.aadObjectId);
      if (!inIt) return { status: error(res, 404, 'MemberNotFoundInConversation', 'The member could not be found in the conversation.'), conversationId };
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ id: person.mri, name: person.name, aadObjectId: person.aadObjectId, userRole: 'user', tenantId: tenant.tenantId }));
      return { status: 200, conversationId };
    }

    if (req.method === 'POST' && /^\/v3\/conversations\/?$/.test(url.pathname) && isRecord(body) && body.isGroup === true) {
      const channelData = isRecord(body.channelData) ? body.channelData : {};
      const channelId = isRecord(channelData.channel) && typeof channelData.channel.id === 'string' ? channelData.channel.id : '';
      const refused = gate(res, `create:${channelId}`, 'bot', at);
      if (refused !== null) return { status: refused, conversationId: null };
      if (channelId === '') return { status: error(res, 400, 'BadArgument', 'A conversation in a channel names the channel in channelData.channel.id.'), conversationId: null };
      const activity = isRecord(body.activity) ? body.activity : null;
      if (!activity || typeof activity.type !== 'string') return { status: error(res, 400, 'BadArgument', 'Activity type is required.'), conversationId: null };
      if (raw.length > MAX_MESSAGE_BYTES) return { status: error(res, 413, 'MessageSizeTooBig', 'Message size too large.'), conversationId: null };
      const channelTenant = isRecord(channelData.tenant) ? channelData.tenant.id : undefined;
      if ((channelTenant !== undefined && channelTenant !== tenant.tenantId) || (body.tenantId !== undefined && body.tenantId !== tenant.tenantId)) {
        return { status: error(res, 400, 'BadArgument', 'Invalid tenant id.'), conversationId: null };
      }
      const team = tenant.teamOfChannel(channelId);
      if (!team) return { status: error(res, 404, 'ConversationNotFound', 'Conversation not found.'), conversationId: channelId };
      if (!team.botAdded) return { status: error(res, 403, 'BotNotInConversationRoster', 'The bot is not part of the conversation roster.'), conversationId: channelId };
      const messageId = String(Date.now() + activities.length);
      const thread = `${channelId};messageid=${messageId}`;
      activities.push({ conversationId: thread, aadObjectId: '', activity, receivedAt: at, authorization: header ?? null });
      res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ id: thread, activityId: messageId }));
      return { status: 201, conversationId: thread };
    }

    if (req.method === 'POST' && /^\/v3\/conversations\/?$/.test(url.pathname)) {
      const members = isRecord(body) && Array.isArray(body.members) ? body.members : [];
      const memberId = isRecord(members[0]) && typeof members[0].id === 'string' ? members[0].id : '';
      const refused = gate(res, `create:${memberId}`, 'bot', at);
      if (refused !== null) return { status: refused, conversationId: null };
      if (!isRecord(body) || members.length !== 1 || body.isGroup === true) {
        return { status: error(res, 400, 'BadArgument', 'A one-to-one conversation takes exactly one member.'), conversationId: null };
      }
      const channelTenant = isRecord(body.channelData) && isRecord(body.channelData.tenant) ? body.channelData.tenant.id : undefined;
      if (channelTenant !== tenant.tenantId || (body.tenantId !== undefined && body.tenantId !== tenant.tenantId)) {
        return { status: error(res, 400, 'BadArgument', 'Invalid tenant id: channelData.tenant.id must name the tenant.'), conversationId: null };
      }
      const person = tenant.personById(memberId);
      if (!person) return { status: error(res, 404, 'NotFound', 'User not found.'), conversationId: null };
      if (person.installationId === null) {
        return { status: error(res, 403, 'ForbiddenOperationException', "Bot isn't installed in user's personal scope"), conversationId: null };
      }
      const { chatId } = tenant.install(person.aadObjectId);
      res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ id: chatId, activityId: null }));
      return { status: 201, conversationId: chatId };
    }
    return { status: error(res, 404, 'NotFound', `${req.method} ${url.pathname} is not a Bot Connector route here.`), conversationId: null };
  }

  const server = createServer((req, res) => {
    handle(req, res)
      .then(({ status, conversationId }) => requests.push({ method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]!, status, at: now(), conversationId }))
      .catch((e: unknown) => {
        if (!res.headersSent) error(res, 500, 'ServiceError', String(e));
      });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    activities,
    requests,
    failNext(count, fault) {
      faults.push({ ...fault, remaining: count });
    },
    limitRefusals: () => refusals,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

import { SettingsError } from '../config/settings-error.js';
import express, { type Express, type Request, type Router } from 'express';
import type { Clock } from '../config/today.js';
import type { MeetingChat } from '../service/meeting-summary.js';
import type { PlanChannels } from '../service/channel-digest.js';
import type { EditStanding } from '../service/owner-standing.js';
import type { PlanStore } from '../store/plan-store.js';
import { apiResponseHeaders } from './api-response-headers.js';
import { errorHandler, notFoundHandler } from './http-errors.js';
import { exportRoutes } from './export-routes.js';
import { importRoutes } from './import-routes.js';
import { listNotificationRoutes, type ListNotificationOptions } from './list-notifications.js';
import { localMeetingRoutes, type LocalMeetingOptions } from './local-meeting-routes.js';
import { hostGuard, sameOriginGuard } from './request-guards.js';
import { planRoutes } from './plan-routes.js';
import { RespondLinks } from './respond-link.js';
import { respondRoutes } from './respond-routes.js';
import { StoreReadiness } from './readiness.js';
import type { TenantApi } from './request-identity.js';
import { tabStatic } from './tab-static.js';

export interface AppDependencies {
  store: PlanStore;
  clock: Clock;
  identify: (req: Request) => Promise<{ name: string; userId: string | null }>;
  /** Outside tenant mode, whether the person may change a plan: everyone by default (local mode's one user). */
  editStanding?: (req: Request, plan: { id: string }) => Promise<EditStanding>;
  log: (line: string) => void;
  storeKind: string;
  /** The bot's endpoint at /api/messages, built by the composition root (src/app/compose.ts). */
  bot: BotEndpoint;
  /** The built tab served under /tab/; by default this checkout's tab/dist. */
  tabDir?: string;
  /** Tenant mode (PLAN_STORE=sharepoint): the API needs a Teams sign-in and runs as the person (request-identity.ts). */
  tenant?: TenantApi;
  /**
   * Local mode: the host names requests may be addressed to (loopback names by default). Tenant
   * mode signs every API request in, so a page that rebinds a name to it gets nowhere and any name is served.
   */
  allowedHosts?: readonly string[];
  /** Tenant mode with the SharePoint store: where Graph posts change notifications for the plan lists. */
  listNotifications?: ListNotificationOptions;
  /** Local mode: meetings simulated in the browser (`?meeting=demo`) with Live Share on a local Fluid service. */
  localMeeting?: LocalMeetingOptions;
  /** /api/ready's cached store check; by default one over `store` (the app's own store in tenant mode), first made on the first probe. */
  readiness?: StoreReadiness;
  /** The one-time update page emailed links open (/respond/<token>), with the links' key and address; absent, no page. */
  respond?: { secret: string; publicUrl: string };
}

/**
 * The bot's HTTP endpoint as the server hosts it: its routes, and whether it takes activities
 * nobody signed (local mode, for the Agents Playground), which a server facing a tenant must not.
 */
export interface BotEndpoint {
  routes: Router;
  acceptsUnsigned: boolean;
  /** The meeting chats the bot was added to, for the meeting summary; absent when no bot is served. */
  meetingChat?: MeetingChat;
  /** The teams the bot was added to, for a plan's channel digest; absent when no bot is served. */
  planChannels?: PlanChannels;
}

/** The names a local server is reached by on this machine. */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'] as const;

/** The one HTTP server: the JSON API for the tab and scripts, health, and (in later layers) the tab and the bot. */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (!deps.tenant) app.use(hostGuard(deps.allowedHosts ?? LOOPBACK_HOSTS));
  app.use(sameOriginGuard);
  // Before the request log: the path holds the link, a credential; the page's router logs ids only.
  // Outside /api, so no Teams sign-in: a lead with no account has none. Runs on the app's own store.
  if (deps.respond) app.use('/respond', respondRoutes({ store: deps.store, clock: deps.clock, log: deps.log, links: new RespondLinks(deps.respond.secret, deps.respond.publicUrl) }));
  app.use('/api', apiResponseHeaders);
  app.use(express.json({ limit: '100kb' }));
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Method, path and status only: bodies and query strings may carry plan content.
      deps.log(`${req.method} ${req.originalUrl.split('?')[0]} ${res.statusCode} ${ms.toFixed(1)}ms`);
    });
    next();
  });

  // Probes are outside the sign-in and come every few seconds from each balancer: liveness asks
  // the store nothing, and readiness asks it at most once per interval (readiness.ts), since in
  // tenant mode every store request is spent from the tenant's SharePoint budget.
  const readiness = deps.readiness ?? new StoreReadiness({ check: () => deps.store.countPlans(), log: deps.log });
  app.get('/api/health', (_req, res) => {
    const known = readiness.lastKnown();
    res.json({ status: 'ok', store: deps.storeKind, plans: known?.ready ? known.plans : null });
  });
  app.get('/api/ready', async (_req, res) => {
    const state = await readiness.probe();
    const body = { status: state.ready ? 'ready' : 'not ready', store: deps.storeKind, ...state };
    res.status(state.ready ? 200 : 503);
    if (!state.ready) res.set('Retry-After', '30');
    res.json(body);
  });
  const { bot } = deps;
  if (deps.tenant && bot.acceptsUnsigned) {
    throw new SettingsError('BOT_ID', 'is not set: tenant mode serves the bot only with its registration, which checks the Bot Connector\'s token on every activity; set PLAN_BOT=off to serve no bot');
  }
  app.use('/api/messages', bot.routes);
  // Graph signs nothing here: the route acts only on its own clientState, and only to sync sooner.
  if (deps.listNotifications) app.use('/api/sharepoint/notifications', listNotificationRoutes(deps.listNotifications));
  if (deps.tenant) app.use('/api', deps.tenant.guard);
  const { tenant } = deps;
  const api = tenant
    ? { ...deps, store: tenant.store, identify: tenant.identify, editStanding: (req: Request, plan: { id: string }) => tenant.editStanding(req, plan.id) }
    : deps;
  app.use('/api', importRoutes(api));
  app.use('/api', planRoutes({ ...api, meetingChat: bot.meetingChat ?? null, planChannels: bot.planChannels ?? null }));
  app.use('/api', exportRoutes(api));
  const localMeeting = deps.tenant ? undefined : deps.localMeeting;
  if (localMeeting) app.use('/api', localMeetingRoutes(localMeeting));
  app.use(tabStatic(deps.tabDir, { fluidSources: localMeeting ? [localMeeting.fluid.endpoint, localMeeting.fluid.endpoint.replace(/^http/, 'ws')] : [] }));
  app.use(notFoundHandler);
  if (deps.tenant) app.use(deps.tenant.errors);
  app.use(errorHandler(deps.log));
  return app;
}

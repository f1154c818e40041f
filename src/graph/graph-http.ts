import { Client, ResponseType, type Context, type Middleware, type MiddlewareOptions } from '@microsoft/microsoft-graph-client';
import { HttpError, summariseUrl, type HttpRequestSummary } from './http-error.js';
import { realPacingClock, type PacingClock } from './pacing-clock.js';
import type { ResourceUnitPacer } from './resource-unit-pacer.js';
import { resourceUnitsFor } from './resource-units.js';
import { DEFAULT_RETRY_OPTIONS, isRetryableStatus, parseRetryAfter, retryDelayMs, type RetryOptions } from './retry-policy.js';

/**
 * The HTTP pipeline for Microsoft Graph and the SharePoint REST endpoint, built on
 * @microsoft/microsoft-graph-client 3 with our own middleware chain (Client.initWithMiddleware):
 *
 *   retry → auth → pace → send
 *
 * Why this shape: the chain gives named stages like pnpjs's behaviours (DESIGN.md), and the library's
 * MiddlewareOptions carry per-request state (cost, attempts) through it. We ask for the RAW response
 * so that one place, `send` below, turns a non-2xx into our HttpError, instead of the SDK's GraphError
 * which drops the request. We do not use the SDK's RetryHandler (it ignores RateLimit-* headers and
 * does not share a pause across requests) nor its BatchRequestContent (its dependsOn validation
 * refuses shapes Graph accepts); see graph-batch.ts.
 */

/** Whose token a request needs: Graph's, or the SharePoint site's for the REST endpoint (views). */
export type TokenAudience = { kind: 'graph' } | { kind: 'sharepoint'; origin: string };

/** The auth hook. A `() => Promise<string>` fits too, when one token serves both audiences. */
export type GetToken = (audience: TokenAudience) => Promise<string>;

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface GraphCall {
  method: HttpMethod;
  /** Relative to the Graph base ("/sites/{id}/lists"), or absolute (a nextLink, a SharePoint REST URL). */
  url: string;
  headers?: Record<string, string>;
  /** JSON-serialisable, or a string sent as it is. */
  body?: unknown;
  /** What the request costs in SharePoint resource units; estimated from method and URL when omitted. */
  resourceUnits?: number;
  signal?: AbortSignal;
}

export interface GraphReply {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty body. */
  body: unknown;
  attempts: number;
}

/** One HTTP attempt, for counting requests (tests, bench) without logging content. */
export interface RequestEvent {
  method: string;
  url: string;
  status: number;
  attempt: number;
  resourceUnits: number;
}

export interface GraphHttpOptions {
  getToken: GetToken;
  /** Default https://graph.microsoft.com/v1.0 */
  graphBaseUrl?: string;
  retry?: Partial<RetryOptions>;
  /** Shared by every request of this app, so a 429 pauses them all. */
  pacer?: ResourceUnitPacer | null;
  clock?: PacingClock;
  random?: () => number;
  /** SharePoint prioritises decorated traffic: "NONISV|Company|App/Version" (how-to-avoid-getting-throttled...). */
  userAgent?: string;
  onRequest?: (event: RequestEvent) => void;
}

export interface GraphHttp {
  readonly graphBaseUrl: string;
  readonly pacer: ResourceUnitPacer | null;
  readonly clock: PacingClock;
  readonly retry: RetryOptions;
  /** Sends a request; a non-2xx answer (after retries) is thrown as HttpError. */
  send(call: GraphCall): Promise<GraphReply>;
  /** The absolute URL a relative Graph path resolves to. */
  resolve(url: string): string;
}

/** Per-request state carried through the chain (the SDK keys MiddlewareOptions by class). */
class RequestTrace implements MiddlewareOptions {
  attempts = 0;
  thrown: unknown = undefined;

  constructor(
    readonly units: number,
    readonly audience: TokenAudience,
    readonly summary: HttpRequestSummary,
    readonly signal: AbortSignal | undefined,
  ) {}
}

function traceOf(context: Context): RequestTrace {
  const trace: unknown = context.middlewareControl?.getMiddlewareOptions(RequestTrace);
  if (!(trace instanceof RequestTrace)) throw new Error('graph pipeline: request sent without its trace');
  return trace;
}

function setHeader(context: Context, name: string, value: string): void {
  const options = (context.options ??= {});
  const headers = options.headers;
  if (headers instanceof Headers) headers.set(name, value);
  else if (Array.isArray(headers)) headers.push([name, value]);
  else options.headers = { ...(headers ?? {}), [name]: value };
}

abstract class Stage implements Middleware {
  protected next: Middleware | undefined;
  setNext(next: Middleware): void {
    this.next = next;
  }
  protected async forward(context: Context): Promise<void> {
    if (!this.next) throw new Error('graph pipeline: stage has no next stage');
    await this.next.execute(context);
  }
  abstract execute(context: Context): Promise<void>;
}

class RetryStage extends Stage {
  constructor(
    private readonly options: RetryOptions,
    private readonly clock: PacingClock,
    private readonly pacer: ResourceUnitPacer | null,
    private readonly random: () => number,
  ) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const trace = traceOf(context);
    const method = context.options?.method ?? 'GET';
    for (let attempt = 1; ; attempt += 1) {
      trace.attempts = attempt;
      await this.forward(context);
      const response = context.response;
      if (!response || !isRetryableStatus(response.status, method) || attempt >= this.options.maxAttempts) return;
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'), this.clock.now());
      const delay = retryDelayMs(attempt, retryAfter, this.options, this.random);
      if (response.status === 429 || response.status === 503) this.pacer?.pauseFor(delay);
      await response.body?.cancel();
      await this.clock.sleep(delay, trace.signal);
    }
  }
}

class AuthStage extends Stage {
  constructor(
    private readonly getToken: GetToken,
    private readonly userAgent: string | undefined,
  ) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const trace = traceOf(context);
    // Asked on every attempt: a long wait for budget can outlast a token.
    setHeader(context, 'Authorization', `Bearer ${await this.getToken(trace.audience)}`);
    if (this.userAgent) setHeader(context, 'User-Agent', this.userAgent);
    await this.forward(context);
  }
}

class PaceStage extends Stage {
  constructor(private readonly pacer: ResourceUnitPacer | null) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const trace = traceOf(context);
    await this.pacer?.acquire(trace.units, trace.signal);
    await this.forward(context);
    if (context.response) this.pacer?.observe(context.response.headers);
  }
}

class SendStage implements Middleware {
  constructor(private readonly onRequest: ((event: RequestEvent) => void) | undefined) {}

  async execute(context: Context): Promise<void> {
    const trace = traceOf(context);
    try {
      context.response = await fetch(context.request, context.options);
    } catch (error) {
      // The SDK would wrap this in a GraphError; keep the original (an abort must stay an abort).
      trace.thrown = error;
      throw error;
    }
    this.onRequest?.({
      method: trace.summary.method,
      url: trace.summary.url,
      status: context.response.status,
      attempt: trace.attempts,
      resourceUnits: trace.units,
    });
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.length === 0) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function createGraphHttp(options: GraphHttpOptions): GraphHttp {
  const graphBaseUrl = (options.graphBaseUrl ?? 'https://graph.microsoft.com/v1.0').replace(/\/+$/, '');
  const graphOrigin = new URL(graphBaseUrl).origin;
  const retry: RetryOptions = { ...DEFAULT_RETRY_OPTIONS, ...options.retry };
  const clock = options.clock ?? realPacingClock;
  const pacer = options.pacer ?? null;
  const clients = new Map<string, Client>();

  function clientFor(origin: string): Client {
    let client = clients.get(origin);
    if (!client) {
      client = Client.initWithMiddleware({
        baseUrl: origin,
        // The path we pass carries its own version segment, so the SDK adds none.
        defaultVersion: '',
        middleware: [
          new RetryStage(retry, clock, pacer, options.random ?? Math.random),
          new AuthStage(options.getToken, options.userAgent),
          new PaceStage(pacer),
          new SendStage(options.onRequest),
        ],
      });
      clients.set(origin, client);
    }
    return client;
  }

  function resolve(url: string): string {
    return /^https?:\/\//i.test(url) ? url : `${graphBaseUrl}${url.startsWith('/') ? '' : '/'}${url}`;
  }

  async function send(call: GraphCall): Promise<GraphReply> {
    const absolute = new URL(resolve(call.url));
    const origin = absolute.origin;
    const audience: TokenAudience = origin === graphOrigin ? { kind: 'graph' } : { kind: 'sharepoint', origin };
    const summary: HttpRequestSummary = { method: call.method, url: summariseUrl(absolute.href) };
    const trace = new RequestTrace(call.resourceUnits ?? resourceUnitsFor(call.method, absolute.href), audience, summary, call.signal);

    let request = clientFor(origin)
      .api(`${absolute.pathname.replace(/^\/+/, '')}${absolute.search}`)
      .responseType(ResponseType.RAW)
      .middlewareOptions([trace]);
    for (const [name, value] of Object.entries(call.headers ?? {})) request = request.header(name, value);
    if (call.signal) request = request.option('signal', call.signal);

    let response: unknown;
    try {
      if (call.method === 'GET') response = await request.get();
      else if (call.method === 'DELETE') response = await request.delete();
      else if (call.method === 'PATCH') response = await request.patch(call.body ?? {});
      else response = await request.post(call.body ?? {});
    } catch (error) {
      if (call.signal?.aborted) throw call.signal.reason ?? error;
      if (trace.thrown !== undefined) {
        throw new HttpError({ status: 0, request: summary, body: null, attempts: trace.attempts, cause: trace.thrown, message: String(trace.thrown) });
      }
      throw error;
    }
    if (!(response instanceof Response)) throw new Error(`graph pipeline: ${summary.method} ${summary.url} gave no response`);
    const body = await readBody(response);
    if (!response.ok) {
      throw new HttpError({ status: response.status, request: summary, body, attempts: trace.attempts, retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after'), clock.now()) });
    }
    return { status: response.status, headers: response.headers, body, attempts: trace.attempts };
  }

  return { graphBaseUrl, pacer, clock, retry, send, resolve };
}

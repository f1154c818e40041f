import type { DateOnly } from '../../../src/plan/calendar-date.js';
import type { ImportReport } from '../../../src/import/import-report.js';
import type { Action, ActionView, ActionWithUpdates, Plan, PlanSummary, Section } from '../../../src/plan/plan.js';
import type { PlanRevision } from '../../../src/plan/plan-revision.js';
import type { Rag } from '../../../src/plan/rag.js';
import type { Update } from '../../../src/plan/update.js';
import { TeamsTokenError } from '../host/teams-host.js';
import { ApiError, errorKind } from './api-error.js';
import {
  actionSchema,
  actionViewsSchema,
  actionWithUpdatesSchema,
  errorBodySchema,
  importAnswerSchema,
  planEnvelopeSchema,
  planSummariesSchema,
  recordUpdateSchema,
} from './api-schemas.js';

export interface PlanEnvelope {
  plan: Plan;
  sections: Section[];
  /** Today in the plan's time zone, by the server's clock. */
  today: DateOnly;
}

export interface NewUpdateRequest {
  text: string;
  rag?: Rag;
  timescale?: string;
  /** The action's version as read, so a RAG or timescale change made since is refused, not overwritten. */
  version: string;
  /** Makes a retried submission a no-op. */
  key: string;
}

export interface FieldChangeRequest {
  version: string;
  rag?: Rag;
  timescale?: string;
}

export interface RecordedUpdate {
  created: boolean;
  update: Update;
  action: ActionWithUpdates;
}

export interface ImportRequest {
  /** The document's bytes, as the file picker gives them. */
  file: Blob;
  fileName: string;
  /** The plan this document is the next version of. */
  into?: string;
  dryRun?: boolean;
  asNew?: boolean;
}

/** What an import did, or would do in a dry run. A title already a plan's is an ApiError 'title_clash' whose current holds the candidates. */
export type ImportAnswer =
  | { kind: 'created'; planId: string; report: ImportReport }
  | { kind: 'revised' | 'unchanged'; planId: string; revision: PlanRevision; report: ImportReport }
  | { kind: 'dry-run'; title: string; into: string | null; revision: PlanRevision | null; report: ImportReport };

/** The header telling the server the person has just consented, so it waits for consent to propagate. */
export const CONSENT_GRANTED_HEADER = 'X-Plan-Consent-Granted';
const CONSENT_PROPAGATION_MS = 60_000;

export interface PlanApi {
  listPlans(): Promise<PlanSummary[]>;
  getPlan(planId: string): Promise<PlanEnvelope>;
  /** Every action of the plan, in plan order, with its latest update: the tab filters them itself. */
  listActions(planId: string): Promise<ActionView[]>;
  getAction(planId: string, ref: string): Promise<ActionWithUpdates>;
  addUpdate(planId: string, ref: string, request: NewUpdateRequest): Promise<RecordedUpdate>;
  changeAction(planId: string, ref: string, request: FieldChangeRequest): Promise<Action>;
  importDocument(request: ImportRequest): Promise<ImportAnswer>;
  /** The person has just consented: requests in the next minute say so (CONSENT_GRANTED_HEADER). */
  consentGranted?(): void;
}

export interface PlanApiOptions {
  /** Origin and path prefix of the API; '' for the same origin. */
  baseUrl?: string;
  getToken: () => Promise<string | null>;
  fetch?: typeof fetch;
  /** Milliseconds since some fixed point, for how long consent is still propagating; performance.now by default. */
  now?: () => number;
}

interface Parser<T> {
  parse(data: unknown): T;
}

// The schemas check the shape the views rely on; the rest of each object is the domain type the server sent.
function trusted<T>(schema: { parse(data: unknown): unknown }): Parser<T> {
  return { parse: (data) => schema.parse(data) as T };
}

const segment = (value: string): string => encodeURIComponent(value);

/** The next page's path under /api, from the answer's Link header; only ever this API's own. */
function nextPage(response: Response): string | null {
  const target = /<([^>]+)>\s*;\s*rel="?next"?/.exec(response.headers.get('Link') ?? '')?.[1];
  return target?.startsWith('/api/') ? target.slice('/api'.length) : null;
}

export function createPlanApi(options: PlanApiOptions): PlanApi {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const now = options.now ?? (() => performance.now());
  let consentGrantedAt: number | null = null;

  /** One call: the parsed JSON and the response it came in, or the ApiError the tab shows. */
  async function exchange(method: string, path: string, body?: unknown): Promise<{ json: unknown; response: Response }> {
    const binary = body instanceof Blob;
    let token: string | null;
    try {
      token = await options.getToken();
    } catch (error) {
      if (error instanceof TeamsTokenError) throw new ApiError(error.consent ? 'consent' : 'unauthorized', error.message, null, null);
      throw error;
    }
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    if (consentGrantedAt !== null && now() - consentGrantedAt < CONSENT_PROPAGATION_MS) headers[CONSENT_GRANTED_HEADER] = '1';
    if (body !== undefined) headers['Content-Type'] = binary ? 'application/octet-stream' : 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${base}/api${path}`, {
        method,
        headers,
        ...(body !== undefined && { body: binary ? body : JSON.stringify(body) }),
      });
    } catch {
      throw new ApiError('unavailable', 'The plan service could not be reached.', null, null);
    }
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    if (!response.ok) {
      const parsed = errorBodySchema.safeParse(json);
      const code = parsed.success ? parsed.data.error.code : null;
      const message = parsed.success ? parsed.data.error.message : `The plan service answered ${response.status}.`;
      const body = parsed.success ? parsed.data.error : null;
      throw new ApiError(errorKind(response.status, code), message, response.status, code, body?.current ?? null, body?.scopes ?? []);
    }
    return { json, response };
  }

  function parse<T>(parser: Parser<T>, json: unknown, method: string, path: string, response: Response): T {
    try {
      return parser.parse(json);
    } catch {
      throw new ApiError('unavailable', `The plan service sent an answer the tab does not understand (${method} ${path.split('?')[0]}).`, response.status, null);
    }
  }

  async function request<T>(method: string, path: string, parser: Parser<T>, body?: unknown): Promise<T> {
    const { json, response } = await exchange(method, path, body);
    return parse(parser, json, method, path, response);
  }

  /** A paged list, every page: the API links the next one (`Link: <…>; rel="next"`) until the last. */
  async function requestAll<T>(path: string, parser: Parser<T[]>): Promise<T[]> {
    const all: T[] = [];
    let next: string | null = path;
    while (next !== null) {
      const { json, response } = await exchange('GET', next);
      all.push(...parse(parser, json, 'GET', next, response));
      next = nextPage(response);
    }
    return all;
  }

  const actionPath = (planId: string, ref: string) => `/plans/${segment(planId)}/actions/${segment(ref)}`;

  return {
    listPlans: () => request('GET', '/plans', trusted<PlanSummary[]>(planSummariesSchema)),
    getPlan: (planId) => request('GET', `/plans/${segment(planId)}`, trusted<PlanEnvelope>(planEnvelopeSchema)),
    listActions: (planId) => requestAll(`/plans/${segment(planId)}/actions`, trusted<ActionView[]>(actionViewsSchema)),
    getAction: (planId, ref) => request('GET', actionPath(planId, ref), trusted<ActionWithUpdates>(actionWithUpdatesSchema)),
    addUpdate: (planId, ref, body) => request('POST', `${actionPath(planId, ref)}/updates`, trusted<RecordedUpdate>(recordUpdateSchema), body),
    changeAction: (planId, ref, body) => request('PATCH', actionPath(planId, ref), trusted<Action>(actionSchema), body),
    importDocument: ({ file, fileName, into, dryRun, asNew }) => {
      const query = new URLSearchParams({ fileName, ...(dryRun && { dryRun: 'true' }), ...(asNew && { asNew: 'true' }) });
      const path = into === undefined ? `/plans/import?${query}` : `/plans/${segment(into)}/import?${query}`;
      return request('POST', path, trusted<ImportAnswer>(importAnswerSchema), file);
    },
    consentGranted: () => {
      consentGrantedAt = now();
    },
  };
}

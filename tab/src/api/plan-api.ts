import type { HistoryEntry } from '../../../src/plan/action-history.js';
import type { AnnualReport } from '../../../src/plan/annual-report.js';
import type { DateOnly } from '../../../src/plan/calendar-date.js';
import type { ChannelDigest, DigestSchedule, PlanChannel } from '../../../src/plan/channel-digest.js';
import type { PlanChanges } from '../../../src/plan/changes-since.js';
import type { ImportReport } from '../../../src/import/import-report.js';
import type { Action, ActionView, ActionWithUpdates, Plan, PlanSummary, Section } from '../../../src/plan/plan.js';
import type { MeetingSource, PlanMeeting } from '../../../src/plan/plan-meetings.js';
import type { PlanRevision } from '../../../src/plan/plan-revision.js';
import type { Rag } from '../../../src/plan/rag.js';
import type { Update } from '../../../src/plan/update.js';
import { TeamsTokenError } from '../host/teams-host.js';
import { ApiError, errorKind } from './api-error.js';
import {
  actionSchema,
  actionViewsSchema,
  actionWithUpdatesSchema,
  channelDigestSchema,
  errorBodySchema,
  discussedAnswerSchema,
  finishedMeetingSchema,
  importAnswerSchema,
  meetingsSchema,
  planChangesSchema,
  planEnvelopeSchema,
  planSummariesSchema,
  postedDigestSchema,
  recordUpdateSchema,
  requestOutcomeSchema,
} from './api-schemas.js';

/** What the person asking may decide on the plan's actions (GET /api/plans/{id}'s `you`). */
export interface PlanStanding {
  isOwner: boolean;
  /** Whether the plan has its owner approve completions and new timescales. */
  ownerApproves: boolean;
  /** Close an action or move its timescale without asking: the owner, or anyone where the owner does not approve. */
  mayDecide: boolean;
  /**
   * Whether this person may change the plan at all (record minutes, finish a meeting). The API's
   * answer always has it (api-schemas.ts reads a server that does not send it yet as true); optional
   * for stand-ins that build a standing themselves. Read it through `mayEditPlan`.
   */
  mayEdit?: boolean;
}

/** Whether the person may change the plan: yes unless the server said no. */
export function mayEditPlan(you: PlanStanding): boolean {
  return you.mayEdit !== false;
}

export interface PlanEnvelope {
  plan: Plan;
  sections: Section[];
  /** Today in the plan's time zone, by the server's clock. */
  today: DateOnly;
  you: PlanStanding;
}

export interface NewUpdateRequest {
  text: string;
  rag?: Rag;
  timescale?: string;
  /** The day the update reports (a meeting's); today when left out. */
  date?: DateOnly;
  /** What difference the action made: required when the update completes it. */
  evidence?: string;
  /** The action's version as read, so a RAG or timescale change made since is refused, not overwritten. */
  version: string;
  /** Makes a retried submission a no-op. */
  key: string;
}

export interface FieldChangeRequest {
  version: string;
  rag?: Rag;
  timescale?: string;
  /** The impact evidence when the change completes the action; the reason for a new timescale. */
  note?: string;
  /** The day the change counts for (a meeting's); today when left out. */
  date?: DateOnly;
  /** Makes a retried submission a no-op. */
  key?: string;
}

export interface RecordedUpdate {
  created: boolean;
  update: Update;
  action: ActionWithUpdates;
  /** The completion proposed to the plan owner instead of made, where the owner approves. */
  proposal: HistoryEntry | null;
}

/** Each request carries the version read (a change since is a conflict) and a key (a retry is made once). */
interface VersionedRequest {
  version: string;
  key?: string;
}

export interface CompleteRequest extends VersionedRequest {
  evidence: string;
  date?: DateOnly;
}

export interface CompletionAnswer extends VersionedRequest {
  approve: boolean;
  /** The owner's reason: required to return a proposal. */
  note?: string;
}

export interface TimescaleRequest extends VersionedRequest {
  timescale: string;
  reason: string;
  /** The day the request counts for (the meeting it was agreed at); today when left out. */
  date?: DateOnly;
}

export interface TimescaleAnswer extends VersionedRequest {
  agree: boolean;
  /** The owner's reason: required to decline. */
  note?: string;
}

/**
 * A completion or new timescale: made at once (the action as changed, 200), asked of the plan owner
 * (the history entry, 202), or an owner's answer that changes nothing, returned or declined (the entry, 200).
 */
export type RequestOutcome = { outcome: 'changed'; action: Action } | { outcome: 'requested' | 'answered'; entry: HistoryEntry };

export interface NewMeeting {
  date: DateOnly;
  title?: string;
  source?: Exclude<MeetingSource, 'document'>;
  /** The Teams meeting's chat, where its summary goes when it ends (only someone in that chat may name it). */
  chatId?: string;
}

/** GET /api/plans/{id}/changes: what changed since a day (the last meeting unless named), with the meetings around today. */
export interface PlanChangesAnswer extends PlanChanges {
  lastMeeting: PlanMeeting | null;
  nextMeeting: PlanMeeting | null;
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

/** POST /api/plans/{id}/meetings/{date}/finish: the meeting is over, its summary goes to the meeting's chat. */
export interface FinishMeetingRequest {
  date: DateOnly;
  /** The meeting's chat the bot posts the summary to; null when the tab does not know it (the server says it was not sent). */
  chatId: string | null;
  /** Refs of the actions discussed, in the order first shown on the stage. */
  discussed: readonly string[];
}

export interface FinishedMeeting {
  /** Whether the summary card reached the meeting's chat. */
  sent: boolean;
  summary: { discussed: number; changes: number; dueBeforeNext: number };
}

/** PUT /api/plans/{id}/channel-digest: the channel the digest goes to (the one the tab is in), and when. */
export interface ChannelDigestLink {
  channel: PlanChannel;
  schedule: DigestSchedule;
}

/** POST /api/plans/{id}/channel-digest/post: posted, and what it counted from. */
export interface PostedDigest {
  posted: boolean;
  /** The day "since the last meeting" counted from. */
  since: DateOnly;
  counts: PlanChanges['counts'];
}

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
  /** Closes the action with its impact evidence, or (a lead, where the owner approves) proposes it to the owner. */
  completeAction(planId: string, ref: string, request: CompleteRequest): Promise<RequestOutcome>;
  /** The owner approves or returns a proposed completion; 403 not_plan_owner for anyone else. */
  answerCompletion(planId: string, ref: string, answer: CompletionAnswer): Promise<RequestOutcome>;
  /** A new timescale with its reason: changed for the owner (or where the owner does not approve), else asked of the owner. */
  requestTimescale(planId: string, ref: string, request: TimescaleRequest): Promise<RequestOutcome>;
  /** The owner agrees to or declines a new timescale asked for; 403 not_plan_owner for anyone else. */
  answerTimescale(planId: string, ref: string, answer: TimescaleAnswer): Promise<RequestOutcome>;
  /** Adds a meeting to the plan (one a day); answers the plan's meetings in date order. */
  addMeeting(planId: string, meeting: NewMeeting): Promise<PlanMeeting[]>;
  removeMeeting(planId: string, date: DateOnly): Promise<PlanMeeting[]>;
  /** What changed since a day; without one, since the plan's last meeting (400 when it has none before today). */
  getChanges(planId: string, since?: DateOnly): Promise<PlanChangesAnswer>;
  /**
   * Ends the meeting on a day: the server sends its summary card (discussed, changed, due before the
   * next meeting) to the meeting's chat. Every client of the service has it; optional for stand-ins
   * that have no bot (a view offers "Finish meeting" only where it exists).
   */
  finishMeeting?(planId: string, request: FinishMeetingRequest): Promise<FinishedMeeting>;
  /**
   * Keeps what the meeting's stage has shown so far on the day's meeting, for the summary posted when
   * the meeting simply ends; answers how many refs are kept. Optional as finishMeeting is.
   */
  recordDiscussed?(planId: string, request: FinishMeetingRequest): Promise<number>;
  /**
   * The plan's digest in its team's channel, posted by the bot: links the plan to a channel with when
   * to post (409 bot_not_in_team, 403 not_in_team or may_not_edit) and answers the setting. This and
   * the two below are in every client of the service; optional for stand-ins with no bot, where the
   * view only says what the setting is.
   */
  linkChannelDigest?(planId: string, link: ChannelDigestLink): Promise<ChannelDigest>;
  /** Stops posting the digest anywhere. */
  unlinkChannelDigest?(planId: string): Promise<void>;
  /** Posts the digest to the linked channel now (409 no_channel or bot_not_in_team; 400 with no meeting before today). */
  postChannelDigest?(planId: string): Promise<PostedDigest>;
  importDocument(request: ImportRequest): Promise<ImportAnswer>;
  /**
   * The plan as a file (`GET /api/plans/{id}/export.{format}`), narrowed as asked: its bytes and the
   * name the server gives it. Fetched with the person's token, which a plain link cannot carry in
   * Teams. Optional for stand-ins, where the view's link downloads it itself.
   */
  downloadExport?(planId: string, format: 'docx', options: { lead?: string }): Promise<{ blob: Blob; fileName: string }>;
  /** The annual report pack of a financial year ("2025-26"); optional for stand-ins, where the report view says it is not available. */
  getAnnualReport?(planId: string, year: string): Promise<AnnualReport>;
  /** The same report as a Word document, fetched with the person's token as downloadExport is. */
  downloadAnnualReport?(planId: string, year: string): Promise<{ blob: Blob; fileName: string }>;
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

function jsonOf(text: string): unknown {
  try {
    return text === '' ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

/** The file name a Content-Disposition gives: its UTF-8 filename* first, else its plain filename. */
export function fileNameOf(disposition: string | null): string | null {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // A malformed encoding falls back to the plain name.
    }
  }
  return /filename="([^"]*)"/i.exec(disposition ?? '')?.[1] ?? null;
}

export function createPlanApi(options: PlanApiOptions): PlanApi {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const now = options.now ?? (() => performance.now());
  let consentGrantedAt: number | null = null;

  /** One call: the response when it succeeded, or the ApiError the tab shows. */
  async function send(method: string, path: string, body?: unknown): Promise<Response> {
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
    if (!response.ok) {
      const parsed = errorBodySchema.safeParse(jsonOf(await response.text()));
      const code = parsed.success ? parsed.data.error.code : null;
      const message = parsed.success ? parsed.data.error.message : `The plan service answered ${response.status}.`;
      const body = parsed.success ? parsed.data.error : null;
      throw new ApiError(errorKind(response.status, code), message, response.status, code, body?.current ?? null, body?.scopes ?? []);
    }
    return response;
  }

  /** One call: the parsed JSON and the response it came in. */
  async function exchange(method: string, path: string, body?: unknown): Promise<{ json: unknown; response: Response }> {
    const response = await send(method, path, body);
    return { json: jsonOf(await response.text()), response };
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
    completeAction: (planId, ref, body) => request('POST', `${actionPath(planId, ref)}/complete`, trusted<RequestOutcome>(requestOutcomeSchema), body),
    answerCompletion: (planId, ref, body) => request('POST', `${actionPath(planId, ref)}/completion-answer`, trusted<RequestOutcome>(requestOutcomeSchema), body),
    requestTimescale: (planId, ref, body) => request('POST', `${actionPath(planId, ref)}/timescale-requests`, trusted<RequestOutcome>(requestOutcomeSchema), body),
    answerTimescale: (planId, ref, body) => request('POST', `${actionPath(planId, ref)}/timescale-answer`, trusted<RequestOutcome>(requestOutcomeSchema), body),
    addMeeting: (planId, body) => request('POST', `/plans/${segment(planId)}/meetings`, trusted<PlanMeeting[]>(meetingsSchema), body),
    removeMeeting: (planId, date) => request('DELETE', `/plans/${segment(planId)}/meetings/${segment(date)}`, trusted<PlanMeeting[]>(meetingsSchema)),
    getChanges: (planId, since) =>
      request('GET', `/plans/${segment(planId)}/changes${since === undefined ? '' : `?since=${segment(since)}`}`, trusted<PlanChangesAnswer>(planChangesSchema)),
    finishMeeting: (planId, { date, chatId, discussed }) =>
      request('POST', `/plans/${segment(planId)}/meetings/${segment(date)}/finish`, trusted<FinishedMeeting>(finishedMeetingSchema), { chatId, discussed }),
    recordDiscussed: async (planId, { date, chatId, discussed }) =>
      (await request('PUT', `/plans/${segment(planId)}/meetings/${segment(date)}/discussed`, trusted<{ discussed: number }>(discussedAnswerSchema), { chatId, discussed })).discussed,
    linkChannelDigest: (planId, body) => request('PUT', `/plans/${segment(planId)}/channel-digest`, trusted<ChannelDigest>(channelDigestSchema), body),
    unlinkChannelDigest: async (planId) => {
      await send('DELETE', `/plans/${segment(planId)}/channel-digest`);
    },
    postChannelDigest: (planId) => request('POST', `/plans/${segment(planId)}/channel-digest/post`, trusted<PostedDigest>(postedDigestSchema)),
    importDocument: ({ file, fileName, into, dryRun, asNew }) => {
      const query = new URLSearchParams({ fileName, ...(dryRun && { dryRun: 'true' }), ...(asNew && { asNew: 'true' }) });
      const path = into === undefined ? `/plans/import?${query}` : `/plans/${segment(into)}/import?${query}`;
      return request('POST', path, trusted<ImportAnswer>(importAnswerSchema), file);
    },
    downloadExport: async (planId, format, { lead }) => {
      const query = new URLSearchParams(lead ? { lead } : {});
      const search = query.toString();
      const response = await send('GET', `/plans/${segment(planId)}/export.${format}${search === '' ? '' : `?${search}`}`);
      return { blob: await response.blob(), fileName: fileNameOf(response.headers.get('Content-Disposition')) ?? `plan.${format}` };
    },
    // The report is the server's domain answer to this very year, shown as it comes.
    getAnnualReport: (planId, year) => request('GET', `/plans/${segment(planId)}/annual-report?year=${segment(year)}`, { parse: (data) => data as AnnualReport }),
    downloadAnnualReport: async (planId, year) => {
      const response = await send('GET', `/plans/${segment(planId)}/annual-report.docx?year=${segment(year)}`);
      return { blob: await response.blob(), fileName: fileNameOf(response.headers.get('Content-Disposition')) ?? `annual report ${year}.docx` };
    },
    consentGranted: () => {
      consentGrantedAt = now();
    },
  };
}

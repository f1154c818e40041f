import { z } from 'zod';

/**
 * Graph's error body: { error: { code, message, innerError: { date, request-id, client-request-id } } }
 * (learn.microsoft.com/graph/errors). innerError may nest further codes; the most specific wins.
 */
const innerErrorSchema: z.ZodType<{ code?: string | undefined; 'request-id'?: string | undefined; innerError?: unknown }> = z
  .object({ code: z.string().optional(), 'request-id': z.string().optional(), innerError: z.unknown().optional() })
  .loose();

const graphErrorBodySchema = z.object({
  error: z
    .object({
      code: z.string().optional(),
      message: z.string().optional(),
      innerError: innerErrorSchema.optional(),
    })
    .loose(),
});

/** SharePoint REST (odata=verbose) errors: { error: { code: "-2130575342, ...", message: { value } } }. */
const sharePointErrorBodySchema = z.object({
  error: z.object({ code: z.string().optional(), message: z.object({ value: z.string() }) }).loose(),
});

/**
 * SharePoint's refusal of a token (401): only { error_description }, such as "Unsupported app only
 * token." for an app-only token got with a client secret, the reason in x-ms-diagnostics.
 */
const sharePointAuthErrorSchema = z.object({ error_description: z.string() });

export interface GraphErrorDetails {
  code: string;
  message: string;
  /** Codes of nested innerError objects, outermost first. */
  innerCodes: string[];
  requestId: string | null;
}

export function parseGraphErrorBody(body: unknown): GraphErrorDetails | null {
  const graph = graphErrorBodySchema.safeParse(body);
  if (graph.success) {
    const innerCodes: string[] = [];
    let requestId: string | null = null;
    let inner: unknown = graph.data.error.innerError;
    for (let depth = 0; depth < 5 && inner; depth += 1) {
      const parsed = innerErrorSchema.safeParse(inner);
      if (!parsed.success) break;
      if (parsed.data.code) innerCodes.push(parsed.data.code);
      requestId ??= parsed.data['request-id'] ?? null;
      inner = parsed.data.innerError;
    }
    return { code: graph.data.error.code ?? '', message: graph.data.error.message ?? '', innerCodes, requestId };
  }
  const sp = sharePointErrorBodySchema.safeParse(body);
  if (sp.success) return { code: sp.data.error.code ?? '', message: sp.data.error.message.value, innerCodes: [], requestId: null };
  const auth = sharePointAuthErrorSchema.safeParse(body);
  if (auth.success) return { code: '', message: auth.data.error_description, innerCodes: [], requestId: null };
  return null;
}

/** What was asked, without the query string: $filter values can hold names, and errors get logged. */
export interface HttpRequestSummary {
  method: string;
  /** Origin and path only. */
  url: string;
  /** For a request inside a $batch: its id there. */
  batchId?: string;
}

export function summariseUrl(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : `${url.slice(0, q)}?…`;
}

/**
 * The one error of the Graph boundary: the status, Graph's code, the request that failed (without
 * its query), how many attempts were made, and the server's Retry-After when it gave one.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly innerCodes: string[];
  readonly request: HttpRequestSummary;
  readonly requestId: string | null;
  readonly attempts: number;
  readonly retryAfterSeconds: number | null;
  /** The parsed response body, for callers that need more than the code (never logged). */
  readonly body: unknown;

  constructor(init: {
    status: number;
    request: HttpRequestSummary;
    body: unknown;
    attempts: number;
    retryAfterSeconds?: number | null;
    cause?: unknown;
    message?: string;
  }) {
    const details = parseGraphErrorBody(init.body);
    const code = details?.code || (init.status === 0 ? 'networkError' : `http${init.status}`);
    const tries = init.attempts > 1 ? ` after ${init.attempts} attempts` : '';
    const where = `${init.request.method} ${init.request.url}${init.request.batchId ? ` (batch request ${init.request.batchId})` : ''}`;
    const detail = init.message ?? details?.message ?? '';
    super(`${where} failed with ${init.status === 0 ? 'no response' : `HTTP ${init.status}`} ${code}${tries}${detail ? `: ${detail}` : ''}`, {
      cause: init.cause,
    });
    this.name = 'HttpError';
    this.status = init.status;
    this.code = code;
    this.innerCodes = details?.innerCodes ?? [];
    this.request = init.request;
    this.requestId = details?.requestId ?? null;
    this.attempts = init.attempts;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.body = init.body;
  }

  /** The server's message, for matching the few undocumented messages there is no code for. */
  get serverMessage(): string {
    return parseGraphErrorBody(this.body)?.message ?? '';
  }
}

/**
 * SharePoint refuses a duplicate in a unique column with 400 invalidRequest and this message, not
 * 409 (undocumented; observed by real clients such as n8n's SharePoint node, see
 * ../shared/PLATFORM-LIMITS.md).
 */
export const UNIQUE_VALUE_MESSAGE = 'One or more fields with unique constraints already has the provided value.';

export function isUniqueValueConflict(status: number, body: unknown): boolean {
  if (status !== 400) return false;
  const details = parseGraphErrorBody(body);
  return details !== null && details.code === 'invalidRequest' && details.message.includes('unique constraints');
}

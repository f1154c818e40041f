import { z } from 'zod';
import type { GraphHttp, HttpMethod } from './graph-http.js';
import { HttpError, summariseUrl } from './http-error.js';
import { resourceUnitsFor } from './resource-units.js';
import { isRetryableStatus, parseRetryAfter, retryDelayMs } from './retry-policy.js';

/**
 * JSON batching (learn.microsoft.com/graph/json-batching): at most 20 requests per POST /$batch;
 * responses come back in any order, each with its own status; dependsOn orders requests and a
 * request whose prerequisite failed gets 424. Each request is throttled on its own, so a 429 comes
 * back inside a 200 batch with its own Retry-After, and the SDKs do not retry it
 * (learn.microsoft.com/graph/throttling#throttling-and-batching). This helper chunks, keeps
 * dependent requests in one batch, and retries the throttled ones (and their 424 dependants).
 */
export const MAX_BATCH_REQUESTS = 20;

export interface BatchStep {
  /** Unique in the run; the batch id sent to Graph. */
  id: string;
  method: HttpMethod;
  /** Relative to the Graph version root: "/sites/{id}/lists/{id}/items". */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Steps of the same run this one needs first; they travel in the same batch. */
  dependsOn?: string[];
}

export interface BatchOutcome {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  attempts: number;
}

export interface BatchOptions {
  signal?: AbortSignal;
  /** Called after each batch with steps finished so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Graph's limit is 20; tests may use less. */
  maxPerBatch?: number;
}

const batchResponseSchema = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
    }),
  ),
});

/** Groups steps linked by dependsOn, so each group goes in one batch. */
function dependencyGroups(steps: readonly BatchStep[]): BatchStep[][] {
  const parent = new Map<string, string>(steps.map((s) => [s.id, s.id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(id, root);
    return root;
  };
  for (const step of steps) {
    for (const dep of step.dependsOn ?? []) {
      if (!parent.has(dep)) throw new Error(`batch step ${step.id} depends on ${dep}, which is not in the run`);
      parent.set(find(step.id), find(dep));
    }
  }
  const groups = new Map<string, BatchStep[]>();
  for (const step of steps) {
    const root = find(step.id);
    const group = groups.get(root);
    if (group) group.push(step);
    else groups.set(root, [step]);
  }
  return [...groups.values()];
}

function chunk(steps: readonly BatchStep[], max: number): BatchStep[][] {
  const chunks: BatchStep[][] = [];
  let current: BatchStep[] = [];
  for (const group of dependencyGroups(steps)) {
    if (group.length > max) throw new Error(`batch: ${group.length} dependent requests cannot fit one batch of ${max}`);
    if (current.length + group.length > max) {
      chunks.push(current);
      current = [];
    }
    current.push(...group);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function wire(step: BatchStep): Record<string, unknown> {
  const request: Record<string, unknown> = { id: step.id, method: step.method, url: step.url };
  const headers = { ...(step.headers ?? {}) };
  if (step.body !== undefined) {
    // "When a body is included with the request, the headers object must contain a value for Content-Type."
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    request.body = step.body;
  }
  if (Object.keys(headers).length > 0) request.headers = headers;
  if (step.dependsOn && step.dependsOn.length > 0) request.dependsOn = step.dependsOn;
  return request;
}

function headerValue(headers: Record<string, string>, name: string): string | null {
  const key = Object.keys(headers).find((h) => h.toLowerCase() === name);
  return key === undefined ? null : (headers[key] ?? null);
}

/** Runs every step, 20 to a batch, and returns each step's final outcome by id. */
export async function runBatch(http: GraphHttp, steps: readonly BatchStep[], options: BatchOptions = {}): Promise<Map<string, BatchOutcome>> {
  const max = Math.min(MAX_BATCH_REQUESTS, options.maxPerBatch ?? MAX_BATCH_REQUESTS);
  const ids = new Set<string>();
  for (const step of steps) {
    if (ids.has(step.id)) throw new Error(`batch step id ${step.id} is used twice`);
    ids.add(step.id);
  }
  const outcomes = new Map<string, BatchOutcome>();
  const attempts = new Map<string, number>();
  let pending: BatchStep[] = [...steps];

  for (let round = 1; pending.length > 0; round += 1) {
    const retry: BatchStep[] = [];
    let longestWaitSeconds: number | null = null;
    let anyWithoutRetryAfter = false;

    for (const part of chunk(pending, max)) {
      const units = part.reduce((sum, s) => sum + resourceUnitsFor(s.method, s.url), 0);
      const reply = await http.send({ method: 'POST', url: '/$batch', body: { requests: part.map(wire) }, resourceUnits: units, signal: options.signal });
      const parsed = batchResponseSchema.safeParse(reply.body);
      if (!parsed.success) throw new Error(`POST /$batch: the answer is not a batch response (${parsed.error.issues[0]?.message ?? 'invalid'})`);
      const byId = new Map(parsed.data.responses.map((r) => [r.id, r]));

      const retried = new Set<string>();
      for (const step of part) {
        const response = byId.get(step.id);
        const tries = (attempts.get(step.id) ?? 0) + 1;
        attempts.set(step.id, tries);
        const headers = response?.headers ?? {};
        const status = response?.status ?? 0;
        const dependsOnRetried = (step.dependsOn ?? []).some((d) => retried.has(d));
        const canRetry = tries < http.retry.maxAttempts;
        if (canRetry && (isRetryableStatus(status, step.method) || (status === 424 && dependsOnRetried))) {
          retried.add(step.id);
          retry.push(step);
          const after = parseRetryAfter(headerValue(headers, 'retry-after'), http.clock.now());
          if (after === null) anyWithoutRetryAfter ||= status !== 424;
          else longestWaitSeconds = Math.max(longestWaitSeconds ?? 0, after);
          continue;
        }
        outcomes.set(step.id, { id: step.id, status, headers, body: response?.body ?? null, attempts: tries });
      }
      options.onProgress?.(outcomes.size, steps.length);
    }

    if (retry.length > 0) {
      const backoff = anyWithoutRetryAfter ? retryDelayMs(round, null, http.retry) : 0;
      const delay = Math.max(backoff, longestWaitSeconds === null ? 0 : retryDelayMs(round, longestWaitSeconds, http.retry));
      http.pacer?.pauseFor(delay);
      await http.clock.sleep(delay, options.signal);
    }
    const again = new Set(retry.map((s) => s.id));
    // A prerequisite that already succeeded is not sent again; drop it from dependsOn.
    pending = retry.map((s) => ({ ...s, dependsOn: (s.dependsOn ?? []).filter((d) => again.has(d)) }));
  }
  return outcomes;
}

/** The outcome as an HttpError naming the step, for a caller that needs it to have succeeded. */
export function batchStepError(step: Pick<BatchStep, 'id' | 'method' | 'url'>, outcome: BatchOutcome): HttpError {
  return new HttpError({
    status: outcome.status,
    request: { method: step.method, url: summariseUrl(step.url), batchId: step.id },
    body: outcome.body,
    attempts: outcome.attempts,
    retryAfterSeconds: retryAfterSecondsOf(outcome),
  });
}

export function isSuccess(outcome: BatchOutcome): boolean {
  return outcome.status >= 200 && outcome.status < 300;
}

function retryAfterSecondsOf(outcome: BatchOutcome): number | null {
  const value = headerValue(outcome.headers, 'retry-after');
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value) : null;
}

import type { HistoryEntry, HistoryKind } from '../../src/plan/action-history.js';

/*
 * Where one of a lead's requests to the plan owner stands, read from its action's history: still
 * waiting, answered (by the first answer after it), or replaced by a newer request of the same kind
 * before any answer (pendingRequests in src/plan/action-history.ts keeps the latest of each kind).
 */

export type RequestKind = 'completion' | 'timescale';

const STEPS: Record<RequestKind, { asked: HistoryKind; answers: readonly HistoryKind[] }> = {
  completion: { asked: 'completion-proposed', answers: ['completion-approved', 'completion-returned'] },
  timescale: { asked: 'timescale-requested', answers: ['timescale-agreed', 'timescale-declined'] },
};

/** What a request entry asks: a completion, a new timescale; null for an entry that is not a request. */
export function requestKind(entry: Pick<HistoryEntry, 'kind'>): RequestKind | null {
  if (entry.kind === STEPS.completion.asked) return 'completion';
  if (entry.kind === STEPS.timescale.asked) return 'timescale';
  return null;
}

export type RequestStanding =
  | { kind: 'waiting'; request: HistoryEntry }
  | { kind: 'answered'; request: HistoryEntry; answer: HistoryEntry }
  | { kind: 'superseded'; request: HistoryEntry; by: HistoryEntry }
  /** Not in the action's history, or not a request. */
  | { kind: 'unknown' };

export function requestStanding(history: readonly HistoryEntry[], requestId: string): RequestStanding {
  const request = history.find((h) => h.id === requestId);
  const kind = request ? requestKind(request) : null;
  if (!request || kind === null) return { kind: 'unknown' };
  const steps = STEPS[kind];
  const next = [...history]
    .filter((h) => h.sequence > request.sequence && (h.kind === steps.asked || steps.answers.includes(h.kind)))
    .sort((a, b) => a.sequence - b.sequence)[0];
  if (!next) return { kind: 'waiting', request };
  return next.kind === steps.asked ? { kind: 'superseded', request, by: next } : { kind: 'answered', request, answer: next };
}

import { z } from 'zod';
import type { GraphHttp } from './graph-http.js';
import { HttpError } from './http-error.js';

/*
 * A delta query read to its end (learn.microsoft.com/graph/delta-query-overview, "Use delta query to
 * track changes"): pages follow @odata.nextLink until one carries @odata.deltaLink, the link for the
 * next round. Both links are opaque and used exactly as given. Every page is read before any is
 * returned, so a caller applies a round whole or not at all; a page that fails after the pipeline's
 * retries (Retry-After honoured) fails the round, and the same link is asked again next time.
 * A token the service no longer knows answers 410 Gone (resyncRequired): the caller starts again
 * from the beginning (no token), which gives every item's current state.
 */

const deltaPageSchema = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});

export interface DeltaRound {
  /** Items created, changed or removed since the link, in the order the pages gave them. */
  items: unknown[];
  /** The link for the next round. */
  deltaLink: string;
  /** Pages read (requests, retries apart). */
  pages: number;
}

/** The token is too old or unknown: read again from the start. */
export class DeltaResyncRequired extends Error {
  constructor(readonly url: string) {
    super('the delta token is no longer valid (410 Gone): the list is read again from the start');
    this.name = 'DeltaResyncRequired';
  }
}

/** Reads one round of a delta query from `url` (the first request, or the last round's deltaLink). */
export async function readDeltaRound(http: GraphHttp, url: string, options: { signal?: AbortSignal } = {}): Promise<DeltaRound> {
  const first = new URL(http.resolve(url));
  const items: unknown[] = [];
  const seen = new Set<string>();
  let next = url;
  for (let pages = 1; ; pages += 1) {
    let body: unknown;
    try {
      body = (await http.send({ method: 'GET', url: next, signal: options.signal })).body;
    } catch (error) {
      if (error instanceof HttpError && error.status === 410) throw new DeltaResyncRequired(url);
      throw error;
    }
    const page = deltaPageSchema.safeParse(body);
    if (!page.success) throw new Error(`GET ${first.pathname}: the answer is not a delta page (${page.error.issues[0]?.message ?? 'invalid'})`);
    items.push(...page.data.value);
    if (page.data['@odata.deltaLink'] !== undefined) return { items, deltaLink: page.data['@odata.deltaLink'], pages };
    const link = page.data['@odata.nextLink'];
    if (link === undefined) throw new Error(`GET ${first.pathname}: a delta page with neither nextLink nor deltaLink`);
    // The token goes only back to the same service, and a link that repeats would never end.
    if (new URL(http.resolve(link)).origin !== first.origin) throw new Error(`GET ${first.pathname}: nextLink points to another origin`);
    if (seen.has(link)) throw new Error(`GET ${first.pathname}: nextLink repeats itself`);
    seen.add(link);
    next = link;
  }
}

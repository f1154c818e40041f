import { z } from 'zod';
import type { GraphHttp } from './graph-http.js';

/**
 * Reads a Graph collection to its end by following @odata.nextLink (learn.microsoft.com/graph/paging):
 * the link is opaque (it carries a $skiptoken) and is used exactly as given; a page may be smaller
 * than $top, and the maximum $top for list items is undocumented, so the size is never assumed.
 */
const pageSchema = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
});

export interface PagingOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function* graphPages(http: GraphHttp, url: string, options: PagingOptions = {}): AsyncGenerator<unknown[]> {
  const first = new URL(http.resolve(url));
  const seen = new Set<string>();
  let next: string | undefined = url;
  while (next !== undefined) {
    const reply = await http.send({ method: 'GET', url: next, headers: options.headers, signal: options.signal });
    const page = pageSchema.safeParse(reply.body);
    if (!page.success) throw new Error(`GET ${first.pathname}: the answer is not a collection page (${page.error.issues[0]?.message ?? 'invalid'})`);
    yield page.data.value;
    next = page.data['@odata.nextLink'];
    if (next !== undefined) {
      // The token goes wherever the link points: only ever back to the same service.
      if (new URL(http.resolve(next)).origin !== first.origin) throw new Error(`GET ${first.pathname}: nextLink points to another origin`);
      if (seen.has(next)) throw new Error(`GET ${first.pathname}: nextLink repeats itself`);
      seen.add(next);
    }
  }
}

/** Every item of a collection, parsed one by one with the schema. */
export async function graphCollect<T>(http: GraphHttp, url: string, schema: z.ZodType<T>, options: PagingOptions = {}): Promise<T[]> {
  const items: T[] = [];
  for await (const page of graphPages(http, url, options)) {
    for (const raw of page) items.push(schema.parse(raw));
  }
  return items;
}

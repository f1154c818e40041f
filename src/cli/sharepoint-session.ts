import type { RequestEvent } from '../graph/graph-http.js';
import type { SharePointConfig } from '../store/sharepoint/sharepoint-config.js';
import { connectToSite, type ConnectionOptions, type PlanSite } from '../store/sharepoint/site-connection.js';
import { explainSharePointFailure } from './sharepoint-failure.js';

/** What a command sent, for its closing line: requests (retries included) and $batch requests. */
export interface RequestTally {
  requests: number;
  batches: number;
  retries: number;
}

export interface SharePointSession {
  config: SharePointConfig;
  site: PlanSite;
  tally: RequestTally;
}

/** Finds the site with the app's token, counting the requests for the command's closing line. */
export async function openSharePointSession(config: SharePointConfig, connection: ConnectionOptions = {}): Promise<SharePointSession> {
  const tally: RequestTally = { requests: 0, batches: 0, retries: 0 };
  const count = (event: RequestEvent): void => {
    tally.requests += 1;
    if (event.attempt > 1) tally.retries += 1;
    if (event.method === 'POST' && event.url.endsWith('/$batch')) tally.batches += 1;
    connection.http?.onRequest?.(event);
  };
  try {
    const opened = await connectToSite(config, { ...connection, http: { ...connection.http, onRequest: count } });
    return { config, site: opened, tally };
  } catch (error) {
    throw explainSharePointFailure(error);
  }
}

export function describeTally(tally: RequestTally): string {
  const retries = tally.retries > 0 ? `, ${tally.retries} retried` : '';
  return `${tally.requests} HTTP request${tally.requests === 1 ? '' : 's'}, ${tally.batches} of them $batch${retries}`;
}

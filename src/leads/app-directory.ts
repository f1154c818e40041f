import { createAppTokenProvider } from '../auth/app-token-provider.js';
import type { AuthConfig } from '../auth/auth-config.js';
import { createGraphHttp, type GraphHttpOptions } from '../graph/graph-http.js';
import { ResourceUnitPacer } from '../graph/resource-unit-pacer.js';
import { graphDirectory, type Directory } from './directory-search.js';

/** The smallest SharePoint budget (tenants under 1,000 licences); the directory's own limits are higher. */
const DEFAULT_BUDGET = 1250;

/**
 * The directory as the app itself, with no one signed in (the command line): client-credential
 * tokens, through the same pipeline as the SharePoint store (retry on 429/503 after Retry-After,
 * pacing). Needs the application permissions User.Read.All and, for group leads,
 * GroupMember.Read.All (docs/permissions.md).
 */
export function appOnlyDirectory(config: AuthConfig, options: Partial<Pick<GraphHttpOptions, 'graphBaseUrl' | 'clock' | 'onRequest'>> & { authorityHost?: string } = {}): Directory {
  const { authorityHost, ...httpOptions } = options;
  const tokens = createAppTokenProvider(config, authorityHost === undefined ? {} : { authorityHost });
  const http = createGraphHttp({
    getToken: (audience) => tokens.getToken(audience),
    pacer: new ResourceUnitPacer({ budget: DEFAULT_BUDGET, ...(options.clock && { clock: options.clock }) }),
    userAgent: 'NONISV|SafeguardingPartnership|PlanLeads/0.1',
    ...httpOptions,
  });
  return graphDirectory(http);
}

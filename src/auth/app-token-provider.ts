import type { AuthConfig } from './auth-config.js';
import { AppTokenError, explainAppRefusal, readEntraRefusal } from './entra-errors.js';
import { createMsalClient, type MsalClientOptions } from './msal-client.js';

export { AppTokenError, type AppTokenErrorReason } from './entra-errors.js';

/**
 * Graph, or one SharePoint tenant's REST API (views are not in Graph; see DESIGN.md). The same
 * shape as src/graph/graph-http.ts's TokenAudience, so `provider.getToken` plugs in as its GetToken.
 */
export type TokenAudience = { kind: 'graph' } | { kind: 'sharepoint'; origin: string };

export interface AppTokenProvider {
  /** An app-only access token (Graph unless told otherwise), served from MSAL's in-memory cache until it nears expiry. */
  getToken(audience?: TokenAudience): Promise<string>;
}

export type AppTokenProviderOptions = MsalClientOptions;

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/**
 * Client credentials flow for scheduled work (reminder sweeps, migration, provisioning): no user is
 * present. `.default` asks for whatever an admin granted the app, which with Sites.Selected is the
 * one site (learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow).
 */
export function createAppTokenProvider(config: AuthConfig, options: AppTokenProviderOptions = {}): AppTokenProvider {
  const { app } = createMsalClient(config, options);
  return {
    async getToken(audience = { kind: 'graph' }) {
      const scope = scopeFor(audience);
      try {
        // acquireTokenByClientCredential looks in MSAL's cache first (skipCache defaults to false).
        const result = await app.acquireTokenByClientCredential({ scopes: [scope] });
        if (!result?.accessToken) throw new AppTokenError('unknown', `Entra ID returned no access token for ${scope}`);
        return result.accessToken;
      } catch (error) {
        if (error instanceof AppTokenError) throw error;
        const refusal = readEntraRefusal(error);
        throw (
          explainAppRefusal(refusal, config, config.tenantId) ??
          new AppTokenError(
            'unknown',
            refusal.aadsts
              ? `Entra ID refused an app token for ${scope} (AADSTS${refusal.aadsts}); see the AADSTS reference`
              : `Could not get an app token for ${scope}: ${refusal.error || 'unexpected error'}`,
            refusal.aadsts,
          )
        );
      }
    },
  };
}

function scopeFor(audience: TokenAudience): string {
  if (audience.kind === 'graph') return GRAPH_SCOPE;
  let url: URL;
  try {
    url = new URL(audience.origin);
  } catch {
    throw new AppTokenError('audience', `SharePoint site origin "${audience.origin}" is not a URL`);
  }
  if (url.protocol !== 'https:') {
    throw new AppTokenError('audience', `SharePoint site origin "${audience.origin}" must be https`);
  }
  // The resource is the tenant's SharePoint host, whatever site path was given.
  return `${url.origin}/.default`;
}

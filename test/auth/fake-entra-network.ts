import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/**
 * Answers MSAL's requests in-process, shaped like Entra ID's v2.0 endpoints: OpenID metadata on GET,
 * the token endpoint on POST. Records every request so tests can count them.
 */
export interface RecordedRequest {
  method: 'GET' | 'POST';
  url: string;
  form: URLSearchParams;
}

export type TokenAnswer =
  | { kind: 'token'; accessToken: string; expiresIn?: number }
  | { kind: 'error'; status: number; error: string; aadsts: number; description: string }
  | { kind: 'unreachable' };

export interface FakeEntra {
  networkClient: INetworkModule;
  requests: RecordedRequest[];
  tokenRequests(): RecordedRequest[];
}

export function fakeEntraNetwork(answer: (form: URLSearchParams) => TokenAnswer): FakeEntra {
  const requests: RecordedRequest[] = [];
  const respond = <T>(status: number, body: unknown): NetworkResponse<T> => ({
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: body as T,
  });

  const networkClient: INetworkModule = {
    async sendGetRequestAsync<T>(url: string): Promise<NetworkResponse<T>> {
      requests.push({ method: 'GET', url, form: new URLSearchParams() });
      const metadata = /^(https:\/\/[^/]+)\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration/.exec(url);
      if (!metadata) return respond(404, { error: 'not_found' });
      const [, host, tenant] = metadata;
      return respond(200, {
        issuer: `${host}/${tenant}/v2.0`,
        authorization_endpoint: `${host}/${tenant}/oauth2/v2.0/authorize`,
        token_endpoint: `${host}/${tenant}/oauth2/v2.0/token`,
        end_session_endpoint: `${host}/${tenant}/oauth2/v2.0/logout`,
        jwks_uri: `${host}/${tenant}/discovery/v2.0/keys`,
      });
    },
    async sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
      const form = new URLSearchParams(options?.body ?? '');
      requests.push({ method: 'POST', url, form });
      const a = answer(form);
      if (a.kind === 'unreachable') throw new TypeError('fetch failed');
      if (a.kind === 'error') {
        return respond(a.status, {
          error: a.error,
          error_description: `AADSTS${a.aadsts}: ${a.description} Trace ID: 0 Correlation ID: 0 Timestamp: 2024-01-01 00:00:00Z`,
          error_codes: [a.aadsts],
          timestamp: '2024-01-01 00:00:00Z',
          trace_id: '00000000-0000-0000-0000-000000000000',
          correlation_id: '00000000-0000-0000-0000-000000000000',
        });
      }
      const expiresIn = a.expiresIn ?? 3599;
      return respond(200, { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: a.accessToken });
    },
  };
  return { networkClient, requests, tokenRequests: () => requests.filter((r) => r.method === 'POST') };
}

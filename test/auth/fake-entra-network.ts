import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/**
 * Answers MSAL's requests in-process through its system.networkClient hook, shaped like Entra ID's
 * v2.0 endpoints: OpenID metadata on GET, the token endpoint on POST (v2-oauth2-client-creds-grant-flow,
 * v2-oauth2-on-behalf-of-flow: success and error bodies). Records every request so tests can count them.
 */
export interface RecordedRequest {
  method: 'GET' | 'POST';
  url: string;
  form: URLSearchParams;
}

/** Whose token this is: turned into client_info and an id_token, as Entra ID returns for delegated flows. */
export interface TokenUser {
  oid: string;
  tid: string;
}

export type TokenAnswer =
  | { kind: 'token'; accessToken: string; expiresIn?: number; user?: TokenUser }
  | { kind: 'error'; status: number; error: string; aadsts?: number; description: string; suberror?: string; claims?: string }
  | { kind: 'unreachable' };

export interface FakeEntra {
  networkClient: INetworkModule;
  requests: RecordedRequest[];
  tokenRequests(): RecordedRequest[];
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** MSAL only decodes the id_token it caches; it does not check its signature, so none is made. */
function idTokenFor(user: TokenUser): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = { aud: 'client', iss: `https://login.microsoftonline.com/${user.tid}/v2.0`, iat: now, nbf: now, exp: now + 3600, oid: user.oid, sub: user.oid, tid: user.tid, ver: '2.0' };
  return `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url(claims)}.c2lnbmF0dXJl`;
}

export function fakeEntraNetwork(answer: (form: URLSearchParams, url: string) => TokenAnswer): FakeEntra {
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
      const a = answer(form, url);
      if (a.kind === 'unreachable') throw new TypeError('fetch failed');
      if (a.kind === 'error') {
        const code = a.aadsts === undefined ? '' : `AADSTS${a.aadsts}: `;
        return respond(a.status, {
          error: a.error,
          error_description: `${code}${a.description} Trace ID: 0 Correlation ID: 0 Timestamp: 2024-01-01 00:00:00Z`,
          ...(a.aadsts === undefined ? {} : { error_codes: [a.aadsts] }),
          ...(a.suberror ? { suberror: a.suberror } : {}),
          ...(a.claims ? { claims: a.claims } : {}),
          timestamp: '2024-01-01 00:00:00Z',
          trace_id: '00000000-0000-0000-0000-000000000000',
          correlation_id: '00000000-0000-0000-0000-000000000000',
        });
      }
      const expiresIn = a.expiresIn ?? 3599;
      return respond(200, {
        token_type: 'Bearer',
        scope: form.get('scope') ?? '',
        expires_in: expiresIn,
        ext_expires_in: expiresIn,
        access_token: a.accessToken,
        ...(a.user ? { client_info: base64url({ uid: a.user.oid, utid: a.user.tid }), id_token: idTokenFor(a.user) } : {}),
      });
    },
  };
  return { networkClient, requests, tokenRequests: () => requests.filter((r) => r.method === 'POST') };
}

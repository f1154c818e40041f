/** What the consent window needs, carried in its URL from the tab that opened it. */
export interface ConsentRequest {
  clientId: string;
  tenantId: string;
  scopes: string[];
  loginHint: string | null;
}

export function consentPageUrl(page: string, request: ConsentRequest): string {
  const params = new URLSearchParams({ client: request.clientId, tenant: request.tenantId, scope: request.scopes.join(' ') });
  if (request.loginHint) params.set('hint', request.loginHint);
  return `${page}?${params}`;
}

export function readConsentRequest(search: string): ConsentRequest | null {
  const params = new URLSearchParams(search);
  const clientId = params.get('client') ?? '';
  const tenantId = params.get('tenant') ?? '';
  const scopes = (params.get('scope') ?? '').split(' ').filter(Boolean);
  if (!/^[0-9a-f-]{36}$/i.test(clientId) || !/^[0-9a-f-]{36}$/i.test(tenantId) || scopes.length === 0) return null;
  return { clientId, tenantId, scopes, loginHint: params.get('hint') };
}

/**
 * Microsoft Entra's authorize URL asking this person to consent (`prompt=consent`) to the scopes,
 * answering to the tab's own consent-end page (registered as a redirect URI of the app). The code
 * it returns is never redeemed: the server gets its tokens on-behalf-of; the round trip is only
 * for the consent. PKCE is sent because Entra asks it of single-page-app redirect URIs.
 */
export function authorizeUrl(request: ConsentRequest, options: { redirectUri: string; state: string; codeChallenge: string; authority?: string }): string {
  const params = new URLSearchParams({
    client_id: request.clientId,
    response_type: 'code',
    response_mode: 'fragment',
    redirect_uri: options.redirectUri,
    scope: [...new Set([...request.scopes, 'openid'])].join(' '),
    prompt: 'consent',
    state: options.state,
    code_challenge: options.codeChallenge,
    code_challenge_method: 'S256',
  });
  if (request.loginHint) params.set('login_hint', request.loginHint);
  const authority = options.authority ?? 'https://login.microsoftonline.com';
  return `${authority}/${encodeURIComponent(request.tenantId)}/oauth2/v2.0/authorize?${params}`;
}

/** How Entra's answer came back to the consent-end page: in the fragment, as asked. */
export function consentOutcome(hash: string): { ok: true } | { ok: false; reason: string } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const error = params.get('error');
  if (error !== null) return { ok: false, reason: params.get('error_description') ?? error };
  return params.has('code') ? { ok: true } : { ok: false, reason: 'the sign-in window closed without an answer' };
}

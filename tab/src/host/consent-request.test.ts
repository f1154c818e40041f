import { describe, expect, it } from 'vitest';
import { SSO_TOKEN, TEST_CLIENT_ID, TEST_TENANT_ID } from '../test/fake-teams.js';
import { authorizeUrl, consentOutcome, consentPageUrl, readConsentRequest } from './consent-request.js';
import { ssoAudience } from './sso-token-claims.js';

const SCOPES = ['https://graph.microsoft.com/Sites.ReadWrite.All', 'https://graph.microsoft.com/User.Read'];

describe('asking for consent from the tab', () => {
  it('reads the app and tenant from the Teams SSO token, whether its audience is the App ID URI or the client id', () => {
    expect(ssoAudience(SSO_TOKEN)).toEqual({ clientId: TEST_CLIENT_ID, tenantId: TEST_TENANT_ID });
    const v2 = `x.${btoa(JSON.stringify({ aud: TEST_CLIENT_ID.toUpperCase(), tid: TEST_TENANT_ID }))}.y`;
    expect(ssoAudience(v2)).toEqual({ clientId: TEST_CLIENT_ID, tenantId: TEST_TENANT_ID });
    expect(ssoAudience('not a token')).toBeNull();
    expect(ssoAudience(`x.${btoa(JSON.stringify({ aud: 'api://example.org/no-guid', tid: TEST_TENANT_ID }))}.y`)).toBeNull();
  });

  it('carries the request to the consent window in its URL, and refuses a URL without it', () => {
    const url = consentPageUrl('https://plans.example.org/tab/consent', { clientId: TEST_CLIENT_ID, tenantId: TEST_TENANT_ID, scopes: SCOPES, loginHint: 'louise.west@example.org' });
    expect(readConsentRequest(new URL(url).search)).toEqual({ clientId: TEST_CLIENT_ID, tenantId: TEST_TENANT_ID, scopes: SCOPES, loginHint: 'louise.west@example.org' });
    expect(readConsentRequest('?client=x&tenant=y&scope=z')).toBeNull();
    expect(readConsentRequest(`?client=${TEST_CLIENT_ID}&tenant=${TEST_TENANT_ID}`)).toBeNull();
  });

  it('asks Entra for consent to exactly those scopes, in the person’s tenant, answering to the tab’s consent-end page', () => {
    const request = { clientId: TEST_CLIENT_ID, tenantId: TEST_TENANT_ID, scopes: SCOPES, loginHint: 'louise.west@example.org' };
    const url = new URL(authorizeUrl(request, { redirectUri: 'https://plans.example.org/tab/consent-end', state: 's1', codeChallenge: 'c1' }));
    expect(`${url.origin}${url.pathname}`).toBe(`https://login.microsoftonline.com/${TEST_TENANT_ID}/oauth2/v2.0/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: TEST_CLIENT_ID,
      response_type: 'code',
      response_mode: 'fragment',
      redirect_uri: 'https://plans.example.org/tab/consent-end',
      scope: `${SCOPES.join(' ')} openid`,
      prompt: 'consent',
      state: 's1',
      code_challenge: 'c1',
      code_challenge_method: 'S256',
      login_hint: 'louise.west@example.org',
    });
  });

  it('reads Entra’s answer: a code means consent was given, an error says why not', () => {
    expect(consentOutcome('#code=abc&state=s1')).toEqual({ ok: true });
    expect(consentOutcome('#error=access_denied&error_description=AADSTS65004%3A+User+declined+to+consent')).toEqual({ ok: false, reason: 'AADSTS65004: User declined to consent' });
    expect(consentOutcome('')).toEqual({ ok: false, reason: 'the sign-in window closed without an answer' });
  });
});

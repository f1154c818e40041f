import type { AuthConfig } from './auth-config.js';
import { AppTokenError, explainAppRefusal, readEntraRefusal, type EntraRefusal } from './entra-errors.js';
import { createMsalClient, type MsalClientOptions } from './msal-client.js';
import type { SsoUser } from './sso-token-validator.js';

/**
 * On-behalf-of exchange for requests from the tab: the Teams SSO token (already validated by
 * sso-token-validator.ts) becomes a delegated Graph token, so SharePoint's own permissions decide
 * what this person may read and write. Follows tab-sso-graph-api ("Acquire access token for MS
 * Graph", "Race condition when making an OBO call after invalid grant exception") and
 * v2-oauth2-on-behalf-of-flow. The Graph token stays on the server: tab-sso-graph-api says never
 * return it to the client.
 */

/** Delegated Microsoft Graph permissions requested for people using the tab (docs/permissions.md). */
export const DELEGATED_GRAPH_PERMISSIONS = ['Sites.ReadWrite.All', 'User.Read'] as const;
const GRAPH_RESOURCE = 'https://graph.microsoft.com/';
const DELEGATED_GRAPH_SCOPES = DELEGATED_GRAPH_PERMISSIONS.map((p) => `${GRAPH_RESOURCE}${p}`);

/** What the tab needs to ask the person (or an admin) again; safe to send to the browser. */
export interface ConsentChallenge {
  error: 'consent_required' | 'interaction_required';
  /** For the consent request's `scope` parameter, with `prompt=consent`. */
  scopes: string[];
  permissions: string[];
  /** Conditional Access claims challenge, passed on to the interactive sign-in. */
  claims?: string;
  message: string;
}

/**
 * The person has to act before the exchange can succeed: consent to the delegated permissions
 * ('consent', answered with prompt=consent), or satisfy Conditional Access such as MFA
 * ('interaction', answered by an interactive sign-in with the claims challenge).
 */
export class ConsentRequiredError extends Error {
  readonly permissions: readonly string[] = DELEGATED_GRAPH_PERMISSIONS;
  readonly scopes: readonly string[] = DELEGATED_GRAPH_SCOPES;

  constructor(
    readonly kind: 'consent' | 'interaction',
    message: string,
    readonly aadstsCode?: string,
    readonly claims?: string,
  ) {
    super(message);
    this.name = 'ConsentRequiredError';
  }

  toChallenge(): ConsentChallenge {
    return {
      error: this.kind === 'consent' ? 'consent_required' : 'interaction_required',
      scopes: [...this.scopes],
      permissions: [...this.permissions],
      ...(this.claims ? { claims: this.claims } : {}),
      message: this.message,
    };
  }
}

export type OnBehalfOfFailure =
  /** Entra ID would not accept the SSO token itself (expired, bad signature): the tab gets a fresh one. */
  | 'assertion_rejected'
  | 'unknown';

export class OnBehalfOfError extends Error {
  constructor(
    readonly reason: OnBehalfOfFailure,
    message: string,
    readonly aadstsCode?: string,
  ) {
    super(message);
    this.name = 'OnBehalfOfError';
  }
}

export interface OnBehalfOfOptions extends MsalClientOptions {
  /** Waits between consent-propagation retries; tests pass a recorder. */
  sleep?: (ms: number) => Promise<void>;
  /** Retries after the person has just consented; tab-sso-graph-api's sample uses three. */
  consentRetries?: number;
  /** The first wait, doubled each time. */
  firstRetryDelayMs?: number;
}

export interface ExchangeOptions {
  /**
   * The tab has just come back from a successful consent prompt. Only then are consent errors
   * retried: consent takes a few seconds to propagate, and without this flag a first-time user
   * would wait through every retry before being asked at all.
   */
  consentJustGranted?: boolean;
}

export interface OnBehalfOfExchange {
  /**
   * A delegated Graph token for the person behind a validated SSO token, for server-side calls only.
   * `user` is what sso-token-validator returned for this same token: its tenant picks the authority.
   */
  getGraphToken(ssoToken: string, user: SsoUser, options?: ExchangeOptions): Promise<string>;
}

// Codes that mean "the person must do something", beyond the OAuth error names. 65001: no consent;
// 65004: consent declined; 50076/50079/50158/53003: MFA, MFA enrolment, external challenge, CA block.
const CONSENT_CODES = new Set(['65001', '65004']);
const INTERACTION_CODES = new Set(['50076', '50079', '50158', '53003']);
// The assertion itself is unusable: 500133 expired, 50013 signature, 50027 malformed.
const ASSERTION_CODES = new Set(['500133', '50013', '50027']);

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createOnBehalfOfExchange(config: AuthConfig, options: OnBehalfOfOptions = {}): OnBehalfOfExchange {
  const { app, authorityHost } = createMsalClient(config, options);
  const sleep = options.sleep ?? realSleep;
  const retries = options.consentRetries ?? 3;
  const firstDelay = options.firstRetryDelayMs ?? 1000;

  async function exchangeOnce(ssoToken: string, user: SsoUser): Promise<string> {
    // MSAL looks in its cache first: the entry is the person's (keyed by their account from
    // client_info) and is served only for the same assertion (userAssertionHash), so one person's
    // token can never answer for another's SSO token.
    const result = await app.acquireTokenOnBehalfOf({
      oboAssertion: ssoToken,
      scopes: [...DELEGATED_GRAPH_SCOPES],
      // The person's own tenant: tab-sso-graph-api's Node sample sets the authority per request.
      authority: `${authorityHost}/${user.tenantId}`,
    });
    if (!result?.accessToken) throw new OnBehalfOfError('unknown', 'Entra ID returned no access token for the on-behalf-of exchange');
    return result.accessToken;
  }

  return {
    async getGraphToken(ssoToken, user, exchangeOptions = {}) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await exchangeOnce(ssoToken, user);
        } catch (error) {
          const explained = explainObo(error, config, user);
          const propagating = explained instanceof ConsentRequiredError && explained.kind === 'consent' && exchangeOptions.consentJustGranted === true;
          if (!propagating || attempt >= retries) throw explained;
          await sleep(firstDelay * 2 ** attempt);
        }
      }
    },
  };
}

function explainObo(error: unknown, config: AuthConfig, user: SsoUser): Error {
  if (error instanceof OnBehalfOfError || error instanceof AppTokenError) return error;
  const refusal = readEntraRefusal(error);
  const code = refusal.aadsts;
  if (code !== undefined && ASSERTION_CODES.has(code)) {
    return new OnBehalfOfError('assertion_rejected', `Entra ID would not exchange the SSO token (AADSTS${code}): the tab should ask Teams for a fresh token`, code);
  }
  const appProblem = explainAppRefusal(refusal, config, user.tenantId);
  if (appProblem) return appProblem;
  if (refusal.claims || (code !== undefined && INTERACTION_CODES.has(code))) {
    return new ConsentRequiredError(
      'interaction',
      `Your organisation requires you to sign in again${code ? ` (AADSTS${code})` : ''}, for example with multi-factor authentication, before the plan can be opened`,
      code,
      refusal.claims,
    );
  }
  if (isConsentRefusal(refusal)) {
    const permissions = DELEGATED_GRAPH_PERMISSIONS.join(', ');
    return new ConsentRequiredError(
      'consent',
      `Consent is needed for the delegated Microsoft Graph permissions ${permissions}${code ? ` (AADSTS${code})` : ''}: ` +
        `the tab asks you with prompt=consent; if your organisation does not let people consent to apps, an admin grants admin consent for everyone ` +
        `(Entra admin center > Enterprise applications > ${config.clientId} > Permissions > Grant admin consent)`,
      code,
    );
  }
  return new OnBehalfOfError(
    'unknown',
    code ? `Entra ID refused the on-behalf-of exchange (AADSTS${code}); see the AADSTS reference` : `The on-behalf-of exchange failed: ${refusal.error || 'unexpected error'}`,
    code,
  );
}

/** tab-sso-graph-api: invalid_grant or interaction_required from the exchange means ask for consent. */
function isConsentRefusal(refusal: EntraRefusal): boolean {
  return (
    refusal.error === 'invalid_grant' ||
    refusal.error === 'interaction_required' ||
    refusal.error === 'consent_required' ||
    refusal.subError === 'consent_required' ||
    (refusal.aadsts !== undefined && CONSENT_CODES.has(refusal.aadsts))
  );
}

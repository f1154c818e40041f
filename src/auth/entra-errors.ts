import type { AuthConfig } from './auth-config.js';

/**
 * What Entra ID said when it refused a token, read from MSAL's error once so the two flows
 * (client credentials, on-behalf-of) explain failures the same way. AADSTS codes:
 * learn.microsoft.com/entra/identity-platform/reference-error-codes. The docs warn the codes can
 * change; we match the few that name an admin action and keep a generic message for the rest.
 */
export interface EntraRefusal {
  /** OAuth error: invalid_grant, interaction_required, invalid_client, unauthorized_client... */
  error: string;
  subError: string;
  /** Digits only, e.g. "65001". */
  aadsts?: string;
  /** A Conditional Access claims challenge, to hand to the client for interactive sign-in. */
  claims?: string;
  network: boolean;
}

/**
 * MSAL's AuthError (and every subclass: ServerError, InteractionRequiredAuthError, ClientAuthError...)
 * as far as it is read here. Recognised by its fields rather than instanceof so that importing this
 * module does not load @azure/msal-node: the CLI's SharePoint failures reach it from commands that
 * never sign in (`import` into SQLite), and MSAL is a large share of their start.
 */
interface MsalAuthError extends Error {
  errorCode: string;
  errorMessage: string;
  subError: string;
}

function isMsalAuthError(error: unknown): error is MsalAuthError {
  return (
    error instanceof Error &&
    'errorCode' in error &&
    typeof error.errorCode === 'string' &&
    'errorMessage' in error &&
    typeof error.errorMessage === 'string' &&
    'subError' in error &&
    typeof error.subError === 'string'
  );
}

/** What only ServerError and InteractionRequiredAuthError carry: the AADSTS number Entra ID sent (error_codes[0]). */
function errorNumberOf(error: MsalAuthError): string | undefined {
  if (!('errorNo' in error)) return undefined;
  const { errorNo } = error;
  return (typeof errorNo === 'string' && errorNo !== '') || typeof errorNo === 'number' ? String(errorNo) : undefined;
}

/** InteractionRequiredAuthError's Conditional Access challenge (MSAL leaves it empty when Entra ID sent none). */
function claimsOf(error: MsalAuthError): string | undefined {
  return 'claims' in error && typeof error.claims === 'string' && error.claims !== '' ? error.claims : undefined;
}

export function readEntraRefusal(error: unknown): EntraRefusal {
  if (isMsalAuthError(error)) {
    const aadsts = errorNumberOf(error) ?? /AADSTS(\d+)/.exec(`${error.errorMessage} ${error.message}`)?.[1];
    const claims = claimsOf(error);
    return {
      error: error.errorCode,
      subError: error.subError,
      ...(aadsts ? { aadsts } : {}),
      ...(claims ? { claims } : {}),
      network: /network|endpoints_resolution|openid_config/i.test(error.errorCode),
    };
  }
  const network = error instanceof TypeError || (error instanceof Error && 'code' in error && /^E[A-Z]+/.test(String(error.code)));
  return { error: '', subError: '', network };
}

export type AppTokenErrorReason =
  | 'bad_secret'
  | 'secret_expired'
  | 'bad_certificate'
  | 'app_not_in_tenant'
  | 'tenant_not_found'
  | 'network'
  | 'certificate_file'
  | 'audience'
  | 'unknown';

/** The server's own registration or credentials are wrong: an operator or admin fixes it, not the person using the tab. */
export class AppTokenError extends Error {
  constructor(
    readonly reason: AppTokenErrorReason,
    message: string,
    readonly aadstsCode?: string,
  ) {
    super(message);
    this.name = 'AppTokenError';
  }
}

/**
 * The refusals that are about the app, whichever flow met them. Null when the refusal is about
 * something else (a user's consent, say), which the caller explains itself.
 * The message names the admin action, because the person reading it is usually not the one who can fix it.
 */
export function explainAppRefusal(refusal: EntraRefusal, config: Pick<AuthConfig, 'clientId'>, tenant: string): AppTokenError | null {
  const app = `app ${config.clientId}`;
  switch (refusal.aadsts) {
    case '7000215':
      return new AppTokenError('bad_secret', `Entra ID rejected the client secret of ${app} (AADSTS7000215): check GRAPH_CLIENT_SECRET holds the secret's value, not its id`, refusal.aadsts);
    case '7000222':
      return new AppTokenError(
        'secret_expired',
        `The client secret of ${app} has expired (AADSTS7000222): an admin adds a new secret under App registrations > Certificates & secrets and updates GRAPH_CLIENT_SECRET`,
        refusal.aadsts,
      );
    case '700027':
      return new AppTokenError(
        'bad_certificate',
        `Entra ID rejected the certificate of ${app} (AADSTS700027): upload its public certificate under App registrations > Certificates & secrets and check GRAPH_CERTIFICATE_THUMBPRINT`,
        refusal.aadsts,
      );
    case '700016':
      return appNotInTenant(app, tenant, refusal.aadsts);
    case '90002':
      return new AppTokenError('tenant_not_found', `tenant ${tenant} was not found (AADSTS90002): check GRAPH_TENANT_ID (the Directory (tenant) ID or a verified domain)`, refusal.aadsts);
  }
  // Without a code we know, unauthorized_client still means this tenant does not know the app.
  if (refusal.error === 'unauthorized_client' && refusal.aadsts === undefined) return appNotInTenant(app, tenant, undefined);
  if (refusal.network) {
    return new AppTokenError('network', `Could not reach Entra ID for tenant ${tenant}: check outbound HTTPS to the login endpoint (proxy, firewall, DNS)`);
  }
  return null;
}

function appNotInTenant(app: string, tenant: string, code: string | undefined): AppTokenError {
  return new AppTokenError(
    'app_not_in_tenant',
    `${app} is not registered in tenant ${tenant}${code ? ` (AADSTS${code})` : ''}: an admin of that tenant must add it and grant admin consent (Entra admin center > Enterprise applications), or GRAPH_CLIENT_ID / GRAPH_TENANT_ID is wrong`,
    code,
  );
}

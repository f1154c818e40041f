import { GUID } from '../plan/guid.js';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';

/**
 * Checks the access token Teams hands the tab (authentication.getAuthToken) before the server trusts
 * who it names or exchanges it on behalf of the person. Rules from "Access token claims reference"
 * (learn.microsoft.com/entra/identity-platform/access-token-claims-reference), tab-sso-code
 * ("Validate the access token") and PLATFORM-LIMITS.md "Teams SSO and on-behalf-of":
 * - v2 tokens carry the client id as aud; v1 tokens the client id or the App ID URI: accept both;
 * - iss is https://sts.windows.net/<tid>/ (v1) or https://login.microsoftonline.com/<tid>/v2.0 (v2);
 * - keys from the tenant's JWKS, https://login.microsoftonline.com/<tid>/discovery/v2.0/keys.
 * Fails closed: every refusal is an SsoTokenError with a reason; nothing is swallowed.
 */
export interface SsoUser {
  /** The object id (oid): stable for the person across apps, unlike sub. */
  userId: string;
  tenantId: string;
  /** Display name; falls back to the sign-in name when the token has none. */
  name: string;
  /** Sign-in name: upn (v1), preferred_username (v2), or unique_name (guests in v1). */
  upn: string;
}

export type SsoTokenFailure =
  | 'expired'
  /** nbf or iat beyond the allowed clock skew in the future. */
  | 'not_yet_valid'
  | 'audience'
  | 'issuer'
  | 'tenant'
  | 'scope'
  | 'signature'
  | 'malformed'
  /** The signing keys could not be fetched: not the caller's fault, so not a 401. */
  | 'keys_unavailable';

export class SsoTokenError extends Error {
  /** 401 for a token we refuse; 503 when we could not check it. */
  readonly status: 401 | 503;

  constructor(
    readonly reason: SsoTokenFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SsoTokenError';
    this.status = reason === 'keys_unavailable' ? 503 : 401;
  }
}

export interface SsoTokenValidatorOptions {
  /** The home tenant's GUID: tokens carry tid as a GUID, so a domain cannot be compared. */
  tenantId: string;
  clientId: string;
  appIdUri?: string;
  /** Tenants whose people may use the app; defaults to the home tenant alone. */
  allowedTenantIds?: string[];
  /** Defaults to the home tenant's published JWKS. */
  jwksUrl?: string;
  /** Signing keys, instead of fetching jwksUrl. */
  getKey?: JWTVerifyGetKey;
  /** Tolerance for exp, nbf and iat; Microsoft's libraries use five minutes. */
  clockSkewSeconds?: number;
  now?: () => Date;
}

export interface SsoTokenValidator {
  validate(token: string): Promise<SsoUser>;
}

export const SSO_SCOPE = 'access_as_user';
const DEFAULT_CLOCK_SKEW_SECONDS = 5 * 60;

const claimsSchema = z.object({
  oid: z.string().regex(GUID),
  tid: z.string().regex(GUID),
  iss: z.string().min(1),
  iat: z.number(),
  scp: z.string().optional(),
  name: z.string().optional(),
  upn: z.string().optional(),
  preferred_username: z.string().optional(),
  unique_name: z.string().optional(),
});

export function createSsoTokenValidator(options: SsoTokenValidatorOptions): SsoTokenValidator {
  const tenantId = options.tenantId.toLowerCase();
  if (!GUID.test(tenantId)) {
    throw new Error(`SSO token validation needs the tenant GUID (Directory (tenant) ID), not "${options.tenantId}": tokens name their tenant by GUID`);
  }
  const allowedTenants = new Set((options.allowedTenantIds ?? [tenantId]).map((t) => t.toLowerCase()));
  const audiences = [options.clientId, ...(options.appIdUri ? [options.appIdUri] : [])];
  const getKey = options.getKey ?? createRemoteJWKSet(new URL(options.jwksUrl ?? `https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`));
  const skew = options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const now = options.now ?? (() => new Date());

  return {
    async validate(token) {
      const currentDate = now();
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, getKey, {
          algorithms: ['RS256'],
          audience: audiences,
          clockTolerance: skew,
          currentDate,
          requiredClaims: ['exp', 'iat', 'iss', 'tid', 'oid'],
        }));
      } catch (error) {
        throw explainJoseFailure(error);
      }
      const parsed = claimsSchema.safeParse(payload);
      if (!parsed.success) {
        throw new SsoTokenError('malformed', `SSO token claim ${parsed.error.issues[0]?.path.join('.') ?? ''} is missing or malformed`);
      }
      const claims = parsed.data;
      // jose checks iat only together with a maximum age; a token minted in the future is refused here.
      if (claims.iat > currentDate.getTime() / 1000 + skew) {
        throw new SsoTokenError('not_yet_valid', 'SSO token was issued in the future (iat), beyond the allowed clock skew');
      }
      const tid = claims.tid.toLowerCase();
      // Tenant before issuer: a token from another tenant fails both, and "wrong tenant" is the useful answer.
      if (!allowedTenants.has(tid)) {
        throw new SsoTokenError('tenant', `SSO token is from tenant ${claims.tid}, which is not allowed to use this app`);
      }
      const issuers = [`https://sts.windows.net/${tid}/`, `https://login.microsoftonline.com/${tid}/v2.0`];
      if (!issuers.includes(claims.iss.toLowerCase())) {
        throw new SsoTokenError('issuer', `SSO token issuer ${claims.iss} is not Entra ID for tenant ${claims.tid}`);
      }
      const scopes = (claims.scp ?? '').split(' ');
      if (!scopes.includes(SSO_SCOPE)) {
        // App-only tokens have roles and no scp: they are not a person using the tab.
        throw new SsoTokenError('scope', `SSO token does not grant the ${SSO_SCOPE} scope (has: ${claims.scp ?? 'none'})`);
      }
      const upn = claims.upn ?? claims.preferred_username ?? claims.unique_name ?? '';
      return { userId: claims.oid, tenantId: claims.tid, name: claims.name ?? upn, upn };
    },
  };
}

function explainJoseFailure(error: unknown): SsoTokenError {
  if (error instanceof errors.JWTExpired) return new SsoTokenError('expired', 'SSO token has expired; the tab should ask Teams for a fresh one');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return new SsoTokenError('audience', 'SSO token was issued for another application (aud is neither the client id nor the App ID URI)');
    if (error.claim === 'nbf' || (error.claim === 'iat' && error.reason === 'check_failed')) {
      return new SsoTokenError('not_yet_valid', `SSO token is not valid yet (${error.claim}), beyond the allowed clock skew`);
    }
    return new SsoTokenError('malformed', `SSO token claim ${error.claim} is missing or malformed`);
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof errors.JOSEAlgNotAllowed
  ) {
    return new SsoTokenError('signature', 'SSO token signature does not verify against the tenant signing keys');
  }
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid || error instanceof errors.JOSENotSupported) {
    return new SsoTokenError('malformed', 'SSO token is not a well-formed signed JWT');
  }
  // What is left is fetching the keys: a timeout, a non-200 or non-JSON answer, a network error.
  return new SsoTokenError('keys_unavailable', 'Could not fetch the tenant signing keys to check the SSO token', { cause: error });
}

import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';

/**
 * Checks the access token Teams hands the tab (getAuthToken) before the server exchanges it on
 * behalf of the user. Claim rules from "Access token claims reference" (learn.microsoft.com/entra/
 * identity-platform/access-token-claims-reference) and PLATFORM-LIMITS.md "Teams SSO and on-behalf-of":
 * v1 tokens carry the App ID URI or the client id as aud, v2 tokens the client id.
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

/** 'expired' covers both ends of the validity window: exp passed, or nbf not reached yet. */
export type SsoTokenFailure = 'expired' | 'audience' | 'issuer' | 'tenant' | 'scope' | 'signature' | 'malformed';

export class SsoTokenError extends Error {
  constructor(
    readonly reason: SsoTokenFailure,
    message: string,
  ) {
    super(message);
    this.name = 'SsoTokenError';
  }
}

export interface SsoTokenValidatorOptions {
  /** Tenant GUID: tokens carry tid as a GUID, so a domain cannot be compared. */
  tenantId: string;
  clientId: string;
  appIdUri?: string;
  /** Signing keys; defaults to the tenant's published JWKS. */
  getKey?: JWTVerifyGetKey;
  now?: () => Date;
}

export interface SsoTokenValidator {
  validate(token: string): Promise<SsoUser>;
}

export const SSO_SCOPE = 'access_as_user';
const CLOCK_SKEW_SECONDS = 5 * 60;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const claimsSchema = z.object({
  oid: z.string().regex(GUID),
  tid: z.string().min(1),
  iss: z.string().min(1),
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
  const audiences = [options.clientId, ...(options.appIdUri ? [options.appIdUri] : [])];
  const issuers = [`https://sts.windows.net/${tenantId}/`, `https://login.microsoftonline.com/${tenantId}/v2.0`];
  const getKey = options.getKey ?? createRemoteJWKSet(new URL(`https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`));
  const now = options.now ?? (() => new Date());

  return {
    async validate(token) {
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, getKey, {
          algorithms: ['RS256'],
          audience: audiences,
          clockTolerance: CLOCK_SKEW_SECONDS,
          currentDate: now(),
          requiredClaims: ['exp', 'tid', 'oid'],
        }));
      } catch (error) {
        throw explainJoseFailure(error);
      }
      const parsed = claimsSchema.safeParse(payload);
      if (!parsed.success) {
        throw new SsoTokenError('malformed', `SSO token claim ${parsed.error.issues[0]?.path.join('.') ?? ''} is missing or malformed`);
      }
      const claims = parsed.data;
      // Tenant before issuer: a token from another tenant fails both, and "wrong tenant" is the useful answer.
      if (claims.tid.toLowerCase() !== tenantId) {
        throw new SsoTokenError('tenant', `SSO token is from tenant ${claims.tid}, not ${tenantId}: the app serves one organisation`);
      }
      if (!issuers.includes(claims.iss)) {
        throw new SsoTokenError('issuer', `SSO token issuer ${claims.iss} is not Entra ID for tenant ${tenantId}`);
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

function explainJoseFailure(error: unknown): Error {
  if (error instanceof errors.JWTExpired) return new SsoTokenError('expired', 'SSO token has expired; the tab should ask Teams for a fresh one');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return new SsoTokenError('audience', 'SSO token was issued for another application (aud is neither the client id nor the App ID URI)');
    if (error.claim === 'nbf') return new SsoTokenError('expired', 'SSO token is not valid yet (nbf), beyond the allowed clock skew');
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
  // Key fetch failures and the like are our problem, not the caller's token: let them surface as such.
  return error instanceof Error ? error : new Error('SSO token validation failed unexpectedly');
}

import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { BotKeysUnavailableError, createBotSigningKeys, type BotSigningKey, type BotSigningKeys, type BotSigningKeysOptions } from './bot-signing-keys.js';

/**
 * Checks the Authorization header the Bot Connector sends with each activity, following "Authentication
 * with the Bot Connector API" (bot-framework-rest-connector-authentication), connector to bot, step 4:
 * Bearer scheme; iss https://api.botframework.com; aud the bot's Microsoft App ID; within its validity
 * with five minutes of skew; signed by a key from the Bot Framework OpenID metadata, endorsed for the
 * activity's channel; and a serviceurl claim equal to the activity's serviceUrl (so a stolen token
 * cannot point the bot's replies, and its own token, at another host).
 *
 * Used only when BOT_ID is configured. With no bot registration (local mode, the Agents Playground,
 * which sends no Authorization header) the caller decides to skip it; this module never does.
 */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

export type BotAuthFailure =
  | 'missing'
  | 'malformed'
  | 'signature'
  | 'issuer'
  | 'audience'
  | 'expired'
  | 'not_yet_valid'
  | 'endorsement'
  | 'service_url'
  | 'keys_unavailable';

export class BotAuthError extends Error {
  /** 401 without credentials, 403 for a token that fails a requirement (as the article says), 503 when keys cannot be had. */
  readonly status: 401 | 403 | 503;

  constructor(
    readonly reason: BotAuthFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BotAuthError';
    this.status = reason === 'keys_unavailable' ? 503 : reason === 'missing' || reason === 'malformed' ? 401 : 403;
  }
}

/** The two fields of the incoming activity the token is checked against. */
export interface ActivityOrigin {
  serviceUrl: string;
  channelId: string;
}

export interface BotRequestIdentity {
  botId: string;
  serviceUrl: string;
  channelId: string;
}

export interface BotRequestValidatorOptions extends BotSigningKeysOptions {
  botId: string;
  /** Signing keys; by default fetched through the Bot Framework OpenID metadata. */
  keys?: BotSigningKeys;
  /** For sovereign clouds (https://api.botframework.us); defaults to the public cloud. */
  issuer?: string;
  clockSkewSeconds?: number;
  now?: () => number;
}

export interface BotRequestValidator {
  validate(authorization: string | undefined, activity: ActivityOrigin): Promise<BotRequestIdentity>;
}

// Microsoft's prose says serviceUrl; the tokens carry serviceurl (botbuilder's AuthenticationConstants.ServiceUrlClaim).
const claimsSchema = z.object({
  serviceurl: z.string().optional(),
  serviceUrl: z.string().optional(),
});

export function createBotRequestValidator(options: BotRequestValidatorOptions): BotRequestValidator {
  const keys = options.keys ?? createBotSigningKeys(options);
  const issuer = options.issuer ?? BOT_FRAMEWORK_ISSUER;
  const skew = options.clockSkewSeconds ?? 5 * 60;
  const now = options.now ?? (() => Date.now());

  return {
    async validate(authorization, activity) {
      if (authorization === undefined || authorization.trim() === '') {
        throw new BotAuthError('missing', 'The request has no Authorization header: activities from the Bot Connector carry a Bearer token');
      }
      const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      if (!match?.[1]) throw new BotAuthError('malformed', 'The Authorization header is not "Bearer <token>"');
      const token = match[1];
      try {
        if (!decodeProtectedHeader(token).kid) throw new BotAuthError('malformed', 'The Bot Connector token names no signing key (kid)');
      } catch (error) {
        if (error instanceof BotAuthError) throw error;
        throw new BotAuthError('malformed', 'The Bot Connector token is not a JWT');
      }

      const signer: { key: BotSigningKey | null } = { key: null };
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(
          token,
          async (header) => {
            signer.key = header.kid ? await keys.find(header.kid) : null;
            if (!signer.key) throw new errors.JWKSNoMatchingKey();
            return signer.key.key;
          },
          { algorithms: ['RS256'], issuer, audience: options.botId, clockTolerance: skew, currentDate: new Date(now()), requiredClaims: ['exp'] },
        ));
      } catch (error) {
        throw explainFailure(error);
      }

      // botbuilder's JwtTokenExtractor: when the key lists endorsements, the activity's channel must be one.
      const endorsements = signer.key?.endorsements ?? [];
      if (endorsements.length > 0 && !endorsements.includes(activity.channelId)) {
        throw new BotAuthError('endorsement', `The signing key is not endorsed for channel "${activity.channelId}"`);
      }
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) throw new BotAuthError('malformed', 'The Bot Connector token has a serviceurl claim that is not text');
      const serviceUrl = claims.data.serviceurl ?? claims.data.serviceUrl;
      if (serviceUrl === undefined) throw new BotAuthError('service_url', 'The Bot Connector token has no serviceurl claim');
      if (serviceUrl !== activity.serviceUrl) {
        throw new BotAuthError('service_url', `The token's serviceurl ${serviceUrl} is not the activity's serviceUrl ${activity.serviceUrl}`);
      }
      return { botId: options.botId, serviceUrl, channelId: activity.channelId };
    },
  };
}

function explainFailure(error: unknown): BotAuthError {
  if (error instanceof BotKeysUnavailableError) return new BotAuthError('keys_unavailable', error.message, { cause: error });
  if (error instanceof errors.JWTExpired) return new BotAuthError('expired', 'The Bot Connector token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return new BotAuthError('issuer', `The token was not issued by the Bot Connector (${BOT_FRAMEWORK_ISSUER} or the configured issuer)`);
    if (error.claim === 'aud') return new BotAuthError('audience', "The token is for another bot (aud is not this bot's Microsoft App ID)");
    if (error.claim === 'nbf') return new BotAuthError('not_yet_valid', 'The Bot Connector token is not valid yet (nbf)');
    return new BotAuthError('malformed', `The Bot Connector token's ${error.claim} claim is missing or malformed`);
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JOSEAlgNotAllowed
  ) {
    return new BotAuthError('signature', 'The token is not signed by a key the Bot Framework publishes');
  }
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid || error instanceof errors.JOSENotSupported) {
    return new BotAuthError('malformed', 'The Bot Connector token is not a well-formed signed JWT');
  }
  return new BotAuthError('keys_unavailable', 'The Bot Connector token could not be checked', { cause: error });
}

import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { afterEach, beforeAll, beforeEach, describe, it, expect } from 'vitest';
import { BotAuthError, createBotRequestValidator, type ActivityOrigin, type BotRequestValidator } from '../../src/auth/bot-request-validator.js';
import { startLocalJsonServer, type LocalJsonServer } from './local-json-server.js';

const BOT_ID = '22222222-3333-4444-5555-666666666666';
const OTHER_BOT = '77777777-3333-4444-5555-666666666666';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const METADATA_PATH = '/v1/.well-known/openidconfiguration';
const KEYS_PATH = '/v1/.well-known/keys';
const START = Date.parse('2024-03-01T10:00:00Z');
const teamsActivity: ActivityOrigin = { serviceUrl: SERVICE_URL, channelId: 'msteams' };

let connectorKey: CryptoKey;
let rotatedKey: CryptoKey;
let strangerKey: CryptoKey;
let connectorJwk: object;
let rotatedJwk: object;
let server: LocalJsonServer;
let clock: number;
let validator: BotRequestValidator;

beforeAll(async () => {
  const connector = await generateKeyPair('RS256');
  const rotated = await generateKeyPair('RS256');
  connectorKey = connector.privateKey;
  rotatedKey = rotated.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  // Shaped like login.botframework.com/v1/.well-known/keys: JWKs plus the channels each key endorses.
  connectorJwk = { ...(await exportJWK(connector.publicKey)), kid: 'connector-key-1', use: 'sig', endorsements: ['msteams', 'webchat'] };
  rotatedJwk = { ...(await exportJWK(rotated.publicKey)), kid: 'connector-key-2', use: 'sig', endorsements: ['msteams'] };
});

beforeEach(async () => {
  server = await startLocalJsonServer();
  server.documents.set(METADATA_PATH, {
    issuer: 'https://api.botframework.com',
    authorization_endpoint: 'https://invalid.botframework.com',
    jwks_uri: `${server.origin}${KEYS_PATH}`,
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
  });
  server.documents.set(KEYS_PATH, { keys: [connectorJwk] });
  clock = START;
  validator = createBotRequestValidator({ botId: BOT_ID, openIdMetadataUrl: `${server.origin}${METADATA_PATH}`, now: () => clock });
});

afterEach(() => server.close());

function connectorClaims(): JWTPayload {
  const now = Math.floor(clock / 1000);
  return { iss: 'https://api.botframework.com', aud: BOT_ID, serviceurl: SERVICE_URL, nbf: now - 60, exp: now + 3600 };
}

async function bearer(claims: JWTPayload = connectorClaims(), key: CryptoKey = connectorKey, kid = 'connector-key-1'): Promise<string> {
  return `Bearer ${await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid, x5t: kid }).sign(key)}`;
}

async function refusal(header: string | undefined, activity: ActivityOrigin = teamsActivity): Promise<BotAuthError> {
  try {
    await validator.validate(header, activity);
  } catch (e) {
    if (e instanceof BotAuthError) return e;
    throw e;
  }
  throw new Error('expected the request to be refused');
}

describe('Bot Connector request validation', () => {
  it("accepts the Bot Connector's token for this bot and this activity", async () => {
    expect(await validator.validate(await bearer(), teamsActivity)).toEqual({ botId: BOT_ID, serviceUrl: SERVICE_URL, channelId: 'msteams' });
    expect(server.requests).toEqual([METADATA_PATH, KEYS_PATH]);
  });

  it('keeps the keys: a second request fetches nothing', async () => {
    await validator.validate(await bearer(), teamsActivity);
    await validator.validate(await bearer(), teamsActivity);
    expect(server.requests).toHaveLength(2);
  });

  it('refuses a request without an Authorization header with a 401', async () => {
    const error = await refusal(undefined);
    expect(error.reason).toBe('missing');
    expect(error.status).toBe(401);
  });

  it('refuses another scheme than Bearer', async () => {
    expect((await refusal('Basic dXNlcjpwYXNz')).reason).toBe('malformed');
  });

  it('refuses a token from another issuer with a 403', async () => {
    const error = await refusal(await bearer({ ...connectorClaims(), iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/' }));
    expect(error.reason).toBe('issuer');
    expect(error.status).toBe(403);
  });

  it('refuses a token for another bot', async () => {
    expect((await refusal(await bearer({ ...connectorClaims(), aud: OTHER_BOT }))).reason).toBe('audience');
  });

  it('allows five minutes of clock skew, and no more', async () => {
    const now = Math.floor(clock / 1000);
    await validator.validate(await bearer({ ...connectorClaims(), exp: now - 4 * 60 }), teamsActivity);
    expect((await refusal(await bearer({ ...connectorClaims(), exp: now - 6 * 60 }))).reason).toBe('expired');
  });

  it('refuses a token signed by a key the Bot Framework does not publish', async () => {
    expect((await refusal(await bearer(connectorClaims(), strangerKey, 'forged-key'))).reason).toBe('signature');
  });

  it('refuses a token signed by another key under a published key id', async () => {
    expect((await refusal(await bearer(connectorClaims(), strangerKey))).reason).toBe('signature');
  });

  it('refuses an activity from a channel the signing key is not endorsed for', async () => {
    const error = await refusal(await bearer(), { serviceUrl: SERVICE_URL, channelId: 'directline' });
    expect(error.reason).toBe('endorsement');
  });

  it("refuses a token whose serviceurl is not the activity's serviceUrl", async () => {
    const error = await refusal(await bearer(), { serviceUrl: 'https://attacker.example/', channelId: 'msteams' });
    expect(error.reason).toBe('service_url');
  });

  it('refuses a token without a serviceurl claim', async () => {
    const { serviceurl: _omitted, ...withoutServiceUrl } = connectorClaims();
    expect((await refusal(await bearer(withoutServiceUrl))).reason).toBe('service_url');
  });

  it('fails closed with a 503 when the OpenID metadata cannot be fetched', async () => {
    server.failWith = 503;
    const error = await refusal(await bearer());
    expect(error.reason).toBe('keys_unavailable');
    expect(error.status).toBe(503);
  });

  it('looks for a rotated key once the cooldown has passed, not for every unknown key id', async () => {
    await validator.validate(await bearer(), teamsActivity);
    server.documents.set(KEYS_PATH, { keys: [connectorJwk, rotatedJwk] });

    // Within the cooldown an unknown key id is refused without another fetch.
    expect((await refusal(await bearer(connectorClaims(), rotatedKey, 'connector-key-2'))).reason).toBe('signature');
    expect(server.requests).toHaveLength(2);

    clock += 6 * 60 * 1000;
    await validator.validate(await bearer(connectorClaims(), rotatedKey, 'connector-key-2'), teamsActivity);
    expect(server.requests).toHaveLength(4);
  });

  it('keeps using recent keys when the daily refresh fails', async () => {
    await validator.validate(await bearer(), teamsActivity);
    clock += 25 * 60 * 60 * 1000;
    server.failWith = 500;
    expect(await validator.validate(await bearer(), teamsActivity)).toMatchObject({ botId: BOT_ID });
    expect(server.requests).toHaveLength(3);
  });
});

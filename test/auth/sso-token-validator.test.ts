import { exportJWK, generateKeyPair, generateSecret, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { createSsoTokenValidator, SsoTokenError, type SsoTokenFailure, type SsoTokenValidator } from '../../src/auth/sso-token-validator.js';
import { startLocalJsonServer, type LocalJsonServer } from './local-json-server.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const APP_ID_URI = `api://plans.example.org/${CLIENT}`;
const USER = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const NOW = new Date('2024-03-01T10:00:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);
const KEYS_PATH = `/${TENANT}/discovery/v2.0/keys`;

let tenantKey: CryptoKey;
let strangerKey: CryptoKey;
let keyServer: LocalJsonServer;
let validator: SsoTokenValidator;

function validatorFor(options: { allowedTenantIds?: string[] } = {}): SsoTokenValidator {
  return createSsoTokenValidator({
    tenantId: TENANT,
    clientId: CLIENT,
    appIdUri: APP_ID_URI,
    jwksUrl: `${keyServer.origin}${KEYS_PATH}`,
    now: () => NOW,
    ...options,
  });
}

beforeAll(async () => {
  const tenant = await generateKeyPair('RS256');
  const stranger = await generateKeyPair('RS256');
  tenantKey = tenant.privateKey;
  strangerKey = stranger.privateKey;
  keyServer = await startLocalJsonServer();
  // Shaped like Entra ID's discovery/v2.0/keys answer.
  keyServer.documents.set(KEYS_PATH, { keys: [{ ...(await exportJWK(tenant.publicKey)), kid: 'tenant-key-1', use: 'sig', kty: 'RSA' }] });
  validator = validatorFor();
});

afterAll(() => keyServer.close());

/** A v1 token as Teams issues it for a tab whose manifest names the App ID URI. */
function v1Claims(): JWTPayload {
  return {
    aud: APP_ID_URI,
    iss: `https://sts.windows.net/${TENANT}/`,
    iat: nowSeconds - 60,
    nbf: nowSeconds - 60,
    exp: nowSeconds + 3600,
    ver: '1.0',
    tid: TENANT,
    oid: USER,
    scp: 'access_as_user',
    name: 'Jane Price',
    upn: 'jane.price@contoso.example',
  };
}

function v2Claims(): JWTPayload {
  return {
    aud: CLIENT,
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    iat: nowSeconds - 60,
    nbf: nowSeconds - 60,
    exp: nowSeconds + 3600,
    ver: '2.0',
    tid: TENANT,
    oid: USER,
    scp: 'User.Read access_as_user',
    name: 'Jane Price',
    preferred_username: 'jane.price@contoso.example',
  };
}

function sign(claims: JWTPayload, key: CryptoKey = tenantKey, kid = 'tenant-key-1'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(key);
}

async function refusal(token: string, by: SsoTokenValidator = validator): Promise<SsoTokenError> {
  try {
    await by.validate(token);
  } catch (e) {
    if (e instanceof SsoTokenError) return e;
    throw e;
  }
  throw new Error('expected the token to be refused');
}

async function reasonFor(token: string): Promise<SsoTokenFailure> {
  return (await refusal(token)).reason;
}

describe('Teams SSO token validation', () => {
  it('accepts a v1 token addressed to the App ID URI and returns who the person is', async () => {
    expect(await validator.validate(await sign(v1Claims()))).toEqual({
      userId: USER,
      tenantId: TENANT,
      name: 'Jane Price',
      upn: 'jane.price@contoso.example',
    });
  });

  it("checks the signature against the tenant's published keys", async () => {
    await validator.validate(await sign(v1Claims()));
    expect(keyServer.requests).toContain(KEYS_PATH);
  });

  it('accepts a v2 token addressed to the client id, reading the sign-in name from preferred_username', async () => {
    expect(await validator.validate(await sign(v2Claims()))).toEqual({
      userId: USER,
      tenantId: TENANT,
      name: 'Jane Price',
      upn: 'jane.price@contoso.example',
    });
  });

  it('accepts a v1 token addressed to the client id', async () => {
    const user = await validator.validate(await sign({ ...v1Claims(), aud: CLIENT }));
    expect(user.userId).toBe(USER);
  });

  it('allows five minutes of clock skew after expiry', async () => {
    const user = await validator.validate(await sign({ ...v1Claims(), exp: nowSeconds - 4 * 60 }));
    expect(user.userId).toBe(USER);
  });

  it('refuses a token expired for longer than the skew as expired, with a 401', async () => {
    const error = await refusal(await sign({ ...v1Claims(), exp: nowSeconds - 6 * 60 }));
    expect(error.reason).toBe('expired');
    expect(error.status).toBe(401);
  });

  it('refuses a token not valid until well in the future (nbf)', async () => {
    expect(await reasonFor(await sign({ ...v1Claims(), nbf: nowSeconds + 10 * 60 }))).toBe('not_yet_valid');
  });

  it('refuses a token issued in the future (iat), beyond the skew', async () => {
    expect(await reasonFor(await sign({ ...v1Claims(), iat: nowSeconds + 10 * 60 }))).toBe('not_yet_valid');
  });

  it('refuses a token for another application', async () => {
    expect(await reasonFor(await sign({ ...v1Claims(), aud: 'api://elsewhere.example/99999999-2222-3333-4444-555555555555' }))).toBe('audience');
  });

  it('refuses an issuer that is not Entra ID for the tenant, even with the right tid', async () => {
    expect(await reasonFor(await sign({ ...v1Claims(), iss: `https://sts.example.net/${TENANT}/` }))).toBe('issuer');
  });

  it("refuses a v2 issuer naming another tenant than the token's tid", async () => {
    expect(await reasonFor(await sign({ ...v2Claims(), iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` }))).toBe('issuer');
  });

  it('refuses a token from another tenant', async () => {
    expect(await reasonFor(await sign({ ...v2Claims(), tid: OTHER_TENANT, iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` }))).toBe('tenant');
  });

  it('accepts another tenant when it is in the allowed list, checking the issuer against that tenant', async () => {
    const multi = validatorFor({ allowedTenantIds: [TENANT, OTHER_TENANT] });
    const token = await sign({ ...v1Claims(), tid: OTHER_TENANT, iss: `https://sts.windows.net/${OTHER_TENANT}/` });
    expect((await multi.validate(token)).tenantId).toBe(OTHER_TENANT);
    expect((await refusal(await sign({ ...v1Claims(), tid: OTHER_TENANT }), multi)).reason).toBe('issuer');
  });

  it('refuses a token without the access_as_user scope', async () => {
    expect(await reasonFor(await sign({ ...v2Claims(), scp: 'User.Read' }))).toBe('scope');
  });

  it('refuses an app-only token, which has roles and no scp', async () => {
    const { scp: _omitted, ...appOnly } = v2Claims();
    expect(await reasonFor(await sign({ ...appOnly, roles: ['Sites.Selected'] }))).toBe('scope');
  });

  it('refuses a token signed by another key under the tenant key id', async () => {
    expect(await reasonFor(await sign(v1Claims(), strangerKey))).toBe('signature');
  });

  it('refuses a token signed with a key the tenant does not publish', async () => {
    expect(await reasonFor(await sign(v1Claims(), strangerKey, 'unknown-key'))).toBe('signature');
  });

  it('refuses a token signed with a shared secret (HS256) under the tenant key id', async () => {
    const secret = await generateSecret('HS256');
    const token = await new SignJWT(v1Claims()).setProtectedHeader({ alg: 'HS256', kid: 'tenant-key-1' }).sign(secret);
    expect(await reasonFor(token)).toBe('signature');
  });

  it('refuses text that is not a JWT as malformed', async () => {
    expect(await reasonFor('not-a-token')).toBe('malformed');
  });

  it('refuses a token without an object id as malformed', async () => {
    const { oid: _omitted, ...withoutOid } = v1Claims();
    expect(await reasonFor(await sign(withoutOid))).toBe('malformed');
  });

  it('fails closed with a 503 when the signing keys cannot be fetched', async () => {
    const offline = await startLocalJsonServer();
    offline.failWith = 500;
    try {
      const error = await refusal(
        await sign(v1Claims()),
        createSsoTokenValidator({ tenantId: TENANT, clientId: CLIENT, jwksUrl: `${offline.origin}${KEYS_PATH}`, now: () => NOW }),
      );
      expect(error.reason).toBe('keys_unavailable');
      expect(error.status).toBe(503);
    } finally {
      await offline.close();
    }
  });

  it('needs the tenant GUID, since tokens carry tid as a GUID', () => {
    expect(() => createSsoTokenValidator({ tenantId: 'contoso.onmicrosoft.com', clientId: CLIENT })).toThrow(/tenant GUID/);
  });
});

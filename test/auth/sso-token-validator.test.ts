import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { beforeAll, describe, it, expect } from 'vitest';
import { createSsoTokenValidator, SsoTokenError, type SsoTokenFailure, type SsoTokenValidator } from '../../src/auth/sso-token-validator.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const APP_ID_URI = `api://plans.example.org/${CLIENT}`;
const USER = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const NOW = new Date('2024-03-01T10:00:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);

let tenantKey: CryptoKey;
let strangerKey: CryptoKey;
let validator: SsoTokenValidator;

beforeAll(async () => {
  const tenant = await generateKeyPair('RS256');
  const stranger = await generateKeyPair('RS256');
  tenantKey = tenant.privateKey;
  strangerKey = stranger.privateKey;
  const jwk = { ...(await exportJWK(tenant.publicKey)), kid: 'tenant-key-1', alg: 'RS256', use: 'sig' };
  validator = createSsoTokenValidator({
    tenantId: TENANT,
    clientId: CLIENT,
    appIdUri: APP_ID_URI,
    getKey: createLocalJWKSet({ keys: [jwk] }),
    now: () => NOW,
  });
});

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

async function rejection(token: string): Promise<SsoTokenFailure> {
  try {
    await validator.validate(token);
  } catch (e) {
    if (e instanceof SsoTokenError) return e.reason;
    throw e;
  }
  throw new Error('expected the token to be rejected');
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

  it('rejects a token expired for longer than the skew as expired', async () => {
    expect(await rejection(await sign({ ...v1Claims(), exp: nowSeconds - 6 * 60 }))).toBe('expired');
  });

  it('rejects a token not valid until well in the future as outside its validity (expired)', async () => {
    expect(await rejection(await sign({ ...v1Claims(), nbf: nowSeconds + 10 * 60 }))).toBe('expired');
  });

  it('rejects a token for another application', async () => {
    expect(await rejection(await sign({ ...v1Claims(), aud: 'api://elsewhere.example/99999999-2222-3333-4444-555555555555' }))).toBe('audience');
  });

  it('rejects an issuer that is not Entra ID for the tenant, even with the right tid', async () => {
    expect(await rejection(await sign({ ...v1Claims(), iss: `https://sts.example.net/${TENANT}/` }))).toBe('issuer');
  });

  it('rejects a token from another tenant', async () => {
    expect(await rejection(await sign({ ...v2Claims(), tid: OTHER_TENANT, iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` }))).toBe('tenant');
  });

  it('rejects a token without the access_as_user scope', async () => {
    expect(await rejection(await sign({ ...v2Claims(), scp: 'User.Read' }))).toBe('scope');
  });

  it('rejects an app-only token, which has roles and no scp', async () => {
    const { scp: _omitted, ...appOnly } = v2Claims();
    expect(await rejection(await sign({ ...appOnly, roles: ['Sites.Selected'] }))).toBe('scope');
  });

  it('rejects a token signed by another key under the tenant key id', async () => {
    expect(await rejection(await sign(v1Claims(), strangerKey))).toBe('signature');
  });

  it('rejects a token signed with a key the tenant does not publish', async () => {
    expect(await rejection(await sign(v1Claims(), strangerKey, 'unknown-key'))).toBe('signature');
  });

  it('rejects text that is not a JWT as malformed', async () => {
    expect(await rejection('not-a-token')).toBe('malformed');
  });

  it('rejects a token without an object id as malformed', async () => {
    const { oid: _omitted, ...withoutOid } = v1Claims();
    expect(await rejection(await sign(withoutOid))).toBe('malformed');
  });

  it('needs the tenant GUID, since tokens carry tid as a GUID', () => {
    expect(() => createSsoTokenValidator({ tenantId: 'contoso.onmicrosoft.com', clientId: CLIENT })).toThrow(/tenant GUID/);
  });
});

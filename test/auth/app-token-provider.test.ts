import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { describe, it, expect } from 'vitest';
import type { AuthConfig } from '../../src/auth/auth-config.js';
import { AppTokenError, createAppTokenProvider } from '../../src/auth/app-token-provider.js';
import { fakeEntraNetwork } from './fake-entra-network.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const SECRET = 'the-secret-value';
const BUNDLE = join(import.meta.dirname, 'fixtures', 'app-cert-bundle.pem');

function certificateBlock(): string {
  return /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/.exec(readFileSync(BUNDLE, 'utf8'))?.[0] ?? '';
}

/** A thumbprint is the hash of the certificate's DER bytes, i.e. the base64 body of its PEM block. */
function bundleThumbprint(algorithm: 'sha1' | 'sha256'): string {
  const der = Buffer.from(certificateBlock().replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  return createHash(algorithm).update(der).digest('hex').toUpperCase();
}

const secretConfig: AuthConfig = { tenantId: TENANT, clientId: CLIENT, credential: { kind: 'secret', secret: SECRET } };

function tokenPerScope() {
  return fakeEntraNetwork((form) => ({ kind: 'token', accessToken: `app-token-for ${form.get('scope')}` }));
}

async function failureOf(promise: Promise<unknown>): Promise<AppTokenError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppTokenError) return e;
    throw e;
  }
  throw new Error('expected the token request to fail');
}

describe('app-only token provider', () => {
  it('gets a Graph token with the client credentials grant and the .default scope', async () => {
    const entra = tokenPerScope();
    const provider = createAppTokenProvider(secretConfig, { networkClient: entra.networkClient });

    expect(await provider.getToken()).toBe('app-token-for https://graph.microsoft.com/.default');
    const [request] = entra.tokenRequests();
    expect(request?.url).toMatch(new RegExp(`^https://login\\.microsoftonline\\.com/${TENANT}/oauth2/v2\\.0/token`));
    expect(request?.form.get('grant_type')).toBe('client_credentials');
    expect(request?.form.get('client_id')).toBe(CLIENT);
    expect(request?.form.get('client_secret')).toBe(SECRET);
  });

  it('serves a second call from the cache without another token request', async () => {
    const entra = tokenPerScope();
    const provider = createAppTokenProvider(secretConfig, { networkClient: entra.networkClient });

    const first = await provider.getToken();
    const second = await provider.getToken();
    expect(second).toBe(first);
    expect(entra.tokenRequests()).toHaveLength(1);
  });

  it('asks for the SharePoint host as the resource when a site URL is given, cached separately from Graph', async () => {
    const entra = tokenPerScope();
    const provider = createAppTokenProvider(secretConfig, { networkClient: entra.networkClient });

    await provider.getToken();
    const sharePoint = await provider.getToken({ kind: 'sharepoint', origin: 'https://contoso.sharepoint.com/sites/safeguarding' });
    await provider.getToken({ kind: 'sharepoint', origin: 'https://contoso.sharepoint.com' });
    expect(sharePoint).toBe('app-token-for https://contoso.sharepoint.com/.default');
    expect(entra.tokenRequests().map((r) => r.form.get('scope'))).toEqual([
      'https://graph.microsoft.com/.default',
      'https://contoso.sharepoint.com/.default',
    ]);
  });

  it('refuses a SharePoint origin that is not https', async () => {
    const entra = tokenPerScope();
    const provider = createAppTokenProvider(secretConfig, { networkClient: entra.networkClient });
    const error = await failureOf(provider.getToken({ kind: 'sharepoint', origin: 'http://contoso.sharepoint.com' }));
    expect(error.reason).toBe('audience');
    expect(entra.requests).toHaveLength(0);
  });

  it('reads OpenID metadata from a non-default authority host without asking the public cloud', async () => {
    const entra = tokenPerScope();
    const provider = createAppTokenProvider(secretConfig, { networkClient: entra.networkClient, authorityHost: 'https://login.sovereign.test/' });

    await provider.getToken();
    expect(entra.requests.every((r) => r.url.startsWith('https://login.sovereign.test/'))).toBe(true);
    expect(entra.requests.some((r) => r.method === 'GET' && r.url.includes('openid-configuration'))).toBe(true);
    expect(entra.tokenRequests()[0]?.url).toMatch(/^https:\/\/login\.sovereign\.test\/.*\/oauth2\/v2\.0\/token/);
  });

  it('signs a client assertion with the certificate key, naming the thumbprint, and sends no secret', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dir = mkdtempSync(join(tmpdir(), 'plan-auth-'));
    const pemPath = join(dir, 'app.pem');
    // A bundle as exported by most tools: the key plus unrelated text around it.
    writeFileSync(pemPath, `Bag Attributes\n${privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()}`);
    const thumbprint = createHash('sha1').update('any certificate bytes').digest('hex').toUpperCase();
    const config: AuthConfig = {
      tenantId: TENANT,
      clientId: CLIENT,
      credential: { kind: 'certificate', certificatePath: pemPath, thumbprint, thumbprintAlgorithm: 'sha1' },
    };
    const entra = tokenPerScope();
    await createAppTokenProvider(config, { networkClient: entra.networkClient }).getToken();

    const form = entra.tokenRequests()[0]?.form;
    const assertion = form?.get('client_assertion') ?? '';
    expect(form?.get('client_secret')).toBeNull();
    expect(form?.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(decodeProtectedHeader(assertion).x5t).toBe(Buffer.from(thumbprint, 'hex').toString('base64url'));
    const key = await importSPKI(publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'RS256');
    // MSAL may round nbf up to the next second, so allow the skew a real token endpoint allows.
    const { payload } = await jwtVerify(assertion, key, { issuer: CLIENT, subject: CLIENT, clockTolerance: 60 });
    expect(payload.aud).toMatch(/oauth2\/v2\.0\/token$/);
  });

  it('names a certificate from a key-and-certificate bundle by its SHA-256 thumbprint (x5t#S256)', async () => {
    const thumbprint = bundleThumbprint('sha256');
    const config: AuthConfig = {
      tenantId: TENANT,
      clientId: CLIENT,
      credential: { kind: 'certificate', certificatePath: BUNDLE, thumbprint, thumbprintAlgorithm: 'sha256' },
    };
    const entra = tokenPerScope();
    await createAppTokenProvider(config, { networkClient: entra.networkClient }).getToken();
    const header = decodeProtectedHeader(entra.tokenRequests()[0]?.form.get('client_assertion') ?? '');
    expect(header['x5t#S256']).toBe(Buffer.from(thumbprint, 'hex').toString('base64url'));
  });

  it('refuses a configured thumbprint that is not the one of the certificate beside the key', () => {
    const config: AuthConfig = {
      tenantId: TENANT,
      clientId: CLIENT,
      credential: { kind: 'certificate', certificatePath: BUNDLE, thumbprint: 'B'.repeat(40), thumbprintAlgorithm: 'sha1' },
    };
    expect(() => createAppTokenProvider(config)).toThrow(/GRAPH_CERTIFICATE_THUMBPRINT BBBBBBBB… is not the thumbprint of the certificate/);
  });

  it('refuses a bundle whose certificate and private key do not belong together', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dir = mkdtempSync(join(tmpdir(), 'plan-auth-'));
    const path = join(dir, 'mixed.pem');
    writeFileSync(path, `${privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()}${certificateBlock()}`);
    const config: AuthConfig = {
      tenantId: TENANT,
      clientId: CLIENT,
      credential: { kind: 'certificate', certificatePath: path, thumbprint: bundleThumbprint('sha1'), thumbprintAlgorithm: 'sha1' },
    };
    expect(() => createAppTokenProvider(config)).toThrow(/do not belong together/);
  });

  it('says which file is wrong when the certificate file has no private key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-auth-'));
    const cerPath = join(dir, 'app.cer');
    writeFileSync(cerPath, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const config: AuthConfig = {
      tenantId: TENANT,
      clientId: CLIENT,
      credential: { kind: 'certificate', certificatePath: cerPath, thumbprint: 'A'.repeat(40), thumbprintAlgorithm: 'sha1' },
    };
    expect(() => createAppTokenProvider(config)).toThrow(/GRAPH_CERTIFICATE_PATH .*app\.cer has no PEM private key/);
    expect(() => createAppTokenProvider({ ...config, credential: { ...config.credential, certificatePath: join(dir, 'missing.pem') } } as AuthConfig)).toThrow(
      /missing\.pem cannot be read \(ENOENT\)/,
    );
  });

  it('explains AADSTS7000215 as a wrong client secret', async () => {
    const entra = fakeEntraNetwork(() => ({ kind: 'error', status: 401, error: 'invalid_client', aadsts: 7000215, description: 'Invalid client secret provided.' }));
    const error = await failureOf(createAppTokenProvider(secretConfig, { networkClient: entra.networkClient }).getToken());
    expect(error.reason).toBe('bad_secret');
    expect(error.message).toMatch(/GRAPH_CLIENT_SECRET/);
    expect(error.message).not.toContain(SECRET);
  });

  it('explains AADSTS700016 with the admin action for the tenant', async () => {
    const entra = fakeEntraNetwork(() => ({
      kind: 'error',
      status: 400,
      error: 'unauthorized_client',
      aadsts: 700016,
      description: `Application with identifier '${CLIENT}' was not found in the directory.`,
    }));
    const error = await failureOf(createAppTokenProvider(secretConfig, { networkClient: entra.networkClient }).getToken());
    expect(error.reason).toBe('app_not_in_tenant');
    expect(error.aadstsCode).toBe('700016');
    expect(error.message).toContain(CLIENT);
    expect(error.message).toContain(TENANT);
    expect(error.message).toMatch(/admin .* consent/);
  });

  it('explains AADSTS90002 as a wrong tenant id', async () => {
    const entra = fakeEntraNetwork(() => ({ kind: 'error', status: 400, error: 'invalid_request', aadsts: 90002, description: `Tenant '${TENANT}' not found.` }));
    const error = await failureOf(createAppTokenProvider(secretConfig, { networkClient: entra.networkClient }).getToken());
    expect(error.reason).toBe('tenant_not_found');
    expect(error.message).toMatch(/GRAPH_TENANT_ID/);
  });

  it('reports an unreachable login endpoint as a network problem', async () => {
    const entra = fakeEntraNetwork(() => ({ kind: 'unreachable' }));
    const error = await failureOf(createAppTokenProvider(secretConfig, { networkClient: entra.networkClient }).getToken());
    expect(error.reason).toBe('network');
    expect(error.message).toMatch(/Could not reach Entra ID/);
  });

  it('does not cache a failure: the next call asks again', async () => {
    let calls = 0;
    const entra = fakeEntraNetwork(() =>
      ++calls === 1
        ? { kind: 'error', status: 401, error: 'invalid_client', aadsts: 7000215, description: 'Invalid client secret provided.' }
        : { kind: 'token', accessToken: 'after-rotation' },
    );
    const provider = createAppTokenProvider(secretConfig, { networkClient: entra.networkClient });
    await failureOf(provider.getToken());
    expect(await provider.getToken()).toBe('after-rotation');
  });
});

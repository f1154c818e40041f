import { describe, it, expect } from 'vitest';
import { AuthConfigError, describeAuthConfig, readAuthConfig } from '../../src/auth/auth-config.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const SECRET = 'sEcReT~value-that-must-not-leak';
const SHA1 = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678';

function errorOf(env: NodeJS.ProcessEnv): AuthConfigError {
  try {
    readAuthConfig(env);
  } catch (e) {
    if (e instanceof AuthConfigError) return e;
    throw e;
  }
  throw new Error('expected readAuthConfig to throw');
}

describe('auth configuration', () => {
  it('is null when no Graph variable is set, which means local mode', () => {
    expect(readAuthConfig({ PATH: '/usr/bin', PLAN_DB: 'x.db' })).toBeNull();
  });

  it('reads a secret-based app registration', () => {
    const config = readAuthConfig({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_CLIENT_SECRET: SECRET });
    expect(config).toEqual({ tenantId: TENANT, clientId: CLIENT, credential: { kind: 'secret', secret: SECRET } });
  });

  it('accepts a tenant named by its domain', () => {
    const config = readAuthConfig({ GRAPH_TENANT_ID: 'contoso.onmicrosoft.com', GRAPH_CLIENT_ID: CLIENT, GRAPH_CLIENT_SECRET: SECRET });
    expect(config?.tenantId).toBe('contoso.onmicrosoft.com');
  });

  it('reads a certificate credential, normalising a thumbprint copied with colons', () => {
    const withColons = SHA1.toLowerCase().match(/../g)?.join(':');
    const config = readAuthConfig({
      GRAPH_TENANT_ID: TENANT,
      GRAPH_CLIENT_ID: CLIENT,
      GRAPH_CERTIFICATE_PATH: '/etc/plan/app.pem',
      GRAPH_CERTIFICATE_THUMBPRINT: withColons,
      TAB_APP_ID_URI: `api://plans.example.org/${CLIENT}`,
    });
    expect(config).toEqual({
      tenantId: TENANT,
      clientId: CLIENT,
      credential: { kind: 'certificate', certificatePath: '/etc/plan/app.pem', thumbprint: SHA1, thumbprintAlgorithm: 'sha1' },
      tabAppIdUri: `api://plans.example.org/${CLIENT}`,
    });
  });

  it('recognises a 64-digit thumbprint as SHA-256', () => {
    const config = readAuthConfig({
      GRAPH_TENANT_ID: TENANT,
      GRAPH_CLIENT_ID: CLIENT,
      GRAPH_CERTIFICATE_PATH: '/etc/plan/app.pem',
      GRAPH_CERTIFICATE_THUMBPRINT: 'ab'.repeat(32),
    });
    expect(config?.credential).toMatchObject({ kind: 'certificate', thumbprintAlgorithm: 'sha256' });
  });

  it('names the tenant variable when only some variables are set', () => {
    const error = errorOf({ GRAPH_CLIENT_ID: CLIENT, GRAPH_CLIENT_SECRET: SECRET });
    expect(error.variable).toBe('GRAPH_TENANT_ID');
    expect(error.message).toMatch(/GRAPH_TENANT_ID is not set/);
  });

  it('treats a lone TAB_APP_ID_URI as an incomplete SharePoint setup, not local mode', () => {
    expect(errorOf({ TAB_APP_ID_URI: `api://plans.example.org/${CLIENT}` }).variable).toBe('GRAPH_TENANT_ID');
  });

  it('names the missing client id', () => {
    expect(errorOf({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_SECRET: SECRET }).variable).toBe('GRAPH_CLIENT_ID');
  });

  it('asks for a secret or a certificate when neither is set', () => {
    const error = errorOf({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT });
    expect(error.variable).toBe('GRAPH_CLIENT_SECRET');
    expect(error.message).toMatch(/GRAPH_CERTIFICATE_PATH/);
  });

  it('rejects a tenant id that is neither a GUID nor a domain', () => {
    const error = errorOf({ GRAPH_TENANT_ID: 'my tenant', GRAPH_CLIENT_ID: CLIENT, GRAPH_CLIENT_SECRET: SECRET });
    expect(error.variable).toBe('GRAPH_TENANT_ID');
    expect(error.message).toMatch(/GUID or a domain/);
  });

  it('rejects a client id that is not a GUID', () => {
    expect(errorOf({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: 'plan-app', GRAPH_CLIENT_SECRET: SECRET }).variable).toBe('GRAPH_CLIENT_ID');
  });

  it('rejects an empty secret instead of reading it as unset', () => {
    const error = errorOf({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_CLIENT_SECRET: '' });
    expect(error.variable).toBe('GRAPH_CLIENT_SECRET');
    expect(error.message).toMatch(/empty/);
  });

  it('needs the thumbprint with a certificate path', () => {
    const error = errorOf({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_CERTIFICATE_PATH: '/etc/plan/app.pem' });
    expect(error.variable).toBe('GRAPH_CERTIFICATE_THUMBPRINT');
  });

  it('rejects a malformed thumbprint', () => {
    const error = errorOf({
      GRAPH_TENANT_ID: TENANT,
      GRAPH_CLIENT_ID: CLIENT,
      GRAPH_CERTIFICATE_PATH: '/etc/plan/app.pem',
      GRAPH_CERTIFICATE_THUMBPRINT: 'not-hex',
    });
    expect(error.variable).toBe('GRAPH_CERTIFICATE_THUMBPRINT');
  });

  it('refuses both a secret and a certificate, since which one is used would be a guess', () => {
    const error = errorOf({
      GRAPH_TENANT_ID: TENANT,
      GRAPH_CLIENT_ID: CLIENT,
      GRAPH_CLIENT_SECRET: SECRET,
      GRAPH_CERTIFICATE_PATH: '/etc/plan/app.pem',
      GRAPH_CERTIFICATE_THUMBPRINT: SHA1,
    });
    expect(error.message).toMatch(/both set/);
  });

  it('rejects an App ID URI that is not api://<domain>/<id>', () => {
    const error = errorOf({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_CLIENT_SECRET: SECRET, TAB_APP_ID_URI: 'https://plans.example.org' });
    expect(error.variable).toBe('TAB_APP_ID_URI');
  });

  it('describes itself for logs without the secret', () => {
    const config = readAuthConfig({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_CLIENT_SECRET: SECRET });
    if (!config) throw new Error('expected a config');
    const text = describeAuthConfig(config);
    expect(text).toContain(TENANT);
    expect(text).toContain(CLIENT);
    expect(text).toContain('redacted');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(SECRET.slice(0, 6));
  });
});

import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { describeAuthConfig, readAuthConfig } from '../../src/auth/auth-config.js';
import { SettingsError } from '../../src/config/settings-error.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const SECRET = 'sEcReT~value-that-must-not-leak';
const SHA1 = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678';
const OTHER_APP = '99999999-8888-7777-6666-555555555555';
const BOT_SECRET = 'bot~password-that-must-not-leak';
const BUNDLE = join(import.meta.dirname, 'fixtures', 'app-cert-bundle.pem');

function secretEnv(): NodeJS.ProcessEnv {
  return { GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_CLIENT_SECRET: SECRET };
}

/** The hash of the certificate's DER bytes (the base64 body of its PEM block), upper-case hex. */
function bundleSha256(): string {
  const block = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(readFileSync(BUNDLE, 'utf8'))?.[1] ?? '';
  return createHash('sha256').update(Buffer.from(block.replace(/\s/g, ''), 'base64')).digest('hex').toUpperCase();
}

function errorOf(env: NodeJS.ProcessEnv): SettingsError {
  try {
    readAuthConfig(env);
  } catch (e) {
    if (e instanceof SettingsError) return e;
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

  it('derives the SHA-256 thumbprint from the certificate when the PEM file holds one', () => {
    const config = readAuthConfig({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_CERTIFICATE_PATH: BUNDLE });
    expect(config?.credential).toEqual({ kind: 'certificate', certificatePath: BUNDLE, thumbprint: bundleSha256(), thumbprintAlgorithm: 'sha256' });
  });

  it('needs the thumbprint when the PEM file holds the private key alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-auth-'));
    const keyOnly = join(dir, 'key.pem');
    writeFileSync(keyOnly, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const error = errorOf({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_CERTIFICATE_PATH: keyOnly });
    expect(error.variable).toBe('GRAPH_CERTIFICATE_THUMBPRINT');
    expect(error.message).toMatch(/holds only the private key/);
  });

  it('names the certificate path when the file to derive the thumbprint from cannot be read', () => {
    const error = errorOf({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_CERTIFICATE_PATH: '/nonexistent/plan/app.pem' });
    expect(error.variable).toBe('GRAPH_CERTIFICATE_PATH');
    expect(error.message).toMatch(/cannot be read \(ENOENT\)/);
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

  it('refuses any variable set to an empty string, naming it, instead of reading it as unset', () => {
    expect(errorOf({ GRAPH_TENANT_ID: '', GRAPH_CLIENT_ID: CLIENT, GRAPH_CLIENT_SECRET: SECRET }).variable).toBe('GRAPH_TENANT_ID');
    const error = errorOf({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_CLIENT_SECRET: SECRET, BOT_ID: '  ' });
    expect(error.variable).toBe('BOT_ID');
    expect(error.message).toMatch(/set but empty/);
  });

  it('accepts the App ID URI of a tab that shares its registration with the bot (botid-<id>)', () => {
    const config = readAuthConfig({ ...secretEnv(), TAB_APP_ID_URI: `api://plans.example.org/botid-${CLIENT}`, BOT_ID: CLIENT });
    expect(config?.tabAppIdUri).toBe(`api://plans.example.org/botid-${CLIENT}`);
  });

  it('refuses an App ID URI that names another application than the client id', () => {
    const error = errorOf({ ...secretEnv(), TAB_APP_ID_URI: `api://plans.example.org/${OTHER_APP}` });
    expect(error.variable).toBe('TAB_APP_ID_URI');
    expect(error.message).toMatch(/must end with the client id/);
  });

  it('needs the tenant GUID, not a domain, when the tab signs people in', () => {
    const error = errorOf({ ...secretEnv(), GRAPH_TENANT_ID: 'contoso.onmicrosoft.com', TAB_APP_ID_URI: `api://plans.example.org/${CLIENT}` });
    expect(error.variable).toBe('GRAPH_TENANT_ID');
    expect(error.message).toMatch(/tenant GUID/);
  });

  describe('bot registration', () => {
    it('is absent when BOT_ID is not set', () => {
      expect(readAuthConfig(secretEnv())?.bot).toBeUndefined();
    });

    it('reads the bot id and its own password', () => {
      expect(readAuthConfig({ ...secretEnv(), BOT_ID: OTHER_APP, BOT_PASSWORD: BOT_SECRET })?.bot).toEqual({
        appId: OTHER_APP,
        credential: { kind: 'secret', secret: BOT_SECRET },
      });
    });

    it('uses the Graph credential when the bot is the same app registration', () => {
      const config = readAuthConfig({ ...secretEnv(), BOT_ID: CLIENT });
      expect(config?.bot).toEqual({ appId: CLIENT, credential: { kind: 'secret', secret: SECRET } });
    });

    it('needs BOT_PASSWORD for a bot registered apart from the Graph app', () => {
      const error = errorOf({ ...secretEnv(), BOT_ID: OTHER_APP });
      expect(error.variable).toBe('BOT_PASSWORD');
      expect(error.message).toContain(OTHER_APP);
    });

    it('refuses BOT_PASSWORD without BOT_ID', () => {
      expect(errorOf({ ...secretEnv(), BOT_PASSWORD: BOT_SECRET }).variable).toBe('BOT_ID');
    });

    it('refuses a bot id that is not a GUID', () => {
      expect(errorOf({ ...secretEnv(), BOT_ID: 'plan-bot', BOT_PASSWORD: BOT_SECRET }).variable).toBe('BOT_ID');
    });

    it('treats a lone BOT_ID as an incomplete tenant setup, not local mode', () => {
      expect(errorOf({ BOT_ID: OTHER_APP, BOT_PASSWORD: BOT_SECRET }).variable).toBe('GRAPH_TENANT_ID');
    });

    it('names the bot in the log summary but never its password', () => {
      const config = readAuthConfig({ ...secretEnv(), BOT_ID: OTHER_APP, BOT_PASSWORD: BOT_SECRET });
      if (!config) throw new Error('expected a config');
      const text = describeAuthConfig(config);
      expect(text).toContain(OTHER_APP);
      expect(text).not.toContain(BOT_SECRET);
      expect(text).not.toContain(SECRET);
    });
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

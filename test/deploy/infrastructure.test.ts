import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * STATIC CHECKS of infra/main.bicep as text. There is no bicep compiler here, so nothing below
 * proves the template compiles or deploys (run `az bicep build -f infra/main.bicep`); what is
 * checked is what the deployment promises: the settings it writes are variables the product
 * reads, the secrets arrive only as Key Vault references, the identity may only get secrets, two
 * instances, HTTPS only with TLS 1.2, and the single-tenant bot with the Teams channel.
 */

const ROOT = join(import.meta.dirname, '../..');
const bicep = readFileSync(join(ROOT, 'infra/main.bicep'), 'utf8');
const envExample = readFileSync(join(ROOT, '.env.example'), 'utf8');
const deployDoc = readFileSync(join(ROOT, 'docs/deploy.md'), 'utf8');
const parameters = JSON.parse(readFileSync(join(ROOT, 'infra/main.parameters.example.json'), 'utf8')) as { parameters: Record<string, unknown> };

/** The app settings' names, from the `{ name: '...', value: ... }` entries. */
const settingNames = [...bicep.matchAll(/\{ name: '([A-Z_]+)', value:/g)].map((m) => m[1]!);
/** Variables App Service itself reads, not the product. */
const PLATFORM = new Set(['WEBSITES_PORT', 'WEBSITES_ENABLE_APP_SERVICE_STORAGE']);

describe('infra/main.bicep (static check: not compiled here)', () => {
  it('sets only variables the product reads (each listed in .env.example)', () => {
    const product = settingNames.filter((n) => !PLATFORM.has(n));
    expect(product.length).toBeGreaterThan(8);
    for (const name of product) expect(envExample, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    expect(settingNames).toEqual(expect.arrayContaining(['PLAN_STORE', 'SHAREPOINT_SITE', 'GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET', 'TAB_APP_ID_URI', 'BOT_ID', 'PLAN_TEAMS_APP_RPS']));
  });

  it('passes the secrets only as Key Vault references, resolved by an identity that may only get secrets', () => {
    for (const secret of ['GRAPH_CLIENT_SECRET', 'BOT_PASSWORD']) {
      expect(bicep).toMatch(new RegExp(`name: '${secret}', value: '@Microsoft\\.KeyVault\\(SecretUri=\\$\\{\\w+\\.properties\\.secretUri\\}\\)'`));
    }
    expect(bicep).toMatch(/keyVaultReferenceIdentity: secretsIdentity\.id/);
    const policies = /accessPolicies: \[([\s\S]*?)\n {4}\]/.exec(bicep)?.[1] ?? '';
    expect(policies).toMatch(/objectId: secretsIdentity\.properties\.principalId/);
    expect(policies.replace(/\s+/g, ' ')).toContain("permissions: { secrets: [ 'get' ] }");
    expect(bicep).toMatch(/enableRbacAuthorization: false/);
    expect(bicep).not.toMatch(/output \w+ string = .*(clientSecret|botPassword)/);
    expect(bicep).toMatch(/@secure\(\)\nparam clientSecret string/);
  });

  it('runs two instances, HTTPS only, TLS 1.2 at least, liveness on /api/health and an availability test on /api/ready', () => {
    expect(bicep).toMatch(/param instanceCount int = 2/);
    expect(bicep).toMatch(/capacity: instanceCount/);
    expect(bicep).toMatch(/httpsOnly: true/);
    expect(bicep).toMatch(/minTlsVersion: '1\.2'/);
    expect(bicep).toMatch(/healthCheckPath: '\/api\/health'/);
    expect(bicep).toMatch(/RequestUrl: 'https:\/\/\$\{host\}\/api\/ready'/);
    // Teams' 50 a second shared by the instances, as test/deploy/two-instances.test.ts runs them.
    expect(bicep).toMatch(/var teamsRpsPerInstance = 45 \/ instanceCount/);
  });

  it('registers the bot single-tenant in the app registration\'s tenant, on this server, with the Teams channel', () => {
    expect(bicep).toMatch(/'Microsoft\.BotService\/botServices@[\d-]+'/);
    expect(bicep).toMatch(/msaAppType: 'SingleTenant'/);
    expect(bicep).toMatch(/msaAppTenantId: entraTenantId/);
    expect(bicep).toMatch(/endpoint: 'https:\/\/\$\{host\}\/api\/messages'/);
    expect(bicep).toMatch(/channelName: 'MsTeamsChannel'/);
  });

  it('has an example for every parameter without a default, and a deployment guide that names the template', () => {
    const required = [...bicep.matchAll(/^param (\w+) \w+$/gm)].map((m) => m[1]!);
    expect(required.sort()).toEqual(Object.keys(parameters.parameters).filter((p) => required.includes(p)).sort());
    expect(deployDoc).toContain('infra/main.bicep');
    expect(deployDoc).toContain('/api/ready');
  });
});

import { describe, it, expect } from 'vitest';
import type { AuthConfig } from '../../src/auth/auth-config.js';
import { AppTokenError } from '../../src/auth/entra-errors.js';
import {
  ConsentRequiredError,
  createOnBehalfOfExchange,
  DELEGATED_GRAPH_PERMISSIONS,
  OnBehalfOfError,
  type OnBehalfOfOptions,
} from '../../src/auth/on-behalf-of.js';
import type { SsoUser } from '../../src/auth/sso-token-validator.js';
import { fakeEntraNetwork, type TokenAnswer } from './fake-entra-network.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const config: AuthConfig = { tenantId: TENANT, clientId: CLIENT, credential: { kind: 'secret', secret: 'the-secret-value' } };

const jane: SsoUser = { userId: 'aaaaaaaa-0000-0000-0000-000000000001', tenantId: TENANT, name: 'Jane Price', upn: 'jane.price@contoso.example' };
const nigel: SsoUser = { userId: 'aaaaaaaa-0000-0000-0000-000000000002', tenantId: TENANT, name: 'Nigel Reid', upn: 'nigel.reid@contoso.example' };
// The exchange treats the SSO token as opaque (validation is sso-token-validator's job), so any text stands in.
const janeSso = 'sso-token-of-jane';
const nigelSso = 'sso-token-of-nigel';
const ssoOwners = new Map([
  [janeSso, jane],
  [nigelSso, nigel],
]);

/** Entra ID answering each OBO request with a Graph token for the assertion's owner. */
function tokenPerPerson() {
  return fakeEntraNetwork((form) => {
    const owner = ssoOwners.get(form.get('assertion') ?? '');
    if (!owner) return { kind: 'error', status: 400, error: 'invalid_grant', aadsts: 50027, description: 'Invalid JWT token.' };
    return { kind: 'token', accessToken: `graph-token-for ${owner.userId}`, user: { oid: owner.userId, tid: owner.tenantId } };
  });
}

const consentMissing: TokenAnswer = {
  kind: 'error',
  status: 400,
  error: 'invalid_grant',
  aadsts: 65001,
  suberror: 'consent_required',
  description: `The user or administrator has not consented to use the application with ID '${CLIENT}' named 'Action plans'. Send an interactive authorization request for this user and resource.`,
};

function exchangeWith(answers: TokenAnswer[], options: OnBehalfOfOptions = {}) {
  const queue = [...answers];
  const entra = fakeEntraNetwork(() => queue.shift() ?? { kind: 'token', accessToken: 'graph-token-after-consent', user: { oid: jane.userId, tid: TENANT } });
  const sleeps: number[] = [];
  const exchange = createOnBehalfOfExchange(config, {
    networkClient: entra.networkClient,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  return { entra, sleeps, exchange };
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof Error) return e;
    throw e;
  }
  throw new Error('expected the exchange to fail');
}

describe('on-behalf-of exchange', () => {
  it('exchanges the SSO token for a delegated Graph token with the jwt-bearer grant', async () => {
    const entra = tokenPerPerson();
    const exchange = createOnBehalfOfExchange(config, { networkClient: entra.networkClient });

    expect(await exchange.getGraphToken(janeSso, jane)).toBe(`graph-token-for ${jane.userId}`);
    const [request] = entra.tokenRequests();
    expect(request?.url).toMatch(new RegExp(`^https://login\\.microsoftonline\\.com/${TENANT}/oauth2/v2\\.0/token`));
    expect(request?.form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(request?.form.get('requested_token_use')).toBe('on_behalf_of');
    expect(request?.form.get('assertion')).toBe(janeSso);
    expect(request?.form.get('client_id')).toBe(CLIENT);
    const scopes = (request?.form.get('scope') ?? '').split(' ');
    expect(scopes).toEqual(expect.arrayContaining(DELEGATED_GRAPH_PERMISSIONS.map((p) => `https://graph.microsoft.com/${p}`)));
  });

  it("serves each person's token from MSAL's cache, never one person's token for another", async () => {
    const entra = tokenPerPerson();
    const exchange = createOnBehalfOfExchange(config, { networkClient: entra.networkClient });

    const janeFirst = await exchange.getGraphToken(janeSso, jane);
    const nigelFirst = await exchange.getGraphToken(nigelSso, nigel);
    expect(await exchange.getGraphToken(janeSso, jane)).toBe(janeFirst);
    expect(await exchange.getGraphToken(nigelSso, nigel)).toBe(nigelFirst);
    expect(janeFirst).not.toBe(nigelFirst);
    expect(entra.tokenRequests()).toHaveLength(2);
  });

  it('turns invalid_grant (AADSTS65001) into a ConsentRequiredError naming the permissions, without waiting', async () => {
    const { exchange, sleeps, entra } = exchangeWith([consentMissing]);
    const error = await failureOf(exchange.getGraphToken(janeSso, jane));

    expect(error).toBeInstanceOf(ConsentRequiredError);
    const consent = error as ConsentRequiredError;
    expect(consent.kind).toBe('consent');
    expect(consent.aadstsCode).toBe('65001');
    expect(consent.message).toContain('Sites.ReadWrite.All');
    expect(consent.message).toContain('User.Read');
    expect(consent.message).toContain('prompt=consent');
    expect(consent.toChallenge()).toMatchObject({
      error: 'consent_required',
      permissions: ['Sites.ReadWrite.All', 'User.Read'],
      scopes: ['https://graph.microsoft.com/Sites.ReadWrite.All', 'https://graph.microsoft.com/User.Read'],
    });
    expect(sleeps).toEqual([]);
    expect(entra.tokenRequests()).toHaveLength(1);
  });

  it('treats a bare interaction_required without a claims challenge as missing consent', async () => {
    const { exchange } = exchangeWith([{ kind: 'error', status: 400, error: 'interaction_required', description: 'Interaction required.' }]);
    const error = await failureOf(exchange.getGraphToken(janeSso, jane));
    expect(error).toBeInstanceOf(ConsentRequiredError);
    expect((error as ConsentRequiredError).kind).toBe('consent');
  });

  it('waits for consent to propagate after the person has just consented: 1 s, then 2 s', async () => {
    const { exchange, sleeps, entra } = exchangeWith([consentMissing, consentMissing]);

    expect(await exchange.getGraphToken(janeSso, jane, { consentJustGranted: true })).toBe('graph-token-after-consent');
    expect(sleeps).toEqual([1000, 2000]);
    expect(entra.tokenRequests()).toHaveLength(3);
  });

  it('gives up after three retries and asks for consent again', async () => {
    const { exchange, sleeps, entra } = exchangeWith([consentMissing, consentMissing, consentMissing, consentMissing]);

    const error = await failureOf(exchange.getGraphToken(janeSso, jane, { consentJustGranted: true }));
    expect(error).toBeInstanceOf(ConsentRequiredError);
    expect(sleeps).toEqual([1000, 2000, 4000]);
    expect(entra.tokenRequests()).toHaveLength(4);
  });

  it('passes a Conditional Access claims challenge on to the tab, and does not wait for it', async () => {
    const claims = '{"access_token":{"polids":{"essential":true,"values":["9ab03e19-ed42-4168-b6b7-7001fb3e933a"]}}}';
    const { exchange, sleeps } = exchangeWith([
      { kind: 'error', status: 400, error: 'interaction_required', aadsts: 50079, description: 'You must enroll in multifactor authentication.', claims },
    ]);

    const error = await failureOf(exchange.getGraphToken(janeSso, jane, { consentJustGranted: true }));
    expect(error).toBeInstanceOf(ConsentRequiredError);
    expect((error as ConsentRequiredError).toChallenge()).toMatchObject({ error: 'interaction_required', claims });
    expect(sleeps).toEqual([]);
  });

  it('explains AADSTS700016 as an app not registered in the tenant, naming the admin action', async () => {
    const { exchange } = exchangeWith([
      { kind: 'error', status: 400, error: 'unauthorized_client', aadsts: 700016, description: `Application with identifier '${CLIENT}' was not found in the directory.` },
    ]);
    const error = await failureOf(exchange.getGraphToken(janeSso, jane));

    expect(error).toBeInstanceOf(AppTokenError);
    expect((error as AppTokenError).reason).toBe('app_not_in_tenant');
    expect(error.message).toContain(CLIENT);
    expect(error.message).toContain(TENANT);
    expect(error.message).toMatch(/admin of that tenant must add it and grant admin consent/);
  });

  it('explains unauthorized_client without a code the same way', async () => {
    const { exchange } = exchangeWith([{ kind: 'error', status: 400, error: 'unauthorized_client', description: 'The client is not authorized.' }]);
    const error = await failureOf(exchange.getGraphToken(janeSso, jane));
    expect((error as AppTokenError).reason).toBe('app_not_in_tenant');
  });

  it('asks the tab for a fresh SSO token when Entra ID finds the assertion expired (AADSTS500133)', async () => {
    const { exchange, sleeps } = exchangeWith([
      { kind: 'error', status: 400, error: 'invalid_grant', aadsts: 500133, description: 'Assertion is not within its valid time range.' },
    ]);
    const error = await failureOf(exchange.getGraphToken(janeSso, jane, { consentJustGranted: true }));
    expect(error).toBeInstanceOf(OnBehalfOfError);
    expect((error as OnBehalfOfError).reason).toBe('assertion_rejected');
    expect(sleeps).toEqual([]);
  });

  it("reports a wrong client secret as the server's configuration problem, not the person's", async () => {
    const { exchange } = exchangeWith([{ kind: 'error', status: 401, error: 'invalid_client', aadsts: 7000215, description: 'Invalid client secret provided.' }]);
    const error = await failureOf(exchange.getGraphToken(janeSso, jane));
    expect((error as AppTokenError).reason).toBe('bad_secret');
    expect(error.message).not.toContain('the-secret-value');
  });

  it("asks the person's own tenant", async () => {
    const guestTenant = '9188040d-6c67-4c5b-b112-36a304b66dad';
    const { exchange, entra } = exchangeWith([{ kind: 'token', accessToken: 'graph-token', user: { oid: jane.userId, tid: guestTenant } }]);
    await exchange.getGraphToken(janeSso, { ...jane, tenantId: guestTenant });
    expect(entra.tokenRequests()[0]?.url).toContain(`/${guestTenant}/oauth2/v2.0/token`);
  });
});

import type { TeamsContextLike, TeamsSaveEvent, TeamsSdk } from '../host/teams-sdk.js';

/** A stand-in for teams-js that records what the tab asked of Teams. */
export interface FakeTeams extends TeamsSdk {
  calls: string[];
  validity: boolean[];
  savedConfigs: unknown[];
  saveHandler: ((event: TeamsSaveEvent) => void) | null;
  themeHandler: ((theme: string) => void) | null;
  tokenRequests: number;
  authenticateUrls: string[];
  authOutcomes: string[];
}

export function fakeTeams(
  context: TeamsContextLike,
  options: { token?: () => Promise<string>; initialize?: () => Promise<void>; authenticate?: (url: string) => Promise<string> } = {},
): FakeTeams {
  const fake: FakeTeams = {
    calls: [],
    validity: [],
    savedConfigs: [],
    saveHandler: null,
    themeHandler: null,
    tokenRequests: 0,
    authenticateUrls: [],
    authOutcomes: [],
    app: {
      initialize: () => {
        fake.calls.push('initialize');
        return options.initialize ? options.initialize() : Promise.resolve();
      },
      getContext: async () => context,
      notifySuccess: () => {
        fake.calls.push('notifySuccess');
      },
      registerOnThemeChangeHandler: (handler) => {
        fake.themeHandler = handler;
      },
    },
    authentication: {
      getAuthToken: () => {
        fake.tokenRequests += 1;
        return options.token ? options.token() : Promise.resolve(SSO_TOKEN);
      },
      authenticate: ({ url }) => {
        fake.authenticateUrls.push(url);
        return options.authenticate ? options.authenticate(url) : Promise.resolve('');
      },
      notifySuccess: () => {
        fake.authOutcomes.push('success');
      },
      notifyFailure: (reason) => {
        fake.authOutcomes.push(`failure: ${reason}`);
      },
    },
    LiveShareHost: {
      create: () => {
        fake.calls.push('LiveShareHost.create');
        throw new Error('the fake Teams client has no Live Share service');
      },
    },
    pages: {
      config: {
        setValidityState: (valid) => {
          fake.validity.push(valid);
        },
        setConfig: async (config) => {
          fake.savedConfigs.push(config);
        },
        registerOnSaveHandler: (handler) => {
          fake.saveHandler = handler;
        },
      },
    },
    meeting: {
      shareAppContentToStage: (callback, url) => {
        fake.calls.push(`share ${url}`);
        callback(null, true);
      },
    },
  };
  return fake;
}

const base64url = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

export const TEST_CLIENT_ID = '0b1e8b3a-6f2c-4f5e-9a61-2d7c3e9f4a10';
export const TEST_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** A token shaped like Teams' SSO token (v1 audience, the App ID URI); never verified by the tab. */
export const SSO_TOKEN = `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url({
  aud: `api://plans.example.org/${TEST_CLIENT_ID}`,
  tid: TEST_TENANT_ID,
  name: 'Louise West',
})}.signature`;

export const teamsContext = (frameContext: string, theme = 'default'): TeamsContextLike => ({
  app: { theme },
  page: { id: 'plan-tab', frameContext },
  user: { id: 'user-1', displayName: 'Louise West', userPrincipalName: 'louise.west@example.org' },
});

import type { TeamsContextLike, TeamsSaveEvent, TeamsSdk } from '../host/teams-sdk.js';

/** A stand-in for teams-js that records what the tab asked of Teams. */
export interface FakeTeams extends TeamsSdk {
  calls: string[];
  validity: boolean[];
  savedConfigs: unknown[];
  saveHandler: ((event: TeamsSaveEvent) => void) | null;
  themeHandler: ((theme: string) => void) | null;
  tokenRequests: number;
}

export function fakeTeams(context: TeamsContextLike, options: { token?: () => Promise<string>; initialize?: () => Promise<void> } = {}): FakeTeams {
  const fake: FakeTeams = {
    calls: [],
    validity: [],
    savedConfigs: [],
    saveHandler: null,
    themeHandler: null,
    tokenRequests: 0,
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
        return options.token ? options.token() : Promise.resolve('sso-token-for-test');
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

export const teamsContext = (frameContext: string, theme = 'default'): TeamsContextLike => ({
  app: { theme },
  page: { id: 'plan-tab', frameContext },
  user: { id: 'user-1', displayName: 'Louise West', userPrincipalName: 'louise.west@example.org' },
});

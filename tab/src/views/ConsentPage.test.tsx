// @vitest-environment jsdom
import '../test/setup-dom.js';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error.js';
import type { PlanApi } from '../api/plan-api.js';
import { teamsHost } from '../host/teams-host.js';
import { fakeTeams, teamsContext, TEST_CLIENT_ID, TEST_TENANT_ID } from '../test/fake-teams.js';
import { renderTab } from '../test/render-tab.js';
import { PAN_CHESHIRE, seededStore, storeApi } from '../test/seeded-api.js';

let api: PlanApi;
const SCOPES = ['https://graph.microsoft.com/Sites.ReadWrite.All'];

beforeAll(async () => {
  api = storeApi(await seededStore());
});

describe('consent from the tab', () => {
  it('asks for permission in Teams’ sign-in window, then loads the plan, telling the server consent was just given', async () => {
    const teams = fakeTeams(teamsContext('content'));
    const host = teamsHost(teams, teamsContext('content'), { consentPage: 'https://plans.example.org/tab/consent' });
    let consented = false;
    let granted = 0;
    const guarded: PlanApi = {
      ...api,
      getPlan: (id) => (consented ? api.getPlan(id) : Promise.reject(new ApiError('consent', 'consent needed', 403, 'consent_required', null, SCOPES))),
      consentGranted: () => {
        granted += 1;
      },
    };
    renderTab(`/plans/${PAN_CHESHIRE}`, guarded, { host });
    fireEvent.click(await screen.findByRole('button', { name: 'Give permission' }));
    consented = true;
    await waitFor(() => expect(document.documentElement.dataset.planState).toBe('ready'));
    expect(granted).toBe(1);
    const opened = new URL(teams.authenticateUrls[0]!);
    expect(`${opened.origin}${opened.pathname}`).toBe('https://plans.example.org/tab/consent');
    expect(Object.fromEntries(opened.searchParams)).toEqual({ client: TEST_CLIENT_ID, tenant: TEST_TENANT_ID, scope: SCOPES.join(' '), hint: 'louise.west@example.org' });
  });

  it('says so when the person declines, and leaves the page as it was', async () => {
    const teams = fakeTeams(teamsContext('content'), { authenticate: () => Promise.reject(new Error('AADSTS65004: User declined to consent')) });
    const host = teamsHost(teams, teamsContext('content'));
    const refusing: PlanApi = { ...api, getPlan: () => Promise.reject(new ApiError('consent', 'consent needed', 403, 'consent_required', null, SCOPES)) };
    renderTab(`/plans/${PAN_CHESHIRE}`, refusing, { host });
    fireEvent.click(await screen.findByRole('button', { name: 'Give permission' }));
    expect(await screen.findByText('Permission was not given: AADSTS65004: User declined to consent')).toBeTruthy();
  });

  it('hands Entra’s answer back to Teams from the consent-end page, checking it answers this window’s request', async () => {
    const teams = fakeTeams(teamsContext('authentication'));
    const host = teamsHost(teams, teamsContext('authentication'));
    sessionStorage.setItem('plan-tab-consent-state', 'state-1');
    renderTab('/consent-end', api, { host, hash: '#code=abc&state=state-1' });
    await waitFor(() => expect(teams.authOutcomes).toEqual(['success']));
    expect(await screen.findByText('Permission given. This window closes by itself.')).toBeTruthy();
  });

  it('refuses an answer that does not carry this window’s state', async () => {
    const teams = fakeTeams(teamsContext('authentication'));
    sessionStorage.setItem('plan-tab-consent-state', 'state-1');
    renderTab('/consent-end', api, { host: teamsHost(teams, teamsContext('authentication')), hash: '#code=abc&state=forged' });
    await waitFor(() => expect(teams.authOutcomes).toEqual(['failure: the answer did not come from the request this window made']));
  });
});

// @vitest-environment jsdom
import '../test/setup-dom.js';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlanApi } from '../api/plan-api.js';
import { teamsHost } from '../host/teams-host.js';
import { fakeTeams, teamsContext } from '../test/fake-teams.js';
import { renderTab } from '../test/render-tab.js';
import { GLOUCESTERSHIRE, seededStore, storeApi } from '../test/seeded-api.js';

let api: PlanApi;

beforeAll(async () => {
  api = storeApi(await seededStore());
});

describe('configuration page', () => {
  it('lets Teams save only once a plan is chosen, then saves the plan and default filter in the tab’s URLs', async () => {
    const teams = fakeTeams(teamsContext('settings'));
    const host = teamsHost(teams, teamsContext('settings'));
    renderTab('/config', api, { host });
    const plan = await screen.findByLabelText(/^Plan/);
    expect(teams.validity.at(-1)).toBe(false);

    fireEvent.change(plan, { target: { value: GLOUCESTERSHIRE } });
    await waitFor(() => expect(teams.validity.at(-1)).toBe(true));
    await waitFor(() => expect(screen.getByRole('option', { name: 'Jane Price' })).toBeTruthy());
    fireEvent.change(screen.getByLabelText('Lead'), { target: { value: 'Jane Price' } });
    fireEvent.change(screen.getByLabelText('RAG'), { target: { value: 'Red,Amber' } });
    fireEvent.change(screen.getByLabelText(/^Tab name/), { target: { value: 'Jane’s actions' } });

    const outcome: string[] = [];
    teams.saveHandler!({ notifySuccess: () => outcome.push('success'), notifyFailure: (reason) => outcome.push(`failure: ${reason}`) });
    await waitFor(() => expect(outcome).toEqual(['success']));
    const url = `${window.location.origin}/plans/${GLOUCESTERSHIRE}?lead=Jane+Price&rag=Red%2CAmber`;
    expect(teams.savedConfigs).toEqual([
      { contentUrl: url, websiteUrl: url, entityId: `plan:${GLOUCESTERSHIRE}?lead=Jane+Price&rag=Red%2CAmber`, suggestedDisplayName: 'Jane’s actions' },
    ]);
  });

  it('refuses to save without a plan, saying why', async () => {
    const teams = fakeTeams(teamsContext('settings'));
    renderTab('/config', api, { host: teamsHost(teams, teamsContext('settings')) });
    await screen.findByLabelText(/^Plan/);
    const outcome: string[] = [];
    teams.saveHandler!({ notifySuccess: () => outcome.push('success'), notifyFailure: (reason) => outcome.push(`failure: ${reason}`) });
    expect(outcome).toEqual(['failure: Choose a plan first.']);
    expect(teams.savedConfigs).toEqual([]);
  });

  it('outside Teams shows the link the tab would open instead of saving', async () => {
    renderTab('/config', api);
    fireEvent.change(await screen.findByLabelText(/^Plan/), { target: { value: GLOUCESTERSHIRE } });
    fireEvent.click(screen.getByLabelText('Overdue only'));
    const link = await screen.findByRole('link', { name: /overdue=true/ });
    expect(link.getAttribute('href')).toBe(`${window.location.origin}/plans/${GLOUCESTERSHIRE}?overdue=true`);
  });
});

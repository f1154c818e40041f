// @vitest-environment jsdom
import '../test/setup-dom.js';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlanApi } from '../api/plan-api.js';
import { teamsHost } from '../host/teams-host.js';
import { fakeTeams, teamsContext } from '../test/fake-teams.js';
import { currentParams, renderTab } from '../test/render-tab.js';
import { PAN_CHESHIRE, seededStore, storeApi } from '../test/seeded-api.js';

let api: PlanApi;

beforeAll(async () => {
  api = storeApi(await seededStore());
});

const onStage = () => screen.getByRole('article').getAttribute('data-ref');

describe('meeting stage walk-through', () => {
  it('steps action by action with j and k, the arrow keys, and the Previous and Next buttons', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}/stage`, api);
    await screen.findByRole('heading', { level: 2, name: '1.1' });
    expect(screen.getByText('Action 1.1: 1 of 28')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Previous action' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.keyDown(window, { key: 'j' });
    await waitFor(() => expect(onStage()).toBe('1.2'));
    fireEvent.keyDown(window, { key: 'ArrowRight' });
    await waitFor(() => expect(onStage()).toBe('1.3'));
    fireEvent.keyDown(window, { key: 'k' });
    await waitFor(() => expect(onStage()).toBe('1.2'));
    fireEvent.click(screen.getByRole('button', { name: 'Next action' }));
    await waitFor(() => expect(onStage()).toBe('1.3'));
    fireEvent.click(screen.getByRole('button', { name: 'Previous action' }));
    await waitFor(() => expect(onStage()).toBe('1.2'));
    fireEvent.keyDown(window, { key: 'End' });
    await waitFor(() => expect(onStage()).toBe('6.1'));
    expect(currentParams().get('at')).toBe('6.1');
    expect((screen.getByRole('button', { name: 'Next action' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows what changed since the last meeting, and can walk only through those actions', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}/stage`, api, { search: 'at=2.1' });
    await screen.findByRole('heading', { level: 2, name: '2.1' });
    expect(screen.getByText('Changed since the last meeting')).toBeTruthy();
    const since = await screen.findByRole('region', { name: 'Since the last meeting (15 May 2013)' });
    expect(within(since).getByText(/Status of this action changed to Amber/)).toBeTruthy();

    fireEvent.click(screen.getByLabelText('Only what changed since the last meeting (15 May 2013)'));
    await waitFor(() => expect(currentParams().get('changes')).toBe('1'));
    expect(screen.getByText(/of 18$/)).toBeTruthy();
  });

  it('keeps the plan view’s filter: a lead’s actions only', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}/stage`, api, { search: 'lead=Nigel+Wenham' });
    await screen.findByRole('heading', { level: 2, name: '4.1' });
    expect(screen.getByText('Action 4.1: 1 of 7')).toBeTruthy();
  });

  it('is what a plan tab shows when Teams opens it on the meeting stage', async () => {
    const host = teamsHost(fakeTeams(teamsContext('meetingStage', 'contrast')), teamsContext('meetingStage', 'contrast'));
    const { container } = renderTab(`/plans/${PAN_CHESHIRE}`, api, { host });
    await screen.findByRole('button', { name: 'Next action' });
    expect(container.querySelector('[data-theme="contrast"]')).not.toBeNull();
  });
});

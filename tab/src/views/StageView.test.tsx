// @vitest-environment jsdom
import '../test/setup-dom.js';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { planChanges } from '../../../src/service/plan-changes.js';
import type { PlanStore } from '../../../src/store/plan-store.js';
import type { PlanApi } from '../api/plan-api.js';
import { teamsHost } from '../host/teams-host.js';
import { fakeTeams, teamsContext } from '../test/fake-teams.js';
import { currentParams, renderTab } from '../test/render-tab.js';
import { PAN_CHESHIRE, seededStore, storeApi } from '../test/seeded-api.js';

let store: PlanStore;
let api: PlanApi;

beforeAll(async () => {
  store = await seededStore();
  api = storeApi(store);
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

  it('shows what changed since the plan’s last meeting, and can walk only through those actions', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}/stage`, api, { search: 'at=2.1' });
    await screen.findByRole('heading', { level: 2, name: '2.1' });
    expect(await screen.findByText('Since the last meeting (15 May 2013): 1 new update')).toBeTruthy();
    const since = await screen.findByRole('region', { name: 'Since the last meeting (15 May 2013)' });
    expect(within(since).getByText(/Status of this action changed to Amber/)).toBeTruthy();
    expect(screen.getByText(/End 2012/).textContent).toBe('End 2012 (due 31 Dec 2012, overdue by 1886 days)');

    const changed = await planChanges(store, (await store.getPlan(PAN_CHESHIRE))!, '2018-03-01', null);
    fireEvent.click(screen.getByLabelText('Only what changed since the last meeting (15 May 2013)'));
    await waitFor(() => expect(currentParams().get('changes')).toBe('1'));
    expect(screen.getByText(new RegExp(`of ${changed.actions.length}$`))).toBeTruthy();
  });

  it('shows a RAG changed since the meeting as “was Amber, now Red”, with the change among the entries since', async () => {
    const own = await seededStore();
    const action = (await own.getActionByRef(PAN_CHESHIRE, '2.1'))!;
    await own.changeAction(action.id, action.version, {
      rag: 'Red',
      changedAt: '2018-03-01T10:00:00.000Z',
      record: { kind: 'changed', note: null, date: '2018-03-01', key: 'stage-test', author: 'Louise West', authorId: null, origin: 'tab' },
    });
    renderTab(`/plans/${PAN_CHESHIRE}/stage`, storeApi(own), { search: 'at=2.1' });
    expect(await screen.findByText('was Amber, now Red')).toBeTruthy();
    const since = await screen.findByRole('region', { name: 'Since the last meeting (15 May 2013)' });
    const entries = within(since).getAllByRole('listitem').map((li) => li.textContent);
    expect(entries[0]).toBe('1 Mar 2018RAG changed from Amber to Red — Louise West, in the tab');
    expect(entries.slice(1).every((e) => e?.startsWith('15 May 2013, '))).toBe(true);
    expect(entries.some((e) => /Status of this action changed to Amber/.test(e ?? ''))).toBe(true);
  });

  it('walks in the list’s orders, most overdue first among them, kept in the URL', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}/stage`, api);
    await screen.findByRole('heading', { level: 2, name: '1.1' });
    fireEvent.change(screen.getByLabelText('Order'), { target: { value: 'most-overdue' } });
    await waitFor(() => expect(currentParams().get('order')).toBe('most-overdue'));
    expect(onStage()).toBe('1.1');
    fireEvent.change(screen.getByLabelText('Order'), { target: { value: 'rag' } });
    await waitFor(() => expect(onStage()).toBe('2.1'));
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

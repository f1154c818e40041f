// @vitest-environment jsdom
import '../test/setup-dom.js';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlanStore } from '../../../src/store/plan-store.js';
import { ApiError } from '../api/api-error.js';
import type { PlanApi } from '../api/plan-api.js';
import { currentParams, renderTab } from '../test/render-tab.js';
import { GLOUCESTERSHIRE, PAN_CHESHIRE, seededStore, storeApi } from '../test/seeded-api.js';

let store: PlanStore;
let api: PlanApi;

beforeAll(async () => {
  store = await seededStore();
  api = storeApi(store);
});

const rowRefs = () => [...document.querySelectorAll<HTMLElement>('[data-ref]')].map((row) => row.dataset.ref);

async function ready() {
  await waitFor(() => expect(document.documentElement.dataset.planState).toBe('ready'));
}

describe('plan view', () => {
  it('shows every action of the Pan Cheshire plan in section order, each with ref, RAG word, leads, timescale and latest update', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}`, api);
    await ready();
    expect(screen.getByRole('heading', { level: 1, name: /Pan Cheshire Child Sexual Exploitation/ })).toBeTruthy();
    expect(rowRefs()).toEqual((await store.findActions(PAN_CHESHIRE)).map((a) => a.ref));
    const row = document.querySelector<HTMLElement>('[data-ref="2.1"]')!;
    expect(within(row).getByRole('link', { name: 'Action 2.1' })).toBeTruthy();
    expect(within(row).getByText('Amber')).toBeTruthy();
    expect(within(row).getByText('End 2012')).toBeTruthy();
    expect(within(row).getByText(/due 31 Dec 2012/)).toBeTruthy();
    expect(within(row).getByText('15 May 2013')).toBeTruthy();
  });

  it('combines lead, RAG and search filters, and writes them into the URL', async () => {
    renderTab(`/plans/${GLOUCESTERSHIRE}`, api);
    await ready();
    const all = rowRefs().length;

    fireEvent.change(screen.getByLabelText('Lead'), { target: { value: 'Steve Bean' } });
    await waitFor(() => expect(currentParams().get('lead')).toBe('Steve Bean'));
    const byLead = rowRefs();
    expect(byLead.length).toBeGreaterThan(0);
    expect(byLead.length).toBeLessThan(all);
    for (const ref of byLead) expect(document.querySelector(`[data-ref="${ref}"]`)!.textContent).toContain('Steve Bean');

    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'awareness day' } });
    await waitFor(() => expect(currentParams().get('q')).toBe('awareness day'));
    expect(rowRefs()).toEqual(['1.4']);
    expect(currentParams().get('lead')).toBe('Steve Bean');

    fireEvent.change(screen.getByLabelText('RAG'), { target: { value: 'Red' } });
    await waitFor(() => expect(currentParams().get('rag')).toBe('Red'));
    expect(rowRefs()).toEqual([]);
    expect(screen.getByText('No action matches these filters.')).toBeTruthy();
  });

  it('opens a shared link with its filters applied: Red and amber, overdue, in section 2', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}`, api, { search: 'rag=Red,Amber&overdue=true&section=2' });
    await ready();
    expect(rowRefs()).toEqual(['2.1']);
    expect((screen.getByLabelText('RAG') as HTMLSelectElement).value).toBe('Red,Amber');
    expect((screen.getByLabelText('Overdue') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Section') as HTMLSelectElement).value).toBe('2');
    expect(screen.getByText('Showing 1 of 28 actions')).toBeTruthy();
  });

  it('writes overdue, section and both dates into the URL, and clears them all at once', async () => {
    renderTab(`/plans/${GLOUCESTERSHIRE}`, api);
    await ready();
    fireEvent.click(screen.getByLabelText('Overdue'));
    fireEvent.change(screen.getByLabelText('Section'), { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText('Due before'), { target: { value: '2017-10-31' } });
    fireEvent.change(screen.getByLabelText('Changed since'), { target: { value: '2017-10-01' } });
    await waitFor(() => expect(currentParams().get('changedSince')).toBe('2017-10-01'));
    expect(Object.fromEntries(currentParams())).toEqual({ overdue: 'true', section: '1', dueBefore: '2017-10-31', changedSince: '2017-10-01' });
    const server = await store.findActions(GLOUCESTERSHIRE, { overdue: true, section: '1', dueBefore: '2017-10-31', changedSince: '2017-10-01', today: '2018-03-01' });
    expect(server.length).toBeGreaterThan(0);
    expect(rowRefs()).toEqual(server.map((a) => a.ref));

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(currentParams().toString()).toBe(''));
    expect(rowRefs()).toHaveLength(47);
  });

  it('fills “changed since” with the last meeting, the plan’s most recent round of updates', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}`, api);
    await ready();
    fireEvent.click(screen.getByRole('button', { name: 'Last meeting (15 May 2013)' }));
    await waitFor(() => expect(currentParams().get('changedSince')).toBe('2013-05-15'));
    expect(rowRefs()).toHaveLength(18);
  });

  it('shows the summary of what is shown: counts by RAG, overdue, due in 30 days and gone quiet', async () => {
    renderTab(`/plans/${GLOUCESTERSHIRE}`, api);
    await ready();
    const summary = screen.getByRole('region', { name: 'Summary' });
    const value = (term: string) => [...summary.querySelectorAll('dt')].find((dt) => dt.textContent === term)?.nextElementSibling?.textContent;
    const today = '2018-03-01';
    const actions = await store.findActions(GLOUCESTERSHIRE);
    const overdue = await store.findActions(GLOUCESTERSHIRE, { overdue: true, today });
    const dueByEndOfMarch = await store.findActions(GLOUCESTERSHIRE, { dueBefore: '2018-03-31', today });
    const open = (a: (typeof actions)[number]) => a.rag !== 'Complete' && !['completed', 'not-applicable'].includes(a.timescale.reading.kind);
    expect(value('Not set')).toBe(String(actions.filter((a) => a.rag === 'Not set').length));
    expect(value('Overdue')).toBe(String(overdue.length));
    expect(value('Due in 30 days')).toBe(String(dueByEndOfMarch.filter((a) => open(a) && !overdue.some((o) => o.id === a.id)).length));
    expect(value('No update for 60 days')).toBe(String(actions.filter((a) => open(a) && (a.lastUpdated === null || a.lastUpdated < '2017-12-31')).length));
  });

  it('shows a latest update written as HTML as text in the list', async () => {
    const own = await seededStore();
    const action = (await own.getActionByRef(PAN_CHESHIRE, '1.1'))!;
    await own.appendUpdate(action.id, {
      date: '2018-03-01',
      dateSource: 'recorded',
      author: 'Tester',
      authorId: null,
      text: '<img src=x onerror=alert(1)> <b>bold?</b>',
      origin: 'tab',
      ragAfter: null,
      timescaleAfter: null,
      key: 'xss-test',
      recordedAt: '2018-03-01T10:00:00.000Z',
    });
    renderTab(`/plans/${PAN_CHESHIRE}`, storeApi(own));
    await ready();
    const row = document.querySelector<HTMLElement>('[data-ref="1.1"]')!;
    expect(within(row).getByText('<img src=x onerror=alert(1)> <b>bold?</b>')).toBeTruthy();
    expect(document.querySelector('img, b')).toBeNull();
  });

  it('shows a clear not-found page for an unknown plan id in the URL', async () => {
    renderTab('/plans/no-such-plan', api);
    expect(await screen.findByRole('heading', { name: 'Plan not found' })).toBeTruthy();
    expect(screen.getByText('no plan with id "no-such-plan"')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'See all plans' })).toBeTruthy();
    expect(document.documentElement.dataset.planState).toBe('not-found');
  });

  it('shows a retry message when the API is down, and loads the plan on retry', async () => {
    let down = true;
    const flaky: PlanApi = {
      ...api,
      listActions: (planId) => (down ? Promise.reject(new ApiError('unavailable', 'The plan service could not be reached.', null, null)) : api.listActions(planId)),
    };
    renderTab(`/plans/${PAN_CHESHIRE}`, flaky);
    expect(await screen.findByRole('heading', { name: 'The plan service is not answering' })).toBeTruthy();
    expect(document.documentElement.dataset.planState).toBe('error');
    down = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await ready();
    expect(rowRefs()).toHaveLength(28);
  });

  it('says what to do when the person must give the app permission first', async () => {
    const refusing: PlanApi = {
      ...api,
      getPlan: () => Promise.reject(new ApiError('consent', 'consent needed for Sites.ReadWrite.All', 403, 'consent_required')),
    };
    renderTab(`/plans/${PAN_CHESHIRE}`, refusing);
    expect(await screen.findByRole('heading', { name: 'Permission needed' })).toBeTruthy();
    expect(screen.getByText(/ask your Teams administrator to grant admin consent/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});


// @vitest-environment jsdom
import '../test/setup-dom.js';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sortActions } from '../../../src/plan/action-order.js';
import { planChanges } from '../../../src/service/plan-changes.js';
import type { PlanStore } from '../../../src/store/plan-store.js';
import { ApiError } from '../api/api-error.js';
import type { NewMeeting, PlanApi } from '../api/plan-api.js';
import { teamsHost } from '../host/teams-host.js';
import { fakeTeams, teamsContext } from '../test/fake-teams.js';
import { currentParams, renderTab } from '../test/render-tab.js';
import { GLOUCESTERSHIRE, PAN_CHESHIRE, seededStore, storeApi } from '../test/seeded-api.js';
import { forgetTeamsMeetings } from '../plan/use-teams-meeting.js';

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
    expect(within(row).getByText('due 31 Dec 2012 · overdue by 1886 days')).toBeTruthy();
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

  it('fills “changed since” with the plan’s last meeting, one of its meeting dates (here read from its document)', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}`, api);
    await ready();
    fireEvent.click(screen.getByRole('button', { name: 'Last meeting (15 May 2013)' }));
    await waitFor(() => expect(currentParams().get('changedSince')).toBe('2013-05-15'));
    expect(rowRefs()).toHaveLength(18);
  });

  it('sorts the list by the order chosen, kept in the URL, without section headings; clearing the filters keeps it', async () => {
    renderTab(`/plans/${GLOUCESTERSHIRE}`, api, { search: 'lead=Louise+West' });
    await ready();
    expect(document.querySelectorAll('[role="table"] h2').length).toBeGreaterThan(0);
    fireEvent.change(screen.getByLabelText('Order'), { target: { value: 'most-overdue' } });
    await waitFor(() => expect(currentParams().get('order')).toBe('most-overdue'));
    const louise = await store.findActions(GLOUCESTERSHIRE, { lead: 'Louise West', today: '2018-03-01' });
    expect(rowRefs()).toEqual(sortActions(louise, 'most-overdue', '2018-03-01').map((a) => a.ref));
    expect(document.querySelectorAll('[role="table"] h2')).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(currentParams().get('lead')).toBeNull());
    expect(currentParams().get('order')).toBe('most-overdue');
    expect((screen.getByLabelText('Order') as HTMLSelectElement).value).toBe('most-overdue');
  });

  it('opens a shared link in its order: RAG, red first', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}`, api, { search: 'order=rag' });
    await ready();
    expect(rowRefs()[0]).toBe('2.1');
    expect(rowRefs().at(-1)).toBe('2.2');
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
    await waitFor(() => expect(document.documentElement.dataset.planState).toBe('not-found'));
  });

  it('shows a retry message when the API is down, and loads the plan on retry', async () => {
    let down = true;
    const flaky: PlanApi = {
      ...api,
      listActions: (planId) => (down ? Promise.reject(new ApiError('unavailable', 'The plan service could not be reached.', null, null)) : api.listActions(planId)),
    };
    renderTab(`/plans/${PAN_CHESHIRE}`, flaky);
    expect(await screen.findByRole('heading', { name: 'The plan service is not answering' })).toBeTruthy();
    // The page says so in an effect, a moment after it shows.
    await waitFor(() => expect(document.documentElement.dataset.planState).toBe('error'));
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


describe('plan view: since the last meeting', () => {
  let own: PlanStore;
  let ownApi: PlanApi;
  let meetingsAdded: NewMeeting[];

  beforeEach(async () => {
    own = await seededStore();
    const real = storeApi(own);
    meetingsAdded = [];
    ownApi = {
      ...real,
      addMeeting: (planId, meeting) => {
        meetingsAdded.push(meeting);
        return real.addMeeting(planId, meeting);
      },
    };
    forgetTeamsMeetings();
    window.sessionStorage.clear();
  });

  // jsdom has no layout: the list is in its stacked form, whose column headers are hidden, so read them from the page.
  const columnHeaders = () => [...document.querySelectorAll('[role="columnheader"]')].map((h) => h.textContent);
  // Stacked, each cell says what it is: "Since 15 May 2013:" before the changes.
  const sinceCell = (ref: string) => document.querySelector<HTMLElement>(`[data-ref="${ref}"] [data-changes]`);
  const summaryValue = (term: string) => {
    // hidden: jsdom's focus events leave Fluent's modal hiding parts of the page it would not in a
    // browser; the browser tests check the page is back for assistive technology once a dialog closes.
    const group = screen.getByRole('group', { name: /^Since/, hidden: true });
    return [...group.querySelectorAll('dt')].find((dt) => dt.textContent === term)?.nextElementSibling?.textContent;
  };

  it('shows per row what changed since the plan’s last meeting, as GET .../changes has it, and counts it in the summary', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}`, ownApi);
    await ready();
    await screen.findByRole('group', { name: 'Since the last meeting (15 May 2013)' });
    const expected = await planChanges(own, (await own.getPlan(PAN_CHESHIRE))!, '2018-03-01', null);
    expect(columnHeaders().at(-1)).toBe('Since 15 May 2013');
    expect(sinceCell('1.2')?.textContent).toMatch(/^Since 15 May 2013:1 new update/);
    expect(sinceCell('1.3')?.textContent).toContain('newly overdue');
    expect(sinceCell('2.2')?.textContent).toBe('Since 15 May 2013:no change');
    expect(summaryValue('Actions changed')).toBe(String(expected.counts.actionsChanged));
    expect(summaryValue('New updates')).toBe(String(expected.counts.newUpdates));
    expect(summaryValue('Newly overdue')).toBe(String(expected.counts.newlyOverdue));
  });

  it('says RAG was and now on the row once a RAG changes in the tab', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}/actions/1.2`, ownApi);
    const dialog = await screen.findByRole('dialog', { name: 'Action 1.2' });
    fireEvent.change(await within(dialog).findByLabelText('RAG status'), { target: { value: 'Red' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes', hidden: true }));
    // A save, a reload of the action and of the changes: slow on a loaded 2-core machine, so waited for longer.
    await within(dialog).findByText('Saved.', {}, { timeout: 10_000 });
    await waitFor(() => expect(sinceCell('1.2')?.textContent).toContain('RAG was Not set, now Red'), { timeout: 10_000 });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close', hidden: true }));
    await waitFor(() => expect(summaryValue('RAG changed')).toBe('1'), { timeout: 10_000 });
  }, 30_000);

  it('asks for meeting dates when the plan has none, and counts from one once it is added; a meeting can be removed', async () => {
    renderTab(`/plans/${GLOUCESTERSHIRE}`, ownApi);
    await ready();
    expect(screen.getByText(/No meeting dates yet: add the last meeting under Meetings/)).toBeTruthy();
    expect(sinceCell('4.1')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Meetings' }));
    const dialog = await screen.findByRole('region', { name: 'Meetings' });
    fireEvent.change(within(dialog).getByLabelText('Meeting date'), { target: { value: '2018-02-12' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add meeting' }));
    await within(dialog).findByText('Meeting on 12 Feb 2018 added.');
    expect(meetingsAdded).toEqual([{ date: '2018-02-12', source: 'entered' }]);
    expect((await own.getPlan(GLOUCESTERSHIRE))!.meetings).toEqual([{ date: '2018-02-12', source: 'entered', title: null }]);
    await screen.findByRole('group', { name: 'Since the last meeting (12 Feb 2018)' });
    expect(sinceCell('4.1')?.textContent).toBe('Since 12 Feb 2018:1 new update');
    expect(screen.getByRole('button', { name: 'Meetings (1)' })).toBeTruthy();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove the meeting on 12 Feb 2018' }));
    await within(dialog).findByText('Meeting on 12 Feb 2018 removed.');
    await screen.findByText(/No meeting dates yet/);
    expect((await own.getPlan(GLOUCESTERSHIRE))!.meetings).toEqual([]);
  });

  it('compares with the “Changed since” day instead when one is chosen', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}`, ownApi, { search: 'changedSince=2013-02-10' });
    await ready();
    await screen.findByRole('group', { name: 'Since 10 Feb 2013' });
    expect(columnHeaders().at(-1)).toBe('Since 10 Feb 2013');
  });

  it('records today as the plan’s meeting, once, when opened inside a Teams meeting', async () => {
    const context = { ...teamsContext('sidePanel'), meeting: { id: 'meeting-19:abc' } };
    const host = teamsHost(fakeTeams(context), context);
    const first = renderTab(`/plans/${GLOUCESTERSHIRE}`, ownApi, { host });
    await ready();
    await waitFor(() => expect(meetingsAdded).toEqual([{ date: '2018-03-01', source: 'teams' }]));
    expect((await own.getPlan(GLOUCESTERSHIRE))!.meetings).toEqual([{ date: '2018-03-01', source: 'teams', title: null }]);
    first.unmount();

    // Opened again in the same meeting: nothing more is asked.
    forgetTeamsMeetings();
    renderTab(`/plans/${GLOUCESTERSHIRE}`, ownApi, { host });
    await ready();
    expect(meetingsAdded).toHaveLength(1);
  });

  it('records the Teams meeting with its chat, where the summary goes, even on a day that has a meeting already', async () => {
    await storeApi(own).addMeeting(GLOUCESTERSHIRE, { date: '2018-03-01', source: 'entered' });
    const context = { ...teamsContext('sidePanel'), meeting: { id: 'meeting-19:def' }, chat: { id: '19:meeting_def@thread.v2' } };
    renderTab(`/plans/${GLOUCESTERSHIRE}`, ownApi, { host: teamsHost(fakeTeams(context), context) });
    await ready();
    await waitFor(() => expect(meetingsAdded).toEqual([{ date: '2018-03-01', source: 'teams', chatId: '19:meeting_def@thread.v2' }]));
    expect((await own.getPlan(GLOUCESTERSHIRE))!.meetings).toEqual([{ date: '2018-03-01', source: 'entered', title: null, chatId: '19:meeting_def@thread.v2' }]);
  });

  it('records no meeting outside a Teams meeting', async () => {
    renderTab(`/plans/${GLOUCESTERSHIRE}`, ownApi);
    await ready();
    expect(meetingsAdded).toEqual([]);
  });
});

describe('opened from the activity feed', () => {
  it("opens the action the notice is about, in its plan, in place of the list of plans", async () => {
    const host = { ...teamsHost(fakeTeams(teamsContext('content')), teamsContext('content')), startPath: `/plans/${GLOUCESTERSHIRE}/actions/1.4` };
    renderTab('/', api, { host });
    await waitFor(() => expect(window.location.pathname).toMatch(new RegExp(`/plans/${GLOUCESTERSHIRE}/actions/1\\.4$`)));
    expect(await screen.findByRole('dialog', { name: /1\.4/ })).toBeTruthy();
  });
});

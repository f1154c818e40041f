// @vitest-environment jsdom
import '../test/setup-dom.js';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { interpretTimescale } from '../../../src/plan/timescale.js';
import { planChanges } from '../../../src/service/plan-changes.js';
import type { PlanStore } from '../../../src/store/plan-store.js';
import type { PlanApi } from '../api/plan-api.js';
import { hrefOf, useTabLocation } from '../app/navigation.js';
import { TabContext } from '../app/tab-context.js';
import { localHost } from '../host/local-host.js';
import { teamsHost } from '../host/teams-host.js';
import { MeetingSessionContext, type MeetingSession } from '../meeting/meeting-session.js';
import { fakeTeams, teamsContext } from '../test/fake-teams.js';
import { currentParams, renderTab } from '../test/render-tab.js';
import { PAN_CHESHIRE, seededStore, storeApi } from '../test/seeded-api.js';
import StageView from './StageView.js';

let store: PlanStore;
let api: PlanApi;

beforeAll(async () => {
  store = await seededStore();
  api = storeApi(store);
});

const onStage = () => screen.getByRole('article').getAttribute('data-ref');
const positionText = () => screen.getByText(/^(Action .*: \d+ of \d+|Overview, then .*)$/).textContent;

/** Changes an action's RAG in a store as the tab would, dated 1 March 2018. */
async function changeRag(own: PlanStore, ref: string, rag: 'Red' | 'Amber' | 'Green', key: string) {
  const action = (await own.getActionByRef(PAN_CHESHIRE, ref))!;
  await own.changeAction(action.id, action.version, {
    rag,
    changedAt: '2018-03-01T10:00:00.000Z',
    record: { kind: 'changed', note: null, date: '2018-03-01', key, author: 'Louise West', authorId: null, origin: 'tab' },
  });
}

describe('meeting stage walk-through', () => {
  it('opens on the overview, then steps action by action with the arrow keys, j and k, and the buttons; Home goes back', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}/stage`, api);
    await screen.findByRole('heading', { level: 2, name: 'Overview' });
    expect(positionText()).toBe('Overview, then 28 actions');
    expect((screen.getByRole('button', { name: 'Overview' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.keyDown(window, { key: 'ArrowRight' });
    await screen.findByRole('heading', { level: 2, name: '1.1' });
    expect(currentParams().get('at')).toBe('1.1');
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

    fireEvent.keyDown(window, { key: 'Home' });
    await screen.findByRole('heading', { level: 2, name: 'Overview' });
    expect(currentParams().has('at')).toBe(false);
    fireEvent.keyDown(window, { key: 'End' });
    await waitFor(() => expect(onStage()).toBe('6.1'));
    fireEvent.click(screen.getByRole('button', { name: 'Overview' }));
    await screen.findByRole('heading', { level: 2, name: 'Overview' });
  });

  it('shows the overview for `at=overview` too', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}/stage`, api, { search: 'at=overview' });
    expect(await screen.findByRole('heading', { level: 2, name: 'Overview' })).toBeTruthy();
  });

  it('opens with counts that each open their list: RAG by section in words, overdue, due before the next meeting, changed since the last', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}/stage`, api);
    const table = await screen.findByRole('table', { name: 'RAG by section' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Section', 'Red', 'Amber', 'Green', 'Other (Complete, Not set)', 'All']);
    const tiles = screen.getByRole('region', { name: 'Counts to walk through' });
    // The plan's one meeting (15 May 2013) is past: "due before the next meeting" says there is none and counts 30 days.
    expect(within(tiles).getByText(/due in the next 30 days \(by 31 Mar 2018\): no next meeting is set/)).toBeTruthy();
    const changed = await within(tiles).findByRole('button', { name: /changed since the last meeting \(15 May 2013\)/ });
    const answer = await planChanges(store, (await store.getPlan(PAN_CHESHIRE))!, '2018-03-01', null);
    expect(changed.textContent).toMatch(new RegExp(`^${answer.actions.length} changed since`));

    fireEvent.click(changed);
    await waitFor(() => expect(currentParams().get('changes')).toBe('1'));
    expect(currentParams().get('at')).toBe(answer.actions[0]!.ref);
    expect(positionText()).toBe(`Action ${answer.actions[0]!.ref}: 1 of ${answer.actions.length}`);
    expect(screen.getByText('· Changed since the last meeting (15 May 2013)')).toBeTruthy();

    fireEvent.keyDown(window, { key: 'Home' });
    const overdue = await screen.findByRole('button', { name: /^\d+ overdue$/ });
    const count = Number(overdue.textContent!.match(/^\d+/)![0]);
    fireEvent.click(overdue);
    await waitFor(() => expect(currentParams().get('overdue')).toBe('true'));
    expect(currentParams().get('changes')).toBeNull();
    expect(positionText()).toMatch(new RegExp(` 1 of ${count}$`));
  });

  it('opens a section’s actions of one RAG from its cell, worded “1 Amber”, not by colour alone', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}/stage`, api);
    const table = await screen.findByRole('table', { name: 'RAG by section' });
    const cell = within(table).getByRole('button', { name: /^1 Amber in 2\./ });
    fireEvent.click(cell);
    await waitFor(() => expect(onStage()).toBe('2.1'));
    expect(currentParams().get('section')).toBe('2');
    expect(currentParams().get('rag')).toBe('Amber');
    expect(positionText()).toBe('Action 2.1: 1 of 1');
  });

  it('shows each action’s section, outcome, leads, timescale with the list’s flag, and its RAG in words', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}/stage`, api, { search: 'at=5.1' });
    await screen.findByRole('heading', { level: 2, name: '5.1' });
    const action = (await store.getActionByRef(PAN_CHESHIRE, '5.1'))!;
    const section = (await store.listSections(PAN_CHESHIRE)).find((s) => s.id === action.sectionId)!;
    expect(screen.getByText(new RegExp(`^5\\. ${section.title.slice(0, 20)}`))).toBeTruthy();
    expect(screen.getByText(/^Check: the year 2103 is far from the plan's years/)).toBeTruthy();
    expect(screen.getByText(action.leadsText)).toBeTruthy();
    expect(within(screen.getByRole('article')).getAllByText(action.rag).length).toBeGreaterThan(0);
    if (action.outcome.trim() !== '') expect(screen.getByText('Outcome:')).toBeTruthy();
  });

  it('shows what changed since the plan’s last meeting, and can walk only through those actions', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}/stage`, api, { search: 'at=2.1' });
    await screen.findByRole('heading', { level: 2, name: '2.1' });
    expect(await screen.findByText('Since the last meeting (15 May 2013): 1 new update')).toBeTruthy();
    const since = await screen.findByRole('region', { name: 'Since the last meeting (15 May 2013)' });
    expect(within(since).getByText(/Status of this action changed to Amber/)).toBeTruthy();
    expect(screen.getByText(/^End 2012/).textContent).toBe('End 2012 (due 31 Dec 2012, overdue by 1886 days)');

    const changed = await planChanges(store, (await store.getPlan(PAN_CHESHIRE))!, '2018-03-01', null);
    fireEvent.click(screen.getByLabelText('Only what changed since the last meeting (15 May 2013)'));
    await waitFor(() => expect(currentParams().get('changes')).toBe('1'));
    expect(screen.getByText(new RegExp(`of ${changed.actions.length}$`))).toBeTruthy();
  });

  it('shows a RAG and a timescale changed since the meeting as was and now, with the changes among the entries since', async () => {
    const own = await seededStore();
    await changeRag(own, '2.1', 'Red', 'stage-test');
    const moved = (await own.getActionByRef(PAN_CHESHIRE, '2.1'))!;
    await own.changeAction(moved.id, moved.version, {
      timescale: interpretTimescale('June 2018', { planYears: [2012, 2013, 2018] }),
      changedAt: '2018-03-01T10:05:00.000Z',
      record: { kind: 'changed', note: null, date: '2018-03-01', key: 'stage-test-2', author: 'Louise West', authorId: null, origin: 'tab' },
    });
    renderTab(`/plans/${PAN_CHESHIRE}/stage`, storeApi(own), { search: 'at=2.1' });
    expect(await screen.findByText('was Amber, now Red')).toBeTruthy();
    expect(await screen.findByText('Since the last meeting (15 May 2013): was “End 2012”, now “June 2018”')).toBeTruthy();
    const since = await screen.findByRole('region', { name: 'Since the last meeting (15 May 2013)' });
    const entries = within(since).getAllByRole('listitem').map((li) => li.textContent);
    expect(entries.some((e) => e === '1 Mar 2018RAG changed from Amber to Red — Louise West, in the tab')).toBe(true);
    expect(entries.some((e) => /Status of this action changed to Amber/.test(e ?? ''))).toBe(true);
  });

  it('walks in the list’s orders, most overdue first among them, kept in the URL', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}/stage`, api, { search: 'at=1.1' });
    await screen.findByRole('heading', { level: 2, name: '1.1' });
    fireEvent.change(screen.getByLabelText('Order'), { target: { value: 'most-overdue' } });
    await waitFor(() => expect(currentParams().get('order')).toBe('most-overdue'));
    expect(onStage()).toBe('1.1');
    fireEvent.change(screen.getByLabelText('Order'), { target: { value: 'rag' } });
    await waitFor(() => expect(onStage()).toBe('2.1'));
  });

  it('still steps with the left and right arrows after the Order select was used, which keeps its own up and down arrows', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}/stage`, api, { search: 'at=1.1' });
    await screen.findByRole('heading', { level: 2, name: '1.1' });
    const select = screen.getByLabelText('Order');
    select.focus();
    fireEvent.change(select, { target: { value: 'due' } });
    await waitFor(() => expect(currentParams().get('order')).toBe('due'));
    const first = onStage();
    expect(fireEvent.keyDown(select, { key: 'ArrowRight' })).toBe(false);
    await waitFor(() => expect(positionText()).toMatch(/: 2 of 28$/));
    expect(onStage()).not.toBe(first);
    fireEvent.keyDown(select, { key: 'ArrowLeft' });
    await waitFor(() => expect(onStage()).toBe(first));
    // Down and a typed letter still belong to the select: they choose its options.
    expect(fireEvent.keyDown(select, { key: 'ArrowDown' })).toBe(true);
    fireEvent.keyDown(select, { key: 'j' });
    expect(onStage()).toBe(first);
    expect(currentParams().get('order')).toBe('due');
  });

  it('still steps after the “only what changed” checkbox was clicked', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}/stage`, api, { search: 'at=1.1' });
    await screen.findByRole('heading', { level: 2, name: '1.1' });
    const box = await screen.findByLabelText('Only what changed since the last meeting (15 May 2013)');
    await waitFor(() => expect((box as HTMLInputElement).disabled).toBe(false));
    fireEvent.click(box);
    await waitFor(() => expect(currentParams().get('changes')).toBe('1'));
    const first = onStage();
    fireEvent.keyDown(box, { key: 'ArrowRight' });
    await waitFor(() => expect(onStage()).not.toBe(first));
  });

  it('keeps the plan view’s filter: a lead’s actions only', async () => {
    renderTab(`/plans/${PAN_CHESHIRE}/stage`, api, { search: 'lead=Nigel+Wenham' });
    await screen.findByRole('heading', { level: 2, name: 'Overview' });
    expect(screen.getByText('· Led by Nigel Wenham')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next action' }));
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

describe('the stage in a meeting', () => {
  /** The stage as App mounts it, following the address bar, inside a meeting whose change signal the test moves. */
  function StageFollowingUrl() {
    const location = useTabLocation();
    return <StageView planId={PAN_CHESHIRE} search={location.search} />;
  }
  function renderInMeeting(api: PlanApi, session: MeetingSession) {
    window.history.replaceState(null, '', hrefOf(`/plans/${PAN_CHESHIRE}/stage`, 'at=2.1'));
    const services = { host: localHost(window.location), api };
    const tree = (s: MeetingSession) => (
      <TabContext.Provider value={services}>
        <MeetingSessionContext.Provider value={s}>
          <FluentProvider theme={webLightTheme}>
            <StageFollowingUrl />
          </FluentProvider>
        </MeetingSessionContext.Provider>
      </TabContext.Provider>
    );
    const view = render(tree(session));
    return { rerender: (s: MeetingSession) => view.rerender(tree(s)) };
  }

  it('reads the plan and the action again when someone records a minute, keeping it on screen meanwhile (no loading spinner)', async () => {
    const own = await seededStore();
    const session: MeetingSession = { stage: null, discussed: [], changeSignal: 0, announceChange: () => undefined };
    const { rerender } = renderInMeeting(storeApi(own), session);
    await screen.findByRole('heading', { level: 2, name: '2.1' });
    await screen.findByRole('region', { name: 'Since the last meeting (15 May 2013)' });
    expect(within(screen.getByRole('article')).getAllByText('Amber').length).toBeGreaterThan(0);

    await changeRag(own, '2.1', 'Red', 'minute-1');
    const spinners: string[] = [];
    const watch = new MutationObserver(() => {
      if (document.body.textContent?.includes('Loading the plan')) spinners.push('spinner');
      if (screen.queryByRole('article') === null) spinners.push('article gone');
    });
    watch.observe(document.body, { childList: true, subtree: true, characterData: true });
    await act(async () => rerender({ ...session, changeSignal: 1 }));
    expect(await screen.findByText('was Amber, now Red')).toBeTruthy();
    const since = screen.getByRole('region', { name: 'Since the last meeting (15 May 2013)' });
    await waitFor(() => expect(within(since).getAllByRole('listitem')[0]!.textContent).toBe('1 Mar 2018RAG changed from Amber to Red — Louise West, in the tab'));
    watch.disconnect();
    expect(spinners).toEqual([]);
    expect(currentParams().get('at')).toBe('2.1');
  });
});

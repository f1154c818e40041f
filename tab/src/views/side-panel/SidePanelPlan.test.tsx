// @vitest-environment jsdom
import '../../test/setup-dom.js';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ActionChange } from '../../../../src/plan/plan.js';
import type { PlanStore } from '../../../../src/store/plan-store.js';
import type { FieldChangeRequest, FinishMeetingRequest, NewUpdateRequest, PlanApi } from '../../api/plan-api.js';
import { App } from '../../app/App.js';
import { hrefOf } from '../../app/navigation.js';
import { localHost } from '../../host/local-host.js';
import { teamsHost } from '../../host/teams-host.js';
import { fakeTeams, teamsContext } from '../../test/fake-teams.js';
import type { TabHost } from '../../host/tab-host.js';
import { MeetingSessionContext, type MeetingSession } from '../../meeting/meeting-session.js';
import { REPORT_AFTER_MS } from './use-report-discussed.js';
import { GLOUCESTERSHIRE, PAN_CHESHIRE, seededStore, storeApi } from '../../test/seeded-api.js';

let store: PlanStore;
let calls: { updates: NewUpdateRequest[]; changes: FieldChangeRequest[]; finished: FinishMeetingRequest[]; discussed: FinishMeetingRequest[] };
let api: PlanApi;
let shared: string[];
let announced: string[];

beforeEach(async () => {
  store = await seededStore();
  const real = storeApi(store);
  calls = { updates: [], changes: [], finished: [], discussed: [] };
  api = {
    ...real,
    addUpdate: (planId, ref, body) => {
      calls.updates.push(body);
      return real.addUpdate(planId, ref, body);
    },
    changeAction: (planId, ref, body) => {
      calls.changes.push(body);
      return real.changeAction(planId, ref, body);
    },
    finishMeeting: async (_planId, request) => {
      calls.finished.push(request);
      return { sent: true, summary: { discussed: request.discussed.length, changes: 3, dueBeforeNext: 4 } };
    },
    recordDiscussed: async (_planId, request) => {
      calls.discussed.push(request);
      return request.discussed.length;
    },
  };
  shared = [];
  announced = [];
});

/** The tab in a meeting's side panel, as Teams (or the local simulated meeting) opens it. */
function sidePanelHost(): TabHost {
  return {
    ...localHost({ search: '' }),
    frame: 'sidePanel',
    meetingId: 'meeting-19:abc',
    meetingChatId: '19:meeting_abc@thread.v2',
    shareToStage: async (url) => {
      shared.push(url);
    },
  };
}

function session(stage: { planId: string; at: string } | null, changeSignal = 0): MeetingSession {
  return {
    stage: stage === null ? null : { planId: stage.planId, search: `?rag=Red,Amber&at=${stage.at}` },
    discussed: stage === null ? [] : ['1.1', stage.at],
    changeSignal,
    announceChange: (planId) => announced.push(planId),
  };
}

function openSidePanel(planId: string, options: { meeting?: MeetingSession | null; search?: string; api?: PlanApi } = {}) {
  window.history.replaceState(null, '', hrefOf(`/plans/${planId}`, options.search ?? ''));
  const host = sidePanelHost();
  const tree = (meeting: MeetingSession | null) => (
    <MeetingSessionContext.Provider value={meeting}>
      <App host={host} api={options.api ?? api} />
    </MeetingSessionContext.Provider>
  );
  const rendered = render(tree(options.meeting ?? null));
  return { ...rendered, meetingMoves: (meeting: MeetingSession) => rendered.rerender(tree(meeting)) };
}

async function ready() {
  await waitFor(() => expect(document.documentElement.dataset.planState).toBe('ready'));
}

const row = (ref: string) => document.querySelector<HTMLElement>(`[data-ref="${ref}"]`)!;
const rowRefs = () => [...document.querySelectorAll<HTMLElement>('[data-ref]')].map((r) => r.dataset.ref);

async function someoneElseSets(ref: string, change: Omit<ActionChange, 'changedAt' | 'record'>) {
  const seen = (await store.getActionByRef(GLOUCESTERSHIRE, ref))!;
  await store.changeAction(seen.id, seen.version, {
    ...change,
    changedAt: '2018-03-01T11:00:00.000Z',
    record: { kind: 'changed', note: null, date: '2018-03-01', key: `other:${ref}:${Math.random()}`, author: 'Someone Else', authorId: null, origin: 'sharepoint' },
  });
}

describe('the plan in a meeting’s side panel', () => {
  it('lists one line per action: ref, RAG word, short title and how late, instead of the tab’s table', async () => {
    openSidePanel(GLOUCESTERSHIRE);
    await ready();
    expect(rowRefs()).toHaveLength(47);
    expect(document.querySelector('[role="table"]')).toBeNull();
    const line = row('1.5');
    expect(within(line).getByRole('link').getAttribute('href')).toBe(hrefOf(`/plans/${GLOUCESTERSHIRE}/actions/1.5`));
    expect(line.textContent).toMatch(/^1\.5(Red|Amber|Green|Complete|Not set).+overdue 182 d, overdue by 182 days$/);
    expect(screen.getByText('All 47 actions')).toBeTruthy();
  });

  it('shows the active filter in one line with a way to clear it', async () => {
    openSidePanel(PAN_CHESHIRE, { search: 'rag=Red,Amber&overdue=true&section=2' });
    await ready();
    expect(rowRefs()).toEqual(['2.1']);
    const filter = screen.getByRole('group', { name: 'Filter' });
    expect(filter.textContent).toContain('1 of 28: red and amber · overdue · ');
    fireEvent.click(within(filter).getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(rowRefs()).toHaveLength(28));
    await waitFor(() => expect(window.location.search).toBe(''));
  });

  it('marks the action on the shared stage as current, and follows the stage as it moves', async () => {
    const { meetingMoves } = openSidePanel(GLOUCESTERSHIRE, { meeting: session({ planId: GLOUCESTERSHIRE, at: '2.3' }) });
    await ready();
    const current = () => [...document.querySelectorAll('[aria-current="true"]')].map((el) => el.closest<HTMLElement>('[data-ref]')!.dataset.ref);
    expect(current()).toEqual(['2.3']);
    meetingMoves(session({ planId: GLOUCESTERSHIRE, at: '2.4' }));
    await waitFor(() => expect(current()).toEqual(['2.4']));
    // Another plan on the stage marks nothing here.
    meetingMoves(session({ planId: PAN_CHESHIRE, at: '2.4' }));
    await waitFor(() => expect(current()).toEqual([]));
  });

  it('shares the view chosen to the stage as its stage URL', async () => {
    openSidePanel(PAN_CHESHIRE);
    await ready();
    const choose = async (label: string) => {
      fireEvent.change(screen.getByLabelText('Stage view'), { target: { value: [...screen.getByLabelText<HTMLSelectElement>('Stage view').options].find((o) => o.textContent === label)!.value } });
      fireEvent.click(screen.getByRole('button', { name: 'Share to stage' }));
      await screen.findByText(`On the stage: ${label}.`);
      return new URL(shared.at(-1)!);
    };
    const stage = hrefOf(`/plans/${PAN_CHESHIRE}/stage`);
    expect(await choose('The whole plan')).toMatchObject({ pathname: stage, search: '' });
    expect((await choose('Red and amber only')).search).toBe('?rag=Red%2CAmber');
    expect((await choose('Changed since the last meeting')).search).toBe('?changes=1');
    const section = await choose([...screen.getByLabelText<HTMLSelectElement>('Stage view').options].find((o) => o.value.startsWith('section:2'))!.textContent!);
    expect(section.searchParams.get('section')).toBe('2');
    expect(shared.every((url) => url.startsWith(window.location.origin))).toBe(true);
  });

  it('shares through Teams’ meeting.shareAppContentToStage inside a Teams meeting', async () => {
    const context = { ...teamsContext('sidePanel'), meeting: { id: 'meeting-19:abc' } };
    const teams = fakeTeams(context);
    window.history.replaceState(null, '', hrefOf(`/plans/${PAN_CHESHIRE}`));
    render(<App host={teamsHost(teams, context)} api={api} />);
    await ready();
    fireEvent.change(screen.getByLabelText('Stage view'), { target: { value: 'red-amber' } });
    fireEvent.click(screen.getByRole('button', { name: 'Share to stage' }));
    await screen.findByText('On the stage: Red and amber only.');
    const urls = teams.calls.filter((c) => c.startsWith('share ')).map((c) => new URL(c.slice('share '.length)));
    expect(urls).toHaveLength(1);
    // The host may add its own parameters (who presents); the view is the side panel's.
    expect(urls[0]).toMatchObject({ origin: window.location.origin, pathname: hrefOf(`/plans/${PAN_CHESHIRE}/stage`) });
    expect(urls[0]!.searchParams.get('rag')).toBe('Red,Amber');
  });

  it('offers the list as filtered now, when filtered', async () => {
    openSidePanel(GLOUCESTERSHIRE, { search: 'lead=Louise+West&order=most-overdue' });
    await ready();
    expect(screen.getByLabelText<HTMLSelectElement>('Stage view').value).toBe('filtered');
    fireEvent.click(screen.getByRole('button', { name: 'Share to stage' }));
    await screen.findByText('On the stage: This list as filtered.');
    expect(Object.fromEntries(new URL(shared[0]!).searchParams)).toEqual({ lead: 'Louise West', order: 'most-overdue' });
  });
});

describe('minutes taken in the side panel', () => {
  async function openMinute(meeting: MeetingSession | null = session({ planId: GLOUCESTERSHIRE, at: '1.4' }), as?: PlanApi) {
    const rendered = openSidePanel(GLOUCESTERSHIRE, { meeting, ...(as && { api: as }) });
    await ready();
    fireEvent.click(screen.getByRole('button', { name: 'Record a minute' }));
    return { ...rendered, form: await screen.findByRole('form', { name: meeting?.stage ? 'Minute for 1.4' : 'Minute' }) };
  }

  it('records an update on the stage’s action dated with the meeting, and tells everyone in the meeting', async () => {
    const { form } = await openMinute();
    fireEvent.change(await within(form).findByLabelText('What was said'), { target: { value: 'Agreed at the board: awareness day set for June.' } });
    fireEvent.change(within(form).getByLabelText('RAG after it'), { target: { value: 'Green' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save minute' }));
    await within(form).findByText('Update recorded on 1.4.');
    expect(calls.updates).toMatchObject([{ text: 'Agreed at the board: awareness day set for June.', rag: 'Green', date: '2018-03-01' }]);
    expect(announced).toEqual([GLOUCESTERSHIRE]);
    const stored = (await store.getActionByRef(GLOUCESTERSHIRE, '1.4'))!;
    expect(stored.rag).toBe('Green');
    expect(stored.updates.at(-1)).toMatchObject({ date: '2018-03-01', text: 'Agreed at the board: awareness day set for June.' });
    await waitFor(() => expect(row('1.4').textContent).toContain('Green'));
    expect((within(form).getByLabelText('What was said') as HTMLTextAreaElement).value).toBe('');
  });

  it('changes a RAG and agrees a new timescale, each dated with the meeting', async () => {
    const { form } = await openMinute();
    fireEvent.click(await within(form).findByLabelText('RAG'));
    fireEvent.change(within(form).getByLabelText('New RAG'), { target: { value: 'Red' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save minute' }));
    await within(form).findByText('RAG of 1.4 changed to Red.');

    fireEvent.click(within(form).getByLabelText('Timescale'));
    fireEvent.change(within(form).getByLabelText('Agreed timescale'), { target: { value: 'June 2018' } });
    fireEvent.change(within(form).getByLabelText('Reason'), { target: { value: 'The venue moved the date.' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save minute' }));
    await within(form).findByText('Timescale of 1.4 changed to “June 2018”.');
    expect(calls.changes).toMatchObject([
      { rag: 'Red', date: '2018-03-01' },
      { timescale: 'June 2018', note: 'The venue moved the date.', date: '2018-03-01' },
    ]);
    expect((await store.getActionByRef(GLOUCESTERSHIRE, '1.4'))!).toMatchObject({ rag: 'Red', timescale: { asWritten: 'June 2018' } });
    expect(announced).toEqual([GLOUCESTERSHIRE, GLOUCESTERSHIRE]);
  });

  it('keeps what was typed through a conflict, reads the action again, and saves on the second try', async () => {
    const { form } = await openMinute();
    const text = await within(form).findByLabelText('What was said');
    fireEvent.change(text, { target: { value: 'Training dates agreed.' } });
    fireEvent.change(within(form).getByLabelText('RAG after it'), { target: { value: 'Green' } });
    await someoneElseSets('1.4', { rag: 'Red' });
    fireEvent.click(within(form).getByRole('button', { name: 'Save minute' }));
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toContain('Changed by someone else');
    await waitFor(() => expect(alert.textContent).toContain('it is now Red'));
    expect((text as HTMLTextAreaElement).value).toBe('Training dates agreed.');
    expect(announced).toEqual([]);

    fireEvent.click(within(form).getByRole('button', { name: 'Save minute' }));
    await within(form).findByText('Update recorded on 1.4.');
    expect((await store.getActionByRef(GLOUCESTERSHIRE, '1.4'))!.rag).toBe('Green');
  });

  it('keeps a half-written minute on its action when the stage moves on', async () => {
    const { form, meetingMoves } = await openMinute();
    fireEvent.change(await within(form).findByLabelText('What was said'), { target: { value: 'For 1.4' } });
    meetingMoves(session({ planId: GLOUCESTERSHIRE, at: '1.5' }));
    await screen.findByText('The stage shows 1.5; this minute is for 1.4.');
    fireEvent.click(within(form).getByRole('button', { name: 'Save minute' }));
    await within(form).findByText('Update recorded on 1.4.');
    // Saved, the form follows the stage again.
    await screen.findByRole('form', { name: 'Minute for 1.5' });
  });

  it('takes a minute on an action the person picks when nothing is on the stage', async () => {
    const { form } = await openMinute(null);
    expect(within(form).getByText(/Share the plan to the stage, or choose the action/)).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Action'), { target: { value: '2.1' } });
    fireEvent.change(await within(form).findByLabelText('What was said'), { target: { value: 'Discussed.' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save minute' }));
    await within(form).findByText('Update recorded on 2.1.');
  });

  it('follows minutes recorded by others in the meeting', async () => {
    const { meetingMoves } = openSidePanel(GLOUCESTERSHIRE, { meeting: session({ planId: GLOUCESTERSHIRE, at: '1.4' }) });
    await ready();
    await someoneElseSets('1.4', { rag: 'Complete' });
    meetingMoves(session({ planId: GLOUCESTERSHIRE, at: '1.4' }, 1));
    await waitFor(() => expect(row('1.4').textContent).toContain('Complete'));
  });

  it('hides the minutes and Finish meeting from someone who may not change the plan', async () => {
    const readOnly: PlanApi = { ...api, getPlan: async (planId) => ({ ...(await api.getPlan(planId)), you: { isOwner: false, ownerApproves: false, mayDecide: false, mayEdit: false } }) };
    openSidePanel(GLOUCESTERSHIRE, { meeting: session({ planId: GLOUCESTERSHIRE, at: '1.4' }), api: readOnly });
    await ready();
    expect(screen.queryByRole('button', { name: 'Record a minute' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Finish meeting' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Share to stage' })).toBeTruthy();
  });

  it('finishes the meeting: the actions discussed go with the meeting’s day and chat, and the summary is shown', async () => {
    openSidePanel(GLOUCESTERSHIRE, { meeting: session({ planId: GLOUCESTERSHIRE, at: '1.4' }) });
    await ready();
    fireEvent.click(screen.getByRole('button', { name: 'Finish meeting' }));
    // Nothing is sent until it is confirmed.
    expect(calls.finished).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Send summary to chat' }));
    await screen.findByText('Summary sent to the meeting chat: 2 actions discussed, 3 changes, 4 due before the next meeting.');
    expect(calls.finished).toEqual([{ date: '2018-03-01', chatId: '19:meeting_abc@thread.v2', discussed: ['1.1', '1.4'] }]);
  });

  it('tells the server what the stage has shown a few seconds after it moves on, so a meeting that simply ends lists it', async () => {
    const panel = openSidePanel(GLOUCESTERSHIRE, { meeting: session({ planId: GLOUCESTERSHIRE, at: '1.4' }) });
    await ready();
    await waitFor(() => expect(calls.discussed).toEqual([{ date: '2018-03-01', chatId: '19:meeting_abc@thread.v2', discussed: ['1.1', '1.4'] }]), { timeout: REPORT_AFTER_MS + 2000 });
    // The stage moves to another plan: its refs are not this plan's, and nothing is sent for them.
    panel.meetingMoves({ ...session({ planId: 'another-plan', at: '9.9' }), discussed: ['1.1', '1.4', '9.9'] });
    await new Promise((wait) => setTimeout(wait, REPORT_AFTER_MS + 500));
    expect(calls.discussed).toHaveLength(1);
    panel.unmount();
  }, 15_000);

  it('sends nothing for someone who may only read the plan', async () => {
    const readOnly: PlanApi = { ...api, getPlan: async (planId) => ({ ...(await api.getPlan(planId)), you: { isOwner: false, ownerApproves: false, mayDecide: false, mayEdit: false } }) };
    openSidePanel(GLOUCESTERSHIRE, { meeting: session({ planId: GLOUCESTERSHIRE, at: '1.4' }), api: readOnly });
    await ready();
    await new Promise((wait) => setTimeout(wait, REPORT_AFTER_MS + 500));
    expect(calls.discussed).toEqual([]);
  }, 15_000);
});

// @vitest-environment jsdom
import '../test/setup-dom.js';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ActionChange } from '../../../src/plan/plan.js';
import type { PlanStore } from '../../../src/store/plan-store.js';
import { ApiError } from '../api/api-error.js';
import type { PlanApi } from '../api/plan-api.js';
import { currentParams, renderTab } from '../test/render-tab.js';
import { GLOUCESTERSHIRE, seededStore, storeApi } from '../test/seeded-api.js';

let store: PlanStore;
let api: PlanApi;
let posted: number;

beforeEach(async () => {
  store = await seededStore();
  const real = storeApi(store);
  posted = 0;
  api = {
    ...real,
    addUpdate: (...args) => {
      posted += 1;
      return real.addUpdate(...args);
    },
  };
});

/** Someone else's change, made straight in the store while the dialog is open. */
async function someoneElseSets(ref: string, change: Omit<ActionChange, 'changedAt' | 'record'>) {
  const seen = (await store.getActionByRef(GLOUCESTERSHIRE, ref))!;
  await store.changeAction(seen.id, seen.version, {
    ...change,
    changedAt: '2018-03-01T11:00:00.000Z',
    record: { kind: 'changed', note: null, date: '2018-03-01', key: `other:${ref}:${Math.random()}`, author: 'Someone Else', authorId: null, origin: 'sharepoint' },
  });
}

async function openDetail(ref: string, as: PlanApi = api) {
  renderTab(`/plans/${GLOUCESTERSHIRE}/actions/${ref}`, as);
  const dialog = await screen.findByRole('dialog', { name: `Action ${ref}` });
  await within(dialog).findByRole('list', { name: 'History' });
  return dialog;
}

const historyTexts = (dialog: HTMLElement) =>
  within(within(dialog).getByRole('list', { name: 'History' }))
    .getAllByRole('listitem')
    .map((item) => item.textContent ?? '');

const type = (dialog: HTMLElement, label: string, value: string) => fireEvent.change(within(dialog).getByLabelText(label), { target: { value } });
const press = (dialog: HTMLElement, name: string) => fireEvent.click(within(dialog).getByRole('button', { name }));

/** The message a Fluent Field shows for its control, by the control's aria-describedby. */
function fieldMessage(field: HTMLElement): string | null {
  const ids = field.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').find((t) => t !== '') ?? null;
}

describe('action detail', () => {
  it('opens from the plan view at its own URL, named by the action’s ref', async () => {
    renderTab(`/plans/${GLOUCESTERSHIRE}`, api);
    fireEvent.click(await screen.findByRole('link', { name: 'Action 1.7' }));
    expect(await screen.findByRole('dialog', { name: 'Action 1.7' })).toBeTruthy();
    expect(window.location.pathname).toMatch(new RegExp(`/plans/${GLOUCESTERSHIRE}/actions/1\\.7$`));
  });

  it('shows the whole action: text, outcome, leads, timescale as written and read, how late it is, sources', async () => {
    const dialog = await openDetail('1.5');
    expect(within(dialog).getByText(/Identify or commission awareness activities/)).toBeTruthy();
    expect(within(dialog).getByText('Outcome')).toBeTruthy();
    expect(within(dialog).getByText('Jane Bee / Louise West')).toBeTruthy();
    expect(within(dialog).getByText('August 2017')).toBeTruthy();
    expect(within(dialog).getByText('due 31 Aug 2017')).toBeTruthy();
    expect(within(dialog).getByText('overdue by 182 days')).toBeTruthy();
    expect(within(dialog).getByText('Sources')).toBeTruthy();
  });

  it('never calls a completed action late', async () => {
    const dialog = await openDetail('1.4');
    expect(within(dialog).queryByText(/overdue/)).toBeNull();
  });

  it('shows the record newest first, with the entry the plan never dated marked undated and last', async () => {
    const dialog = await openDetail('1.7');
    const entries = historyTexts(dialog);
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatch(/^Oct 2017.*on import.*Taxi driver training/);
    expect(entries[1]).toMatch(/^Jun 2017.*Training of all taxi/);
    expect(entries[2]).toMatch(/^undated.*Meeting with Licensing committ/);
  });

  it('shows a RAG change among the updates in the domain’s words: was, now, who and where, with its date', async () => {
    await someoneElseSets('1.7', { rag: 'Red' });
    const dialog = await openDetail('1.7');
    expect(historyTexts(dialog)[0]).toBe('1 Mar 2018RAG changed from Not set to Red — Someone Else, in SharePoint');
  });

  it('refuses an empty update with a message by the Update field, sending nothing', async () => {
    const dialog = await openDetail('1.7');
    press(dialog, 'Record update');
    const field = within(dialog).getByLabelText('Update');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(fieldMessage(field)).toBe('Write the update before recording it.');
    expect(posted).toBe(0);
  });

  it('refuses an update over 2,000 characters with a message by the field, as soon as it is typed', async () => {
    const dialog = await openDetail('1.7');
    const field = within(dialog).getByLabelText('Update');
    fireEvent.change(field, { target: { value: 'x'.repeat(2001) } });
    expect(within(dialog).getByText('An update is at most 2,000 characters; this one is 2,001.')).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    press(dialog, 'Record update');
    expect(posted).toBe(0);
  });

  it('records an update and shows it first in the history, dated today, by the local user', async () => {
    const dialog = await openDetail('1.7');
    expect((within(dialog).getByLabelText('Date it reports') as HTMLInputElement).value).toBe('2018-03-01');
    type(dialog, 'Update', 'Licensing committee agreed the refresher for 2018.');
    press(dialog, 'Record update');
    await within(dialog).findByText('Update recorded.');
    const entries = historyTexts(dialog);
    expect(entries).toHaveLength(4);
    expect(entries[0]).toMatch(/^1 Mar 2018Local demo user, in the tabLicensing committee agreed the refresher for 2018\.$/);
    expect((within(dialog).getByLabelText('Update') as HTMLTextAreaElement).value).toBe('');
  });

  it('dates an update with the last meeting from a quick pick, and shows the day it was recorded beside it', async () => {
    await store.updatePlanSettings(GLOUCESTERSHIRE, { meetings: [{ date: '2018-01-15', source: 'entered', title: null }, { date: '2018-02-12', source: 'entered', title: null }] });
    const dialog = await openDetail('1.7');
    const picks = within(dialog).getByRole('group', { name: 'Quick dates:' });
    expect(within(picks).getAllByRole('button').map((b) => b.textContent)).toEqual(['Today', 'Last meeting, 12 Feb 2018', 'Meeting of 15 Jan 2018']);
    fireEvent.click(within(picks).getByRole('button', { name: 'Last meeting, 12 Feb 2018' }));
    expect((within(dialog).getByLabelText('Date it reports') as HTMLInputElement).value).toBe('2018-02-12');
    type(dialog, 'Update', 'Reported at the February board.');
    press(dialog, 'Record update');
    await within(dialog).findByText('Update recorded.');
    expect(historyTexts(dialog)[0]).toBe('12 Feb 2018Local demo user, in the tabrecorded 1 Mar 2018Reported at the February board.');
    expect((await store.getActionByRef(GLOUCESTERSHIRE, '1.7'))!.updates.at(-1)).toMatchObject({ date: '2018-02-12' });
  });

  it('refuses a date after today by the date field, in the words the server uses, sending nothing', async () => {
    const dialog = await openDetail('1.7');
    type(dialog, 'Update', 'From the future');
    type(dialog, 'Date it reports', '2018-03-02');
    press(dialog, 'Record update');
    expect(fieldMessage(within(dialog).getByLabelText('Date it reports'))).toBe('An update cannot report on 2018-03-02, which is after today (2018-03-01).');
    expect(posted).toBe(0);
  });

  it('asks what difference it made when an update completes the action, and records it with the change', async () => {
    const dialog = await openDetail('1.7');
    const form = within(dialog).getByRole('form', { name: 'Add an update' });
    expect(within(form).queryByLabelText(/What difference did it make/)).toBeNull();
    type(dialog, 'Update', 'All drivers trained.');
    type(dialog, 'RAG after this update', 'Complete');
    const impact = within(form).getByLabelText(/What difference did it make/);
    press(dialog, 'Record update');
    expect(fieldMessage(impact)).toBe('Completing an action needs its impact evidence: say what difference it made.');
    expect(posted).toBe(0);
    fireEvent.change(impact, { target: { value: 'Every licensed driver can spot and report CSE.' } });
    press(dialog, 'Record update');
    await within(dialog).findByText('Update recorded.');
    const stored = (await store.getActionByRef(GLOUCESTERSHIRE, '1.7'))!;
    expect(stored.rag).toBe('Complete');
    expect(stored.history.at(-1)).toMatchObject({ note: 'Every licensed driver can spot and report CSE.', changes: [{ field: 'rag', now: 'Complete' }, { field: 'status', now: 'closed' }] });
  });

  it('marks an action complete with its impact evidence, and offers it no more once closed', async () => {
    const dialog = await openDetail('1.13');
    const form = within(dialog).getByRole('form', { name: 'Mark complete' });
    fireEvent.click(within(form).getByRole('button', { name: 'Mark complete' }));
    expect(fieldMessage(within(form).getByLabelText(/What difference did it make/))).toMatch(/^Completing an action needs its impact evidence/);
    fireEvent.change(within(form).getByLabelText(/What difference did it make/), { target: { value: 'Training reached 400 staff' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Mark complete' }));
    await waitFor(() => expect(within(dialog).queryByRole('form', { name: 'Mark complete' })).toBeNull());
    expect(historyTexts(dialog)[0]).toMatch(/RAG changed from Not set to Complete \(Training reached 400 staff\) — Local demo user, in the tab/);
  });

  it('asks for the impact evidence when a timescale change says it is completed', async () => {
    const dialog = await openDetail('1.7');
    type(dialog, 'Timescale', 'Completed February 2018');
    expect(within(dialog).getByRole('form', { name: 'Change RAG or timescale' }).textContent).toContain('What difference did it make?');
  });

  it('shows a change made by someone else since the action was opened, with its current values, and overwrites nothing', async () => {
    const dialog = await openDetail('1.7');
    await someoneElseSets('1.7', { rag: 'Red' });

    type(dialog, 'Update', 'All drivers trained.');
    type(dialog, 'RAG after this update', 'Green');
    press(dialog, 'Record update');

    const notice = await within(dialog).findByRole('alert');
    expect(notice.textContent).toContain('Changed by someone else');
    expect(notice.textContent).toContain('Red');
    expect(notice.textContent).toContain('October 2017');
    const now = (await store.getActionByRef(GLOUCESTERSHIRE, '1.7'))!;
    expect(now.rag).toBe('Red');
    expect(now.updates).toHaveLength(3);

    press(dialog, 'Load the current version');
    await waitFor(() => expect(within(dialog).queryByText('Changed by someone else')).toBeNull());
    expect((within(dialog).getByLabelText('Update') as HTMLTextAreaElement).value).toBe('All drivers trained.');
  });

  it('changes RAG and timescale with the version read, and refuses them after someone else’s change', async () => {
    const dialog = await openDetail('1.7');
    type(dialog, 'RAG status', 'Amber');
    press(dialog, 'Save changes');
    await within(dialog).findByText('Saved.');
    expect((await store.getActionByRef(GLOUCESTERSHIRE, '1.7'))!.rag).toBe('Amber');
    expect(historyTexts(dialog)[0]).toMatch(/RAG changed from Not set to Amber — Local demo user, in the tab/);

    await someoneElseSets('1.7', { rag: 'Red' });
    type(dialog, 'Timescale', 'June 2018');
    press(dialog, 'Save changes');
    expect(await within(dialog).findByText('Changed by someone else')).toBeTruthy();
    expect((await store.getActionByRef(GLOUCESTERSHIRE, '1.7'))!.timescale.asWritten).toBe('October 2017');
  });

  it('closes back to the plan view, keeping the filter in the URL', async () => {
    renderTab(`/plans/${GLOUCESTERSHIRE}/actions/1.7`, api, { search: 'lead=Jane+Price' });
    const dialog = await screen.findByRole('dialog', { name: 'Action 1.7' });
    press(dialog, 'Close');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(window.location.pathname).toMatch(new RegExp(`/plans/${GLOUCESTERSHIRE}$`));
    expect(currentParams().get('lead')).toBe('Jane Price');
  });
});

describe('action detail where the plan’s owner approves', () => {
  let lead: PlanApi;
  let owner: PlanApi;

  beforeEach(async () => {
    await store.updatePlanSettings(GLOUCESTERSHIRE, { owner: 'Olive Owner', ownerApproves: true });
    lead = storeApi(store, { author: 'Dawn Porter' });
    owner = storeApi(store, { author: 'Olive Owner' });
  });

  it('lets a lead propose completion, saying it goes to the owner, and shows the proposal on the action', async () => {
    const dialog = await openDetail('1.14', lead);
    const form = within(dialog).getByRole('form', { name: 'Propose completion' });
    expect(form.textContent).toContain('it will be proposed to Olive Owner, who approves or returns it');
    fireEvent.change(within(form).getByLabelText(/What difference did it make/), { target: { value: 'Done in every school' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Propose completion' }));
    const pending = await within(dialog).findByRole('region', { name: 'Waiting for the plan owner' });
    expect(pending.textContent).toContain('Completion proposed, waiting for Olive Owner');
    expect(pending.textContent).toContain('Proposed by Dawn Porter, in the tab, 1 Mar 2018. What difference it made: “Done in every school”');
    expect(within(pending).queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(within(dialog).queryByRole('form', { name: 'Propose completion' })).toBeNull();
    expect((await store.getActionByRef(GLOUCESTERSHIRE, '1.14'))!.rag).toBe('Not set');
  });

  it('records a lead’s completing update and proposes the completion, leaving the action open', async () => {
    const dialog = await openDetail('1.14', lead);
    type(dialog, 'Update', 'Finished.');
    type(dialog, 'RAG after this update', 'Complete');
    const form = within(dialog).getByRole('form', { name: 'Add an update' });
    expect(form.textContent).toContain('it will be proposed to Olive Owner');
    fireEvent.change(within(form).getByLabelText(/What difference did it make/), { target: { value: 'Fewer missing episodes' } });
    press(dialog, 'Record update');
    await within(dialog).findByText('Update recorded. Completing the action is proposed to the plan owner.');
    expect(within(dialog).getByRole('region', { name: 'Waiting for the plan owner' })).toBeTruthy();
  });

  it('gives a lead “Ask for a new timescale” with a reason instead of changing it, and no Complete RAG', async () => {
    const dialog = await openDetail('4.3', lead);
    expect(within(dialog).queryByLabelText('Timescale')).toBeNull();
    expect([...(within(dialog).getByLabelText('RAG status') as HTMLSelectElement).options].map((o) => o.value)).not.toContain('Complete');
    const form = within(dialog).getByRole('form', { name: 'Ask for a new timescale' });
    fireEvent.click(within(form).getByRole('button', { name: 'Ask for a new timescale' }));
    expect(fieldMessage(within(form).getByLabelText('New timescale'))).toBe('Write the timescale you ask for, such as "June 2018".');
    fireEvent.change(within(form).getByLabelText('New timescale'), { target: { value: 'June 2018' } });
    fireEvent.change(within(form).getByLabelText(/Reason/), { target: { value: 'Waiting for the Ofsted report' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Ask for a new timescale' }));
    const pending = await within(dialog).findByRole('region', { name: 'Waiting for the plan owner' });
    expect(pending.textContent).toContain('“June 2018” in place of “Dec 2017”. Reason: “Waiting for the Ofsted report”');
    expect((await store.getActionByRef(GLOUCESTERSHIRE, '4.3'))!.timescale.asWritten).toBe('Dec 2017');
  });

  it('lets the owner approve a proposal, which completes the action, each step in the history', async () => {
    const read = (await store.getActionByRef(GLOUCESTERSHIRE, '1.14'))!;
    await lead.completeAction(GLOUCESTERSHIRE, '1.14', { version: read.version, evidence: 'Done in every school' });
    const dialog = await openDetail('1.14', owner);
    const pending = within(dialog).getByRole('region', { name: 'Waiting for the plan owner' });
    expect(pending.textContent).toContain('Completion proposed, waiting for your answer');
    fireEvent.click(within(pending).getByRole('button', { name: 'Approve' }));
    await within(dialog).findByText('Completion approved: the action is complete.');
    expect(within(dialog).queryByRole('region', { name: 'Waiting for the plan owner' })).toBeNull();
    expect((await store.getActionByRef(GLOUCESTERSHIRE, '1.14'))!.rag).toBe('Complete');
    const entries = historyTexts(dialog);
    expect(entries[0]).toMatch(/^1 Mar 2018Completion approved: RAG changed from Not set to Complete \(Done in every school\) — Olive Owner, in the tab$/);
    expect(entries[1]).toMatch(/^1 Mar 2018Completion proposed \(Done in every school\) — Dawn Porter, in the tab$/);
  });

  it('lets the owner return a proposal only with a reason', async () => {
    const read = (await store.getActionByRef(GLOUCESTERSHIRE, '1.14'))!;
    await lead.completeAction(GLOUCESTERSHIRE, '1.14', { version: read.version, evidence: 'Done' });
    const dialog = await openDetail('1.14', owner);
    const pending = within(dialog).getByRole('region', { name: 'Waiting for the plan owner' });
    fireEvent.click(within(pending).getByRole('button', { name: 'Return…' }));
    fireEvent.click(within(pending).getByRole('button', { name: 'Return to the lead' }));
    expect(fieldMessage(within(pending).getByLabelText(/Why it is returned/))).toBe('Say why, so the lead knows what to do next.');
    fireEvent.change(within(pending).getByLabelText(/Why it is returned/), { target: { value: 'Needs the audit result first' } });
    fireEvent.click(within(pending).getByRole('button', { name: 'Return to the lead' }));
    await within(dialog).findByText('Completion returned to the lead, with your reason.');
    expect(historyTexts(dialog)[0]).toMatch(/Completion returned \(Needs the audit result first\) — Olive Owner, in the tab/);
    expect((await store.getActionByRef(GLOUCESTERSHIRE, '1.14'))!.rag).toBe('Not set');
  });

  it.each([
    ['4.3', true],
    ['4.4', false],
  ] as const)('lets the owner answer a new timescale asked for on %s (agree: %s)', async (ref, agree) => {
    const read = (await store.getActionByRef(GLOUCESTERSHIRE, ref))!;
    await lead.requestTimescale(GLOUCESTERSHIRE, ref, { version: read.version, timescale: 'June 2018', reason: 'Ofsted' });
    const dialog = await openDetail(ref, owner);
    const pending = within(dialog).getByRole('region', { name: 'Waiting for the plan owner' });
    if (agree) fireEvent.click(within(pending).getByRole('button', { name: 'Agree' }));
    else {
      fireEvent.click(within(pending).getByRole('button', { name: 'Decline…' }));
      fireEvent.change(within(pending).getByLabelText(/Why it is declined/), { target: { value: 'The report is out' } });
      fireEvent.click(within(pending).getByRole('button', { name: 'Decline' }));
    }
    await within(dialog).findByText(agree ? 'New timescale agreed.' : 'New timescale declined, with your reason.');
    expect((await store.getActionByRef(GLOUCESTERSHIRE, ref))!.timescale.asWritten).toBe(agree ? 'June 2018' : 'Dec 2017');
    expect(historyTexts(dialog)[0]).toMatch(agree ? /^1 Mar 2018New timescale agreed: Timescale changed from "Dec 2017" to "June 2018" \(Ofsted\) — Olive Owner/ : /^1 Mar 2018New timescale declined \(The report is out\) — Olive Owner/);
  });

  it('shows the server’s reason when it refuses an answer', async () => {
    const read = (await store.getActionByRef(GLOUCESTERSHIRE, '1.14'))!;
    await lead.completeAction(GLOUCESTERSHIRE, '1.14', { version: read.version, evidence: 'Done' });
    const refusing: PlanApi = {
      ...owner,
      answerCompletion: () => Promise.reject(new ApiError('forbidden', 'only the plan owner can approve the completion of 1.14', 403, 'not_plan_owner')),
    };
    const dialog = await openDetail('1.14', refusing);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('only the plan owner can approve the completion of 1.14');
    expect(within(dialog).getByRole('region', { name: 'Waiting for the plan owner' })).toBeTruthy();
  });
});

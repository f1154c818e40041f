// @vitest-environment jsdom
import '../test/setup-dom.js';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PlanStore } from '../../../src/store/plan-store.js';
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

async function openDetail(ref: string) {
  renderTab(`/plans/${GLOUCESTERSHIRE}/actions/${ref}`, api);
  const dialog = await screen.findByRole('dialog', { name: `Action ${ref}` });
  await within(dialog).findByRole('list', { name: 'Update history' });
  return dialog;
}

const historyTexts = (dialog: HTMLElement) =>
  within(within(dialog).getByRole('list', { name: 'Update history' }))
    .getAllByRole('listitem')
    .map((item) => item.textContent ?? '');

describe('action detail', () => {
  it('opens from the plan view at its own URL, named by the action’s ref', async () => {
    renderTab(`/plans/${GLOUCESTERSHIRE}`, api);
    fireEvent.click(await screen.findByRole('link', { name: 'Action 1.7' }));
    expect(await screen.findByRole('dialog', { name: 'Action 1.7' })).toBeTruthy();
    expect(window.location.pathname).toMatch(new RegExp(`/plans/${GLOUCESTERSHIRE}/actions/1\\.7$`));
  });

  it('shows the whole action: text, outcome, leads, timescale as written and read, sources', async () => {
    const dialog = await openDetail('1.5');
    expect(within(dialog).getByText(/Identify or commission awareness activities/)).toBeTruthy();
    expect(within(dialog).getByText('Outcome')).toBeTruthy();
    expect(within(dialog).getByText('Jane Bee / Louise West')).toBeTruthy();
    expect(within(dialog).getByText('August 2017')).toBeTruthy();
    expect(within(dialog).getByText('due 31 Aug 2017')).toBeTruthy();
    expect(within(dialog).getByText('Sources')).toBeTruthy();
  });

  it('shows the history newest first, with the entry the plan never dated marked undated and last', async () => {
    const dialog = await openDetail('1.7');
    const entries = historyTexts(dialog);
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatch(/^Oct 2017.*Taxi driver training/);
    expect(entries[1]).toMatch(/^Jun 2017.*Training of all taxi/);
    expect(entries[2]).toMatch(/^undated.*Meeting with Licensing committ/);
  });

  it('refuses an empty update with a message by the Update field, sending nothing', async () => {
    const dialog = await openDetail('1.7');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record update' }));
    const field = within(dialog).getByLabelText('Update');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    const message = document.getElementById(field.getAttribute('aria-describedby')!.split(' ')[0]!);
    expect(message?.textContent).toBe('Write the update before recording it.');
    expect(posted).toBe(0);
  });

  it('refuses an update over 2,000 characters with a message by the field, as soon as it is typed', async () => {
    const dialog = await openDetail('1.7');
    const field = within(dialog).getByLabelText('Update');
    fireEvent.change(field, { target: { value: 'x'.repeat(2001) } });
    expect(within(dialog).getByText('An update is at most 2,000 characters; this one is 2,001.')).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record update' }));
    expect(posted).toBe(0);
  });

  it('records an update and shows it first in the history, dated today, by the local user', async () => {
    const dialog = await openDetail('1.7');
    fireEvent.change(within(dialog).getByLabelText('Update'), { target: { value: 'Licensing committee agreed the refresher for 2018.' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record update' }));
    await within(dialog).findByText('Update recorded.');
    const entries = historyTexts(dialog);
    expect(entries).toHaveLength(4);
    expect(entries[0]).toMatch(/^1 Mar 2018.*Local demo user.*Licensing committee agreed the refresher for 2018\./);
    expect((within(dialog).getByLabelText('Update') as HTMLTextAreaElement).value).toBe('');
  });

  it('shows an update written as HTML as the text it is', async () => {
    const dialog = await openDetail('1.7');
    const attack = '<img src=x onerror=alert(1)>';
    fireEvent.change(within(dialog).getByLabelText('Update'), { target: { value: attack } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record update' }));
    await within(dialog).findByText('Update recorded.');
    expect(within(dialog).getByText(attack)).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
  });

  it('shows a change made by someone else since the action was opened, with its current values, and overwrites nothing', async () => {
    const dialog = await openDetail('1.7');
    // Someone else sets the RAG to Red while this dialog is open.
    const seen = (await store.getActionByRef(GLOUCESTERSHIRE, '1.7'))!;
    await store.changeAction(seen.id, seen.version, { rag: 'Red', changedAt: '2018-03-01T11:00:00.000Z' });

    fireEvent.change(within(dialog).getByLabelText('Update'), { target: { value: 'All drivers trained.' } });
    fireEvent.change(within(dialog).getByLabelText('RAG after this update'), { target: { value: 'Green' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record update' }));

    const notice = await within(dialog).findByRole('alert');
    expect(notice.textContent).toContain('Changed by someone else');
    expect(notice.textContent).toContain('Red');
    expect(notice.textContent).toContain('October 2017');
    const now = (await store.getActionByRef(GLOUCESTERSHIRE, '1.7'))!;
    expect(now.rag).toBe('Red');
    expect(now.updates).toHaveLength(3);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Load the current version' }));
    await waitFor(() => expect(within(dialog).queryByText('Changed by someone else')).toBeNull());
    expect((within(dialog).getByLabelText('Update') as HTMLTextAreaElement).value).toBe('All drivers trained.');
  });

  it('changes RAG and timescale with the version read, and refuses them after someone else’s change', async () => {
    const dialog = await openDetail('1.7');
    fireEvent.change(within(dialog).getByLabelText('RAG status'), { target: { value: 'Amber' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await within(dialog).findByText('Saved.');
    expect((await store.getActionByRef(GLOUCESTERSHIRE, '1.7'))!.rag).toBe('Amber');

    const seen = (await store.getActionByRef(GLOUCESTERSHIRE, '1.7'))!;
    await store.changeAction(seen.id, seen.version, { rag: 'Red', changedAt: '2018-03-01T11:00:00.000Z' });
    fireEvent.change(within(dialog).getByLabelText('Timescale'), { target: { value: 'June 2018' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    expect(await within(dialog).findByText('Changed by someone else')).toBeTruthy();
    expect((await store.getActionByRef(GLOUCESTERSHIRE, '1.7'))!.timescale.asWritten).toBe('October 2017');
  });

  it('closes back to the plan view, keeping the filter in the URL', async () => {
    renderTab(`/plans/${GLOUCESTERSHIRE}/actions/1.7`, api, { search: 'lead=Jane+Price' });
    const dialog = await screen.findByRole('dialog', { name: 'Action 1.7' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(window.location.pathname).toMatch(new RegExp(`/plans/${GLOUCESTERSHIRE}$`));
    expect(currentParams().get('lead')).toBe('Jane Price');
  });
});

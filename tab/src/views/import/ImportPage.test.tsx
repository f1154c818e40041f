// @vitest-environment jsdom
import '../../test/setup-dom.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PlanStore } from '../../../../src/store/plan-store.js';
import type { PlanApi } from '../../api/plan-api.js';
import { renderTab } from '../../test/render-tab.js';
import { GLOUCESTERSHIRE, seededStore, storeApi } from '../../test/seeded-api.js';

const GLOS_TEXT = readFileSync(join(import.meta.dirname, '../../../../samples/gloucestershire-cse-2017-18.txt'), 'utf8');

let store: PlanStore;
let api: PlanApi;

beforeEach(async () => {
  store = await seededStore();
  api = storeApi(store, { author: 'Plan Owner' });
});

function choose(name: string, content: string): void {
  const input = screen.getByLabelText<HTMLInputElement>('Plan document');
  const file = new File([content], name, { type: 'text/plain' });
  fireEvent.change(input, { target: { files: [file] } });
}

const step = () => document.querySelector<HTMLElement>('[data-import-step]')?.dataset.importStep;

describe('import page', () => {
  it('asks which plan a document with an existing plan\'s title is, then shows the difference before changing anything', async () => {
    renderTab('/import', api);
    expect(await screen.findByRole('heading', { level: 1, name: 'Import a plan' })).toBeTruthy();
    const next = GLOS_TEXT.replace('June 17 - ', 'Feb 18 - Reported at the February board.\nJune 17 - ');
    choose('glos-v2.txt', next);
    await waitFor(() => expect(step()).toBe('clash'));
    expect(screen.getByText(/Gloucestershire/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Import into this plan' }));
    await waitFor(() => expect(step()).toBe('preview'));
    const changes = screen.getByRole('list', { name: 'Changes' });
    expect(changes.textContent).toMatch(/add 1 update to/);
    const toAdd = screen.getByRole('list', { name: 'Updates to add' });
    expect(toAdd.textContent).toContain('Feb 2018: Feb 18 - Reported at the February board.');
    expect((await store.getPlan(GLOUCESTERSHIRE)) !== null).toBe(true);
    const before = await store.exportPlan(GLOUCESTERSHIRE);
    expect(before!.actions.some((a) => a.updates.some((u) => u.text.includes('Reported at the February board')))).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Apply the changes' }));
    await waitFor(() => expect(step()).toBe('done'));
    expect(screen.getByText('The new version was brought in')).toBeTruthy();
    const after = await store.exportPlan(GLOUCESTERSHIRE);
    const added = after!.actions.flatMap((a) => a.updates).find((u) => u.text.includes('Reported at the February board'));
    expect(added).toMatchObject({ date: '2018-02', origin: 'import' });
  });

  it('imports a document as a new plan after its preview', async () => {
    renderTab('/import', api);
    await screen.findByRole('heading', { level: 1, name: 'Import a plan' });
    choose('audit-plan.csv', 'Ref,Action,Lead,Timescale,RAG\n1.1,Audit case files,Jo Smith,March 2018,Amber\n');
    await waitFor(() => expect(step()).toBe('preview'));
    expect(screen.getByText('1 actions')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Import the plan' }));
    await waitFor(() => expect(step()).toBe('done'));
    expect(screen.getByRole('link', { name: 'Open the plan' })).toBeTruthy();
    expect((await store.listPlans()).length).toBe(3);
  });

  it('reads the file picker by its label, takes keyboard focus to what the document holds, and shows how its columns were read', async () => {
    renderTab('/import', api);
    await screen.findByRole('heading', { level: 1, name: 'Import a plan' });
    const input = screen.getByLabelText<HTMLInputElement>('Plan document');
    expect(input.accept).toBe('.docx,.xlsx,.csv,.txt');
    expect(document.getElementById(input.getAttribute('aria-describedby')!)?.textContent).toBe('Word .docx, Excel .xlsx, CSV or the text export');
    choose('audit-plan.csv', 'Ref,Action,Lead,Timescale,RAG,Budget\n1.1,Audit case files,Jo Smith,March 2018,Amber,£200\n');
    await waitFor(() => expect(step()).toBe('preview'));
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 2, name: 'What audit-plan.csv holds' }));
    const columns = screen.getAllByRole('list', { name: /^Columns of audit-plan\.csv/ });
    const lines = [...columns[0]!.querySelectorAll('li')].map((li) => li.textContent);
    expect(lines.slice(0, 5)).toEqual(['Ref → Ref', 'Action → Action', 'Lead → Leads', 'Timescale → Timescale', 'RAG → RAG']);
    expect(lines[5]).toMatch(/^Budget → not used: /);
  });

  it('shows a document\'s markup as the text it is', async () => {
    renderTab('/import', api);
    await screen.findByRole('heading', { level: 1, name: 'Import a plan' });
    choose('audit-plan.csv', 'Ref,Action,Lead,Timescale,RAG,<img src=x onerror=alert(1)>\n1.1,Audit case files,Jo Smith,March 2018,Amber,x\n');
    await waitFor(() => expect(step()).toBe('preview'));
    expect(screen.getByRole('region', { name: 'Columns read' }).textContent).toMatch(/img src=x onerror=alert\(1\)(>|&gt;) → not used/);
    expect(document.querySelector('img')).toBeNull();
  });

  it('says what was wrong and that nothing was saved when a document cannot be read', async () => {
    renderTab('/import', api);
    await screen.findByRole('heading', { level: 1, name: 'Import a plan' });
    choose('minutes.txt', 'Minutes of the board\n\nAttendees: chair\n');
    await waitFor(() => expect(step()).toBe('failed'));
    expect(screen.getByText(/minutes\.txt/).textContent).toContain('Nothing was saved');
    expect((await store.listPlans()).length).toBe(2);
  });

  it('is reached from the plan view as "Import a new version"', async () => {
    renderTab(`/plans/${GLOUCESTERSHIRE}`, api);
    const link = await screen.findByRole('link', { name: 'Import a new version' });
    fireEvent.click(link);
    expect(await screen.findByRole('heading', { level: 1, name: 'Import a new version of this plan' })).toBeTruthy();
  });
});

// @vitest-environment jsdom
import '../../test/setup-dom.js';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { annualReport, financialYearOf } from '../../../../src/plan/annual-report.js';
import type { PlanStore } from '../../../../src/store/plan-store.js';
import type { PlanApi } from '../../api/plan-api.js';
import { currentParams, renderTab } from '../../test/render-tab.js';
import { GLOUCESTERSHIRE, seededStore, storeApi } from '../../test/seeded-api.js';

let store: PlanStore;
let api: PlanApi;
const asked: string[] = [];

beforeEach(async () => {
  store = await seededStore();
  asked.length = 0;
  // The server's answer, made by the same domain function GET /api/plans/{id}/annual-report calls.
  api = {
    ...storeApi(store),
    getAnnualReport: async (planId, year) => {
      asked.push(year);
      return annualReport((await store.exportPlan(planId))!, year, '2018-06-30');
    },
  };
});

describe('the annual report view', () => {
  it("shows the year's parts: completed, carried forward, RAG at the start and end, and each agency", async () => {
    renderTab(`/plans/${GLOUCESTERSHIRE}/report`, api, { search: '?year=2017-18' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Annual report 2017-18' })).toBeTruthy();
    for (const part of ['Actions carried forward', 'RAG at the start and end of the year', 'Each agency’s actions and updates']) {
      expect(await screen.findByRole('heading', { level: 2, name: part })).toBeTruthy();
    }
    const carried = screen.getByRole('table', { name: /Actions carried forward/ });
    expect(within(carried).getAllByRole('row').length).toBeGreaterThan(1);
    expect(screen.getAllByRole('heading', { level: 3 }).length).toBeGreaterThan(0);
    expect(asked).toEqual(['2017-18']);
  });

  it('changes the year with the picker, in the address, and offers the Word document of the year shown', async () => {
    renderTab(`/plans/${GLOUCESTERSHIRE}/report`, api, { search: '?year=2017-18' });
    await screen.findByRole('heading', { level: 2, name: 'Actions carried forward' });
    // The plan's year by the server's today (1 March 2018 in the seeded API), and the one before it.
    const thisYear = '2016-17';
    fireEvent.change(screen.getByLabelText('Financial year'), { target: { value: thisYear } });
    await waitFor(() => expect(currentParams().get('year')).toBe(thisYear));
    expect(await screen.findByRole('heading', { level: 1, name: `Annual report ${thisYear}` })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Download as Word' }).getAttribute('href')).toBe(`/api/plans/${GLOUCESTERSHIRE}/annual-report.docx?year=${thisYear}`);
  });

  it('says so where the report cannot be had', async () => {
    renderTab(`/plans/${GLOUCESTERSHIRE}/report`, storeApi(store), { search: '?year=2017-18' });
    expect(await screen.findByText('The annual report is not available here.')).toBeTruthy();
  });
});

describe('the financial year of a day', () => {
  it('starts on 1 April', () => {
    expect(financialYearOf('2026-03-31')).toBe('2025-26');
    expect(financialYearOf('2026-04-01')).toBe('2026-27');
    expect(financialYearOf('2000-01-15')).toBe('1999-00');
  });
});

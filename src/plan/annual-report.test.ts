import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from './action-history.js';
import { annualReport, readFinancialYear } from './annual-report.js';
import { PlanError } from './errors.js';
import type { ActionWithUpdates } from './plan.js';
import type { Rag } from './rag.js';
import type { Timescale } from './timescale.js';
import type { Update } from './update.js';

const due = (day: string): Timescale => ({ asWritten: day, reading: { kind: 'due', due: day, period: day, note: null }, flag: null });
const PLAN = { id: 'p1', title: 'CSE action plan', source: { fileName: 'plan.docx', format: 'docx' as const, importedAt: '2025-09-01T09:00:00.000Z' } };

function entry(actionId: string, sequence: number, date: string, changes: HistoryEntry['changes'], note: string | null = null, kind: HistoryEntry['kind'] = 'changed'): HistoryEntry {
  return { id: `${actionId}-${sequence}`, actionId, sequence, kind, changes, note, author: 'Jane Price', authorId: null, origin: 'tab', date, recordedAt: `${date}T10:00:00.000Z`, key: `k-${actionId}-${sequence}` };
}

function update(actionId: string, sequence: number, date: string | null, text: string): Update {
  return { id: `u-${actionId}-${sequence}`, actionId, sequence, date, dateSource: 'recorded', author: 'Jane Price', authorId: null, text, origin: 'tab', ragAfter: null, timescaleAfter: null, key: `u-${actionId}-${sequence}`, recordedAt: `${date ?? '2025-05-01'}T10:00:00.000Z` };
}

function action(ref: string, order: number, rag: Rag, leads: string[], timescale: Timescale, history: HistoryEntry[] = [], updates: Update[] = []): ActionWithUpdates {
  return {
    id: ref,
    planId: 'p1',
    sectionId: 's1',
    ref,
    parentRef: null,
    order,
    title: `Action ${ref}`,
    text: `Action ${ref}`,
    outcome: '',
    leads: leads.map((name) => ({ name, role: null, kind: 'group' as const })),
    leadsText: leads.join(', '),
    timescale,
    rag,
    ragNote: null,
    sources: [],
    markers: [],
    duplicateOf: null,
    lastUpdated: null,
    version: '1',
    updates,
    history,
  };
}

describe('the financial year a report is for', () => {
  it('runs from 1 April to 31 March', () => {
    expect(readFinancialYear('2025-26')).toEqual({ label: '2025-26', start: '2025-04-01', end: '2026-03-31' });
    expect(readFinancialYear('1999-00')).toEqual({ label: '1999-00', start: '1999-04-01', end: '2000-03-31' });
  });

  it.each(['2025', '2025-27', '2025/26', '25-26', 'last year'])('refuses "%s", naming it', (text) => {
    expect(() => readFinancialYear(text)).toThrow(PlanError);
    expect(() => readFinancialYear(text)).toThrow(`"${text}"`);
  });
});

describe('the annual report of a plan', () => {
  const completedInYear = action('1.1', 0, 'Complete', ['CSE Police Lead'], due('2025-09-30'), [
    entry('1.1', 0, '2024-11-01', [{ field: 'rag', was: 'Red', now: 'Amber' }]),
    entry('1.1', 1, '2025-10-02', [{ field: 'rag', was: 'Amber', now: 'Complete' }, { field: 'status', was: 'open', now: 'closed' }], 'Return interviews now within 72 hours in 94% of cases'),
  ]);
  const carried = action('1.2', 1, 'Red', ['School nurse team'], due('2026-01-31'), [entry('1.2', 0, '2026-02-10', [{ field: 'rag', was: 'Green', now: 'Red' }])], [
    update('1.2', 0, '2025-03-20', 'Before the year'),
    update('1.2', 1, '2025-06-15', 'Training booked'),
  ]);
  const takenOn = action('2.1', 2, 'Amber', ['Head of Early Help'], due('2026-12-31'), [], [update('2.1', 0, '2025-09-01', 'Started')]);
  const closedBefore = action('2.2', 3, 'Complete', ['Council'], due('2024-12-31'), [entry('2.2', 0, '2024-12-01', [{ field: 'status', was: 'open', now: 'closed' }], 'Done')]);
  const changedSince = action(
    '2.3',
    4,
    'Complete',
    ['Council'],
    due('2026-06-30'),
    [entry('2.3', 0, '2026-05-01', [{ field: 'rag', was: 'Amber', now: 'Complete' }, { field: 'status', was: 'open', now: 'closed' }], 'Next year')],
    [update('2.3', 0, '2025-02', 'Scoping')],
  );
  const report = annualReport({ plan: PLAN, actions: [completedInYear, carried, takenOn, closedBefore, changedSince] }, '2025-26', '2026-12-05');

  it('lists the actions completed in the year with the evidence given when each was closed', () => {
    expect(report.completed).toEqual([{ ref: '1.1', title: 'Action 1.1', completedOn: '2025-10-02', evidence: 'Return interviews now within 72 hours in 94% of cases', agencies: ['Police'] }]);
  });

  it('carries forward the actions open on 31 March with their RAG and lateness then, even one completed since', () => {
    expect(report.carriedForward).toEqual([
      { ref: '1.2', title: 'Action 1.2', rag: 'Red', status: 'open', timescale: '2026-01-31', lateness: 'overdue by 59 days' },
      { ref: '2.1', title: 'Action 2.1', rag: 'Amber', status: 'open', timescale: '2026-12-31', lateness: null },
      { ref: '2.3', title: 'Action 2.3', rag: 'Amber', status: 'open', timescale: '2026-06-30', lateness: null },
    ]);
  });

  it('gives the RAG in force on 1 April and on 31 March, and none at the start for an action taken on in the year', () => {
    expect(report.rag.map((r) => [r.ref, r.start, r.end])).toEqual([
      ['1.1', 'Amber', 'Complete'],
      ['1.2', 'Green', 'Red'],
      ['2.1', null, 'Amber'],
      ['2.2', 'Complete', 'Complete'],
      ['2.3', 'Amber', 'Amber'],
    ]);
    expect(report.ragTotals.start).toEqual({ Red: 0, Amber: 2, Green: 1, Complete: 1, 'Not set': 0 });
    expect(report.ragTotals.end).toEqual({ Red: 1, Amber: 2, Green: 0, Complete: 2, 'Not set': 0 });
  });

  it("groups each agency's actions with the updates made in the year, agencies read from the leads", () => {
    expect(report.agencies.map((a) => [a.agency, a.actions.map((x) => x.ref), a.updateCount])).toEqual([
      ['Police', ['1.1'], 0],
      ['Health', ['1.2'], 1],
      ["Children's Social Care", ['2.1'], 1],
      ['Local Authority', ['2.2', '2.3'], 0],
    ]);
    expect(report.agencies[1]!.actions[0]!.updates).toEqual([{ date: '2025-06-15', dateSource: 'recorded', author: 'Jane Price', text: 'Training booked', origin: 'tab' }]);
  });

  it('reads a year still running up to today', () => {
    const running = annualReport({ plan: PLAN, actions: [carried] }, '2025-26', '2025-12-01');
    expect(running.asAt).toBe('2025-12-01');
    expect(running.carriedForward[0]).toMatchObject({ rag: 'Green', lateness: null });
  });

  it('leaves out an action the plan took on after the year', () => {
    expect(annualReport({ plan: PLAN, actions: [takenOn] }, '2024-25', '2026-12-05').rag).toEqual([]);
  });
});

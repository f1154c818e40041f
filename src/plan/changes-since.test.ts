import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from './action-history.js';
import { changesSince, type ChangeMaterial } from './changes-since.js';
import type { Timescale } from './timescale.js';
import type { Update } from './update.js';

const due = (day: string): Timescale => ({ asWritten: day, reading: { kind: 'due', due: day, period: day, note: null }, flag: null });
const action = (id: string, rag: ChangeMaterial['actions'][number]['rag'], timescale: Timescale, order: number) => ({ id, ref: id, title: `Action ${id}`, order, rag, timescale });

function entry(actionId: string, sequence: number, date: string, changes: HistoryEntry['changes'], kind: HistoryEntry['kind'] = 'changed'): HistoryEntry {
  return { id: `${actionId}-${sequence}`, actionId, sequence, kind, changes, note: null, author: 'Jane Price', authorId: null, origin: 'tab', date, recordedAt: `${date}T10:00:00.000Z`, key: `k-${actionId}-${sequence}` };
}

function update(actionId: string, date: string | null, recordedAt = '2018-03-01T10:00:00.000Z', origin: Update['origin'] = 'import'): Update {
  return { id: `u-${actionId}-${date}`, actionId, sequence: 0, date, dateSource: 'stated', author: null, authorId: null, text: 'progress', origin, ragAfter: null, timescaleAfter: null, key: `u-${actionId}-${date}`, recordedAt };
}

describe('what changed since the last meeting', () => {
  const since = '2018-02-12';
  const today = '2018-03-12';

  it('shows a RAG as it was at the meeting and as it is now, not each step between', () => {
    const material: ChangeMaterial = {
      actions: [action('1.1', 'Red', due('2018-12-31'), 0)],
      updates: [],
      history: [entry('1.1', 3, '2018-02-20', [{ field: 'rag', was: 'Green', now: 'Amber' }]), entry('1.1', 4, '2018-03-01', [{ field: 'rag', was: 'Amber', now: 'Red' }])],
    };
    expect(changesSince(material, since, today).actions[0]).toMatchObject({ ref: '1.1', rag: { was: 'Green', now: 'Red' } });
  });

  it('leaves out a RAG changed and changed back, and what changed before the meeting', () => {
    const material: ChangeMaterial = {
      actions: [action('1.1', 'Green', due('2018-12-31'), 0)],
      updates: [],
      history: [entry('1.1', 0, '2018-01-05', [{ field: 'rag', was: 'Red', now: 'Green' }]), entry('1.1', 1, '2018-02-20', [{ field: 'rag', was: 'Green', now: 'Amber' }]), entry('1.1', 2, '2018-02-21', [{ field: 'rag', was: 'Amber', now: 'Green' }])],
    };
    expect(changesSince(material, since, today).actions).toEqual([]);
  });

  it('counts new updates by the day they report (a month to its end), newly overdue and completed actions', () => {
    const material: ChangeMaterial = {
      actions: [action('2.1', 'Amber', due('2018-02-28'), 1), action('2.2', 'Complete', due('2018-01-31'), 2), action('2.3', 'Amber', due('2018-01-31'), 3)],
      // An undated update counts by the day a person recorded it; an undated one read from a document has no day.
      updates: [update('2.3', '2018-02'), update('2.3', '2018-01'), update('2.1', null, '2018-03-05T09:00:00.000Z', 'tab'), update('2.2', null, '2018-03-05T09:00:00.000Z', 'import')],
      history: [entry('2.2', 0, '2018-03-01', [{ field: 'rag', was: 'Amber', now: 'Complete' }, { field: 'status', was: 'open', now: 'closed' }])],
    };
    const result = changesSince(material, since, today);
    expect(result.actions.map((a) => [a.ref, a.newUpdates.length, a.newlyOverdue, a.completed])).toEqual([
      ['2.1', 1, true, false],
      ['2.2', 0, false, true],
      ['2.3', 1, false, false],
    ]);
    expect(result.counts).toEqual({ actionsChanged: 3, newUpdates: 2, ragChanged: 1, timescaleMoved: 0, newlyOverdue: 1, completed: 1 });
  });

  it('shows a request made of the owner, but not the timescale it asks for as a change', () => {
    const material: ChangeMaterial = {
      actions: [action('3.1', 'Amber', due('2018-12-31'), 0)],
      updates: [],
      history: [entry('3.1', 0, '2018-02-20', [{ field: 'timescale', was: '2018-12-31', now: 'June 2019' }], 'timescale-requested')],
    };
    const [only] = changesSince(material, since, today).actions;
    expect(only).toMatchObject({ timescale: null, requests: [{ kind: 'timescale-requested' }] });
  });
});

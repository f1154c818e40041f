import { describe, expect, it } from 'vitest';
import { changesBetween, describeHistoryEntry, pendingRequests, type HistoryEntry } from './action-history.js';
import type { Timescale } from './timescale.js';

const due = (day: string): Timescale => ({ asWritten: day, reading: { kind: 'due', due: day, period: day, note: null }, flag: null });
const fields = { ref: '1.4', text: 'Train practice nurses', outcome: 'Nurses recognise CSE', leadsText: 'Dawn Porter', rag: 'Amber' as const, timescale: due('2018-03-31') };

function step(sequence: number, kind: HistoryEntry['kind']): HistoryEntry {
  return { id: String(sequence), actionId: 'a', sequence, kind, changes: [], note: null, author: null, authorId: null, origin: 'tab', date: '2018-03-01', recordedAt: '2018-03-01T10:00:00.000Z', key: `k${sequence}` };
}

describe('history entries', () => {
  it('names every field that changed, and the status when the action closes', () => {
    expect(changesBetween(fields, { ...fields, rag: 'Complete', leadsText: 'Dawn Porter (Health)' })).toEqual([
      { field: 'leads', was: 'Dawn Porter', now: 'Dawn Porter (Health)' },
      { field: 'rag', was: 'Amber', now: 'Complete' },
      { field: 'status', was: 'open', now: 'closed' },
    ]);
    expect(changesBetween(fields, { ...fields, text: ' Train  practice nurses ' })).toEqual([]);
  });

  it('reads as a line for the detail, the stage and the CLI', () => {
    expect(describeHistoryEntry({ kind: 'changed', changes: [{ field: 'rag', was: 'Amber', now: 'Red' }, { field: 'timescale', was: 'March 2018', now: '' }], note: null })).toBe('RAG changed from Amber to Red; Timescale changed from "March 2018" to (blank)');
    expect(describeHistoryEntry({ kind: 'completion-proposed', changes: [{ field: 'status', was: 'open', now: 'awaiting approval' }], note: 'Audit done' })).toBe('Completion proposed (Audit done)');
  });

  it('knows which requests still wait for the owner', () => {
    expect(pendingRequests([step(0, 'completion-proposed'), step(1, 'completion-returned'), step(2, 'timescale-requested')])).toMatchObject({ completion: null, timescale: { sequence: 2 } });
    expect(pendingRequests([step(0, 'completion-returned'), step(1, 'completion-proposed')]).completion).toMatchObject({ sequence: 1 });
  });
});

describe('a proposal settled another way', () => {
  it('is no longer pending once the action was closed by a change', () => {
    const closing: HistoryEntry = { ...step(1, 'changed'), changes: [{ field: 'status', was: 'open', now: 'closed' }] };
    expect(pendingRequests([step(0, 'completion-proposed'), closing]).completion).toBeNull();
  });
});

describe('a request in words', () => {
  it('says what it asks for, not that it changed anything', () => {
    expect(describeHistoryEntry({ kind: 'timescale-requested', changes: [{ field: 'timescale', was: 'Oct 2017', now: 'June 2018' }], note: 'The survey reports in May' })).toBe(
      'New timescale asked for: timescale "June 2018" in place of "Oct 2017" (The survey reports in May)',
    );
    expect(describeHistoryEntry({ kind: 'timescale-agreed', changes: [{ field: 'timescale', was: 'Oct 2017', now: 'June 2018' }], note: null })).toBe('New timescale agreed: Timescale changed from "Oct 2017" to "June 2018"');
  });
});

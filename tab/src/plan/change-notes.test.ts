import { describe, expect, it } from 'vitest';
import type { ActionChanges } from '../../../src/plan/changes-since.js';
import type { ActionView } from '../../../src/plan/plan.js';
import type { Update } from '../../../src/plan/update.js';
import { changeNotes, comparisonDay, sinceWords } from './change-notes.js';
import { countChanges } from './plan-summary.js';

const update = { id: 'u' } as Update;
const none: ActionChanges = { actionId: 'a', ref: '1.1', title: '', newUpdates: [], rag: null, timescale: null, otherChanges: [], newlyOverdue: false, completed: false, requests: [] };
const meeting = { date: '2018-02-12', source: 'entered' as const, title: null };

describe('what changed on a row since the last meeting', () => {
  it('says each change in a few words: new updates, RAG was and now, timescale moved, overdue, completed', () => {
    expect(
      changeNotes({
        ...none,
        newUpdates: [update, update],
        rag: { was: 'Amber', now: 'Red' },
        timescale: { was: 'March 2018', now: 'June 2018' },
        otherChanges: [{ field: 'leads', was: 'A', now: 'B' }],
        newlyOverdue: true,
        completed: true,
      }),
    ).toEqual(['completed', 'newly overdue', 'RAG was Amber, now Red', 'timescale moved from “March 2018”', '2 new updates', 'leads changed']);
    expect(changeNotes({ ...none, newUpdates: [update] })).toEqual(['1 new update']);
  });

  it('says where each request made of the owner stands, in the domain’s words, unless its outcome is said already', () => {
    const step = (kind: ActionChanges['requests'][number]['kind']) => ({ kind }) as ActionChanges['requests'][number];
    expect(changeNotes({ ...none, requests: [step('completion-proposed')] })).toEqual(['completion proposed']);
    expect(changeNotes({ ...none, requests: [step('timescale-requested'), step('timescale-declined')] })).toEqual(['new timescale declined']);
    const closedAndMoved = { ...none, completed: true, timescale: { was: 'Oct 2017', now: 'June 2018' }, requests: [step('completion-proposed'), step('timescale-requested'), step('timescale-agreed'), step('completion-approved')] };
    expect(changeNotes(closedAndMoved)).toEqual(['completed', 'timescale moved from “Oct 2017”']);
  });

  it('compares with the “Changed since” day when one is set, else with the last meeting, and says which', () => {
    expect(comparisonDay('', null)).toBeNull();
    expect(comparisonDay('', meeting)).toEqual({ since: '2018-02-12', meeting });
    expect(sinceWords(comparisonDay('', meeting)!)).toBe('since the last meeting (12 Feb 2018)');
    expect(sinceWords(comparisonDay('2017-10-01', meeting)!)).toBe('since 1 Oct 2017');
    expect(comparisonDay('2018-02-12', meeting)!.meeting).toBe(meeting);
  });

  it('counts the changes of the actions shown only, as the summary bar’s other counts follow the filters', () => {
    const shown = [{ id: 'a' }, { id: 'b' }] as ActionView[];
    const byAction = new Map([
      ['a', { ...none, newUpdates: [update], rag: { was: 'Amber', now: 'Red' } }],
      ['c', { ...none, actionId: 'c', completed: true }],
    ]);
    expect(countChanges(shown, byAction)).toEqual({ actionsChanged: 1, newUpdates: 1, ragChanged: 1, timescaleMoved: 0, newlyOverdue: 0, completed: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import type { Rag } from '../../../src/plan/rag.js';
import { interpretTimescale } from '../../../src/plan/timescale.js';
import { compactDue } from './compact-due.js';

const TODAY = '2018-03-01';
const action = (timescale: string, rag: Rag = 'Amber') => ({ rag, timescale: interpretTimescale(timescale, { planYears: [2017, 2018] }) });

describe('an action’s date in a side panel row', () => {
  it('says how many days late an open action is, with the full words for a screen reader', () => {
    expect(compactDue(action('January 2018'), TODAY)).toEqual({ short: 'overdue 29 d', spoken: 'overdue by 29 days', overdue: true });
  });

  it('says how many days are left, within the “due soon” window and beyond it', () => {
    expect(compactDue(action('March 2018'), TODAY)).toEqual({ short: 'due in 30 d', spoken: 'due in 30 days', overdue: false });
    expect(compactDue(action('June 2018'), TODAY)).toEqual({ short: 'due in 121 d', spoken: 'due in 121 days', overdue: false });
  });

  it('calls a closed action closed, however late its date, by the domain’s rule', () => {
    expect(compactDue(action('January 2018', 'Complete'), TODAY)).toEqual({ short: 'closed', spoken: 'closed', overdue: false });
  });

  it('shows a timescale with no date as written', () => {
    expect(compactDue(action('Termly'), TODAY)).toMatchObject({ short: 'Termly', overdue: false });
    expect(compactDue(action(''), TODAY)).toMatchObject({ short: 'no date' });
  });
});

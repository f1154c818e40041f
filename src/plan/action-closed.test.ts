import { describe, expect, it } from 'vitest';
import { isClosed, whyClosed } from './action-closed.js';
import type { Rag } from './rag.js';
import { interpretTimescale } from './timescale.js';

const action = (rag: Rag, timescale: string) => ({ rag, timescale: interpretTimescale(timescale, { planYears: [2018] }) });

describe('whether an action is closed', () => {
  it('is closed by a Complete RAG, whatever its timescale says', () => {
    expect(whyClosed(action('Complete', 'March 2018'))).toBe('RAG is Complete');
  });

  it('is closed by a timescale that says it was completed, or that it does not apply, whatever its RAG', () => {
    expect(whyClosed(action('Red', 'Completed Feb 2018'))).toBe('timescale says completed');
    expect(whyClosed(action('Amber', 'N/A'))).toBe('timescale is N/A');
  });

  it('is open with a date, a recurrence or an ongoing timescale and any other RAG', () => {
    for (const rag of ['Red', 'Amber', 'Green', 'Not set'] as const) {
      for (const timescale of ['March 2018', 'Quarterly', 'Ongoing']) {
        expect(isClosed(action(rag, timescale)), `${rag}, ${timescale}`).toBe(false);
      }
    }
  });
});

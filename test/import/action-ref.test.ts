import { describe, expect, it } from 'vitest';
import { readActionRef, subActionRef } from '../../src/import/action-ref.js';

describe('action refs', () => {
  it.each(['1.4', '5.10', '1a', '4.2b', '1.1.2', 'P1.2', 'R3', '12', 'b'])('reads "%s" as a ref', (text) => {
    expect(readActionRef(text)).toEqual({ ref: text, markers: [], rest: null });
  });

  it('reads a marker written beside the number apart from the ref', () => {
    expect(readActionRef('1.17 New')).toEqual({ ref: '1.17', markers: ['New'], rest: null });
    expect(readActionRef('2.3 (revised)')).toEqual({ ref: '2.3', markers: ['revised'], rest: null });
    expect(readActionRef('1.')).toEqual({ ref: '1', markers: [], rest: null });
  });

  it('keeps words after a dotted number as the action\'s own text', () => {
    expect(readActionRef('3.1 Review the referral pathway')).toEqual({ ref: '3.1', markers: [], rest: 'Review the referral pathway' });
  });

  it.each(['A new approach', '2 pupils attended', 'Jan 2018', 'Ongoing', ''])('does not read "%s" as a ref', (text) => {
    expect(readActionRef(text)).toBeNull();
  });

  it('letters the sub-actions of a numbered action, and numbers those of a lettered one', () => {
    expect([0, 1, 2].map((i) => subActionRef('4.2', i))).toEqual(['4.2a', '4.2b', '4.2c']);
    expect(subActionRef('1a', 0)).toBe('1a.1');
  });
});

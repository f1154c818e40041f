import { describe, expect, it } from 'vitest';
import { jsonArray } from '../../src/server/json-array.js';

describe('jsonArray', () => {
  it('gives exactly what JSON.stringify gives, for frozen and ordinary objects alike', () => {
    const frozen = Object.freeze({ ref: '1.4', leads: Object.freeze(['Jane Price']), text: 'quotes " and <b>tags</b>' });
    const plain = { ref: '2.1', rag: null, nested: { n: 3 } };
    expect(jsonArray([frozen, plain, frozen])).toBe(JSON.stringify([frozen, plain, frozen]));
    expect(jsonArray([])).toBe('[]');
  });

  it('serialises an ordinary object afresh each time, so a changed object is never served stale', () => {
    const plain: { rag: string } = { rag: 'Red' };
    expect(jsonArray([plain])).toBe('[{"rag":"Red"}]');
    plain.rag = 'Green';
    expect(jsonArray([plain])).toBe('[{"rag":"Green"}]');
  });
});

import { describe, expect, it } from 'vitest';
import { parseRagLegend, type RagLegendEntry } from './rag.js';
import { hexColour, nameOfColour, readColour } from './rag-colour.js';

const keyTable: RagLegendEntry[] = [
  { rag: 'Red', colour: 'Red', meaning: 'significant concerns', swatch: 'FF0000' },
  { rag: 'Amber', colour: 'Amber', meaning: 'some slippage', swatch: 'FFC000' },
  { rag: 'Green', colour: 'Light green', meaning: 'on track', swatch: '92D050' },
  { rag: 'Complete', colour: 'Dark green', meaning: 'complete', swatch: '00B050' },
  { rag: null, colour: 'Purple', meaning: 'update required', swatch: '7030A0' },
];

describe('reading RAG from colour', () => {
  it.each([
    ['FFC000', 'amber'],
    ['FFBF00', 'amber'],
    ['F79646', 'amber'],
    ['FF0000', 'red'],
    ['C00000', 'red'],
    ['92D050', 'light green'],
    ['00B050', 'green'],
    ['0070C0', 'blue'],
    ['7030A0', 'purple'],
  ])('names %s %s', (hex, name) => {
    expect(nameOfColour(hex)?.name).toBe(name);
  });

  it('names no colour far from every colour plans use (a pink, a teal)', () => {
    expect(nameOfColour('FF66CC')).toBeNull();
    expect(nameOfColour('008B8B')).toBeNull();
  });

  it('normalises hex as documents write it', () => {
    expect(hexColour('#ffc000')).toBe('FFC000');
    expect(hexColour('auto')).toBeNull();
  });

  describe('without a key', () => {
    it('reads red, amber and green by their usual meanings, all three ambers alike', () => {
      expect(['FF0000', 'FFC000', 'FFBF00', 'F79646', '00B050'].map((hex) => readColour(hex, []))).toMatchObject([
        { kind: 'rag', rag: 'Red', note: null },
        { kind: 'rag', rag: 'Amber', note: null },
        { kind: 'rag', rag: 'Amber', note: null },
        { kind: 'rag', rag: 'Amber', note: null },
        { kind: 'rag', rag: 'Green', note: null },
      ]);
    });

    it('reads blue as Complete and says it is the usual meaning, not the plan\'s', () => {
      const r = readColour('0070C0', []);
      expect(r).toMatchObject({ kind: 'rag', rag: 'Complete' });
      expect(r.kind === 'rag' && r.note).toContain('usual meaning: the plan has no key');
    });

    it('gives purple and grey no RAG, with the reason', () => {
      expect(readColour('7030A0', [])).toMatchObject({ kind: 'no-rag', colour: 'purple' });
      expect(readColour('BFBFBF', [])).toMatchObject({ kind: 'no-rag', colour: 'grey' });
    });

    it('does not guess a colour near none plans use', () => {
      expect(readColour('FF66CC', [])).toEqual({ kind: 'unknown', hex: 'FF66CC' });
    });
  });

  describe('with the plan\'s key', () => {
    it('takes the nearest of the key\'s own colours: dark green is Complete, light green Green', () => {
      expect(readColour('00B050', keyTable)).toMatchObject({ kind: 'rag', rag: 'Complete' });
      expect(readColour('92D050', keyTable)).toMatchObject({ kind: 'rag', rag: 'Green' });
      expect(readColour('FFBF00', keyTable)).toMatchObject({ kind: 'rag', rag: 'Amber', note: null });
    });

    it('reads a shade the key does not show exactly as the nearest key colour, and says so', () => {
      const r = readColour('F79646', keyTable);
      expect(r).toMatchObject({ kind: 'rag', rag: 'Amber' });
      expect(r.kind === 'rag' && r.note).toContain("the key's Amber");
    });

    it('reads a colour the key gives no RAG as no RAG, quoting the key', () => {
      expect(readColour('7030A0', keyTable)).toMatchObject({ kind: 'no-rag', note: expect.stringContaining('update required') });
    });

    it('matches a key that only names its colours by the colour\'s name, and a shade by its family', () => {
      const legend = parseRagLegend('Key: Red – significant concerns; Amber – some slippage; Green – progressing as planned; Blue – complete');
      expect(readColour('C00000', legend)).toMatchObject({ kind: 'rag', rag: 'Red', note: null });
      expect(readColour('92D050', legend)).toMatchObject({ kind: 'rag', rag: 'Green', note: expect.stringContaining("key's Green") });
      expect(readColour('0070C0', legend)).toMatchObject({ kind: 'rag', rag: 'Complete' });
    });

    it('still refuses to guess a colour near neither the key nor any named colour', () => {
      expect(readColour('FF66CC', keyTable)).toEqual({ kind: 'unknown', hex: 'FF66CC' });
    });
  });
});

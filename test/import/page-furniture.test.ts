import { describe, expect, it } from 'vitest';
import type { DocumentBlock } from '../../src/import/document-blocks.js';
import { furnitureOf, isFurnitureParagraph, isRuleRow } from '../../src/import/page-furniture.js';

const paragraphs = (...texts: string[]): DocumentBlock[] => texts.map((text, i) => ({ kind: 'paragraph', text, at: { line: i + 1 } }));

describe('page furniture', () => {
  it('finds short lines a document repeats, whatever their words', () => {
    const furniture = furnitureOf(paragraphs('Plan', 'Appendix 3', 'Intro text', 'Appendix 3', 'GSC - Official', 'GSC - Official', 'Annex B', 'Annex B'));
    expect(['Appendix 3', 'appendix  3', 'GSC - Official', 'Annex B'].every((t) => isFurnitureParagraph(t, furniture))).toBe(true);
    expect(isFurnitureParagraph('Intro text', furniture)).toBe(false);
  });

  it('does not take a long sentence for furniture however often it is repeated', () => {
    const sentence = 'The LSCB must ensure that appropriate training is in place for front line staff.';
    expect(isFurnitureParagraph(sentence, furnitureOf(paragraphs(sentence, sentence)))).toBe(false);
  });

  it('takes page numbers, rule lines and protective markings for furniture even once', () => {
    const texts = ['Page 3 of 12', 'Page 4', '- 7 -', '-------', 'DRAFT', 'OFFICIAL-SENSITIVE', 'Restricted'];
    const furniture = furnitureOf(paragraphs(...texts));
    expect(texts.filter((t) => !isFurnitureParagraph(t, furniture))).toEqual([]);
    expect(isFurnitureParagraph('Priority 1', furniture)).toBe(false);
  });

  it('reads a row drawn only of dashes and pipes as a rule, not as text', () => {
    expect(isRuleRow(['-----', '--', '---', ''])).toBe(true);
    expect(isRuleRow(['--', '|', '==='])).toBe(true);
    expect(isRuleRow(['', '-', 'Complete'])).toBe(false);
    expect(isRuleRow(['1.1', '--'])).toBe(false);
    expect(isRuleRow(['', '', ''])).toBe(false);
  });
});

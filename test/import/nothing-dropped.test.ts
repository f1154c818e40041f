import { describe, expect, it } from 'vitest';
import { cellParagraphs } from '../../src/import/cell-text.js';
import { isVersionHeader, mapHeaderRow } from '../../src/import/column-roles.js';
import { isRuleRow } from '../../src/import/page-furniture.js';
import type { PlanDraft } from '../../src/plan/plan.js';
import { CHESHIRE, GLOUCESTERSHIRE, readSample, sampleText } from './seed-plans.js';

const WINDOW = 6;

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

/** Everything the plan holds, in reading order, as one run of words. */
function corpus(draft: PlanDraft, unplaced: readonly string[]): string {
  const parts = [
    draft.title,
    draft.description,
    ...draft.sections.flatMap((s) => [s.label ?? '', s.number ?? '', s.title, s.description]),
    ...draft.actions.flatMap((a) => [a.ref, ...a.markers, a.text, ...a.sources, a.outcome, a.leadsText, a.timescale.asWritten, a.ragNote ?? '', ...a.updates.map((u) => u.text)]),
    ...draft.versionRecord.flatMap((v) => Object.values(v.cells)),
    ...unplaced,
  ];
  return ` ${words(parts.join('\n')).join(' ')} `;
}

/**
 * Every run of six words of every non-furniture line of the source must stand in the plan or in the
 * import report: a lost cell, a dropped paragraph or a truncated update fails it.
 */
function missingText(name: string): string[] {
  const { draft, report } = readSample(name);
  const furniture = new Set(report.furniture.map((f) => f.text.toLowerCase()));
  const all = corpus(draft, report.unplaced.map((u) => u.text ?? ''));
  const missing: string[] = [];
  sampleText(name)
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      const cells = line.split('\t');
      if (cells.length === 1 && furniture.has(line.trim().toLowerCase())) return;
      if (cells.length > 1 && (isRuleRow(cells) || mapHeaderRow(cells) || isVersionHeader(cells))) return;
      if (/^version control record$/i.test(line.trim())) return;
      for (const cell of cells) {
        for (const paragraph of cellParagraphs(cell)) {
          const w = words(paragraph);
          for (let start = 0; start === 0 || start + WINDOW <= w.length; start += 1) {
            const run = w.slice(start, start + WINDOW).join(' ');
            if (run && !all.includes(` ${run} `)) missing.push(`line ${i + 1}: "${run}"`);
          }
        }
      }
    });
  return missing;
}

describe('nothing from the source is dropped', () => {
  it('places every line of the Pan Cheshire plan in the plan or the import report', () => {
    expect(missingText(CHESHIRE)).toEqual([]);
  });

  it('places every line of the Gloucestershire plan in the plan or the import report', () => {
    expect(missingText(GLOUCESTERSHIRE)).toEqual([]);
  });

  it('would notice a lost cell', () => {
    const { draft, report } = readSample(GLOUCESTERSHIRE);
    const without = { ...draft, actions: draft.actions.map((a) => (a.ref === '2.3' ? { ...a, updates: [] } : a)) };
    expect(corpus(without, report.unplaced.map((u) => u.text ?? ''))).not.toContain(' 36 foster carers were trained ');
  });
});

import { describe, expect, it } from 'vitest';
import { cellParagraphs } from '../../src/import/cell-text.js';
import { mapHeaderRow } from '../../src/import/column-roles.js';
import type { ImportResult } from '../../src/import/import-report.js';
import { isRuleRow } from '../../src/import/page-furniture.js';
import { isVersionHeader, isVersionRecordHeading } from '../../src/import/version-record.js';
import type { ActionDraft, PlanDraft } from '../../src/plan/plan.js';
import { CHESHIRE, GLOUCESTERSHIRE, readSample, sampleText } from './seed-plans.js';

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

/** Everything the plan and its report hold, in reading order, as one run of words. */
function placedWords(draft: PlanDraft, unplaced: readonly string[]): string[] {
  const action = (a: ActionDraft): string[] => [a.ref, ...a.markers, a.text, ...a.sources, a.outcome, a.leadsText, a.timescale.asWritten, a.rag, a.ragNote ?? '', ...a.updates.map((u) => u.text)];
  return words(
    [
      draft.title,
      draft.description,
      ...draft.ragLegend.flatMap((l) => [l.colour, l.meaning]),
      ...draft.sections.flatMap((s) => [s.label ?? '', s.number ?? '', s.title, s.description]),
      ...draft.actions.flatMap(action),
      ...draft.versionRecord.flatMap((v) => Object.values(v.cells)),
      ...unplaced,
    ].join('\n'),
  );
}

/** The text of every source line that is not furniture, a header or a rule: each cell paragraph on its own. */
function sourcePieces(content: string, furniture: ReadonlySet<string>): { line: number; words: string[] }[] {
  const pieces: { line: number; words: string[] }[] = [];
  content.split(/\r?\n/).forEach((text, i) => {
    if (!text.trim()) return;
    const cells = text.split('\t');
    if (cells.length === 1 && (furniture.has(text.trim().toLowerCase()) || isVersionRecordHeading(text))) return;
    if (cells.length > 1 && (isRuleRow(cells) || mapHeaderRow(cells) || isVersionHeader(cells))) return;
    for (const cell of cells) {
      for (const paragraph of cells.length === 1 ? [cell] : cellParagraphs(cell)) {
        const w = words(paragraph);
        if (w.length > 0) pieces.push({ line: i + 1, words: w });
      }
    }
  });
  return pieces;
}

/**
 * The source text missing from the plan: each paragraph of each cell must stand, its words in order
 * and together, somewhere in the plan or the report, and each place can answer for one paragraph
 * only. So text a document repeats (Cheshire's outcome copied under 4.1 to 4.6) must be there as
 * often as it is written, and a lost cell of a single word ("2013") is missed. Places are assigned
 * by a search with backtracking, the paragraphs with fewest possible places first.
 */
function missingText(content: string, result: ImportResult): string[] {
  const { draft, report } = result;
  const furniture = new Set(report.furniture.map((f) => f.text.toLowerCase()));
  const placed = placedWords(draft, report.unplaced.map((u) => u.text ?? ''));
  const positions = new Map<string, number[]>();
  placed.forEach((w, i) => positions.set(w, [...(positions.get(w) ?? []), i]));
  const pieces = sourcePieces(content, furniture).map((piece) => ({
    ...piece,
    places: (positions.get(piece.words[0]!) ?? []).filter((start) => piece.words.every((w, k) => placed[start + k] === w)),
  }));
  const missing = pieces.filter((p) => p.places.length === 0).map((p) => `line ${p.line}: "${p.words.join(' ')}"`);
  const toPlace = pieces.filter((p) => p.places.length > 0).sort((a, b) => a.places.length - b.places.length || b.words.length - a.words.length);

  const used = new Uint8Array(placed.length);
  let steps = 0;
  let deepest = 0;
  const free = (start: number, length: number): boolean => used.subarray(start, start + length).every((u) => u === 0);
  const assign = (index: number): boolean => {
    deepest = Math.max(deepest, index);
    if (index === toPlace.length) return true;
    if ((steps += 1) > 200_000) return false;
    const piece = toPlace[index]!;
    for (const start of piece.places) {
      if (!free(start, piece.words.length)) continue;
      used.fill(1, start, start + piece.words.length);
      if (assign(index + 1)) return true;
      used.fill(0, start, start + piece.words.length);
    }
    return false;
  };
  if (!assign(0)) {
    const stuck = toPlace[deepest]!;
    missing.push(`line ${stuck.line}: "${stuck.words.join(' ')}" (written more often than the plan holds it)`);
  }
  return missing;
}

function withAction(result: ImportResult, ref: string, change: (a: ActionDraft) => ActionDraft): ImportResult {
  return { ...result, draft: { ...result.draft, actions: result.draft.actions.map((a) => (a.ref === ref ? change(a) : a)) } };
}

describe('nothing from the source is dropped', () => {
  it('places every line of the Pan Cheshire plan in the plan or the import report', () => {
    expect(missingText(sampleText(CHESHIRE), readSample(CHESHIRE))).toEqual([]);
  });

  it('places every line of the Gloucestershire plan in the plan or the import report', () => {
    expect(missingText(sampleText(GLOUCESTERSHIRE), readSample(GLOUCESTERSHIRE))).toEqual([]);
  });

  it('would notice a lost progress cell', () => {
    const lost = withAction(readSample(GLOUCESTERSHIRE), '2.3', (a) => ({ ...a, updates: [] }));
    expect(missingText(sampleText(GLOUCESTERSHIRE), lost).join('\n')).toContain('36 foster carers were trained');
  });

  it('would notice a one-word cell continued across a page break going missing', () => {
    const lost = withAction(readSample(CHESHIRE), '4.2b', (a) => ({ ...a, timescale: { ...a.timescale, asWritten: 'Update July' } }));
    expect(missingText(sampleText(CHESHIRE), lost)).toEqual([expect.stringMatching(/^line 98: "2013"/)]);
  });

  it('would notice one copy of text the document repeats going missing', () => {
    const result = readSample(CHESHIRE);
    const lost = withAction(result, '4.3', (a) => ({ ...a, outcome: '' }));
    expect(result.draft.actions.find((a) => a.ref === '4.6')!.outcome).toBe(result.draft.actions.find((a) => a.ref === '4.3')!.outcome);
    expect(missingText(sampleText(CHESHIRE), lost).length).toBeGreaterThan(0);
  });

  it('would notice a lost section description or version record row', () => {
    const result = readSample(CHESHIRE);
    const noDescription = { ...result, draft: { ...result.draft, sections: result.draft.sections.map((s, i) => (i === 2 ? { ...s, description: '' } : s)) } };
    expect(missingText(sampleText(CHESHIRE), noDescription).join('\n')).toContain('appropriate training is in place for front line staff');
    const noVersion = { ...result, draft: { ...result.draft, versionRecord: result.draft.versionRecord.slice(0, 1) } };
    expect(missingText(sampleText(CHESHIRE), noVersion).join('\n')).toContain('v03');
  });
});

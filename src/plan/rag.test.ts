import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRagLegend, ragStatedInUpdate, readRag } from './rag.js';

const glosText = readFileSync(new URL('../../samples/gloucestershire-cse-2017-18.txt', import.meta.url), 'utf8');
const glosLegendLine = glosText.split('\n').find((l) => l.startsWith('RAG:'))!;
const glosPurpleLine = glosText.split('\n').find((l) => l.startsWith('Purple'))!;
const glosLegend = [...parseRagLegend(glosLegendLine), ...parseRagLegend(glosPurpleLine)];

describe('rag', () => {
  describe('readRag', () => {
    it.each([
      ['R', 'Red'],
      ['A', 'Amber'],
      ['G', 'Green'],
      ['C', 'Complete'],
      ['Red', 'Red'],
      ['AMBER', 'Amber'],
      ['green', 'Green'],
      ['Complete', 'Complete'],
      ['Completed', 'Complete'],
    ] as const)('reads "%s" as %s, with no note', (written, rag) => {
      expect(readRag(written)).toEqual({ rag, asWritten: written, note: null });
    });

    it('reads an empty cell as Not set', () => {
      expect(readRag('  ')).toEqual({ rag: 'Not set', asWritten: '', note: null });
    });

    it('reads the Cheshire plan\'s "●" as Not set: the colour was lost in the export', () => {
      expect(readRag('●')).toEqual({ rag: 'Not set', asWritten: '●', note: 'colour lost in the export (shown as ●)' });
      expect(readRag('■').note).toBe('colour lost in the export (shown as ■)');
    });

    it('reads two statuses as the worse, and says so: "Amber/Green" is Amber', () => {
      expect(readRag('Amber/Green')).toEqual({ rag: 'Amber', asWritten: 'Amber/Green', note: 'names Amber and Green; read as the worse, Amber' });
      expect(readRag('R/A').rag).toBe('Red');
    });

    it('reads "Green – complete" as Complete, because the words say complete', () => {
      const r = readRag('Green – complete');
      expect(r.rag).toBe('Complete');
      expect(r.note).toContain('Green – complete');
    });

    it('follows the plan\'s legend: where green means complete, a Green cell is Complete', () => {
      const r = readRag('Green', glosLegend);
      expect(r.rag).toBe('Complete');
      expect(r.note).toBe("the plan's legend has green for Complete");
      expect(readRag('Amber', glosLegend)).toEqual({ rag: 'Amber', asWritten: 'Amber', note: null });
    });

    it('reads a colour the legend gives no RAG value as Not set, with the legend\'s meaning', () => {
      expect(readRag('Purple', glosLegend)).toEqual({
        rag: 'Not set',
        asWritten: 'Purple',
        note: 'the plan\'s legend has purple for "updates are required", not a RAG status',
      });
    });

    it('reads words that are not a status as Not set, quoting them', () => {
      expect(readRag('Not a status')).toEqual({ rag: 'Not set', asWritten: 'Not a status', note: 'not understood as a RAG status: "Not a status"' });
    });

    it('keeps extra words beside a status in the note', () => {
      expect(readRag('Red (at risk)')).toMatchObject({ rag: 'Red', note: 'also says "Red (at risk)"' });
    });
  });

  describe('parseRagLegend', () => {
    it('reads the Gloucestershire legend: red and amber at risk, green complete', () => {
      expect(parseRagLegend(glosLegendLine)).toEqual([
        { rag: 'Red', colour: 'Red', meaning: 'at risk (high)' },
        { rag: 'Amber', colour: 'Amber', meaning: 'at risk (moderate)' },
        { rag: 'Complete', colour: 'Green', meaning: 'complete' },
      ]);
    });

    it('reads "Purple notes updates are required." as purple with no RAG value', () => {
      expect(parseRagLegend('Purple notes updates are required.')).toEqual([{ rag: null, colour: 'Purple', meaning: 'updates are required' }]);
    });

    it('reads a legend where green means on track as Green', () => {
      expect(parseRagLegend('Red = off track; Amber = some risk; Green = on track')).toEqual([
        { rag: 'Red', colour: 'Red', meaning: 'off track' },
        { rag: 'Amber', colour: 'Amber', meaning: 'some risk' },
        { rag: 'Green', colour: 'Green', meaning: 'on track' },
      ]);
    });

    it('ends each meaning where the next term begins: Green stays Green beside a Complete entry', () => {
      expect(parseRagLegend('Key: Red – significant concerns; Amber – some slippage; Green – progressing as planned; Complete – achieved and evidenced')).toEqual([
        { rag: 'Red', colour: 'Red', meaning: 'significant concerns' },
        { rag: 'Amber', colour: 'Amber', meaning: 'some slippage' },
        { rag: 'Green', colour: 'Green', meaning: 'progressing as planned' },
        { rag: 'Complete', colour: 'Complete', meaning: 'achieved and evidenced' },
      ]);
    });

    it('reads two-word colours as one term: dark green for complete, light green on track', () => {
      expect(parseRagLegend('RAG key: Light green – on track; Dark green – completed and signed off; Blue – closed')).toEqual([
        { rag: 'Green', colour: 'Light green', meaning: 'on track' },
        { rag: 'Complete', colour: 'Dark green', meaning: 'completed and signed off' },
        { rag: 'Complete', colour: 'Blue', meaning: 'closed' },
      ]);
    });

    it('does not take a status word inside a meaning for a key term', () => {
      expect(parseRagLegend('Key: Amber – not complete by the target date; Green – on track').map((e) => e.colour)).toEqual(['Amber', 'Green']);
    });

    it('finds no legend in text that only mentions a colour', () => {
      expect(parseRagLegend('The group discussed the red flags raised at the meeting')).toEqual([]);
    });
  });

  describe('ragStatedInUpdate', () => {
    it('reads the Cheshire 2.1 update: "Status of this action changed to Amber"', () => {
      expect(
        ragStatedInUpdate(
          'This action needs reviewing at the next meeting in July, I believe we need to continue to develop our intelligence capability to inform a detailed risk assessment locally of the extent and nature of CSE. Status of this action changed to Amber',
        ),
      ).toBe('Amber');
    });

    it('reads the Cheshire 2.2 update "will be shown as Green/closed" as Complete: closed is complete', () => {
      expect(ragStatedInUpdate('Unless further information comes to light to suggest a review of this decision, this action will be shown as Green/closed.')).toBe('Complete');
      expect(ragStatedInUpdate('this action will be shown as Green')).toBe('Green');
    });

    it('takes the last explicit statement', () => {
      expect(ragStatedInUpdate('RAG status is now Red. Later: RAG rating moved from Red to Amber')).toBe('Amber');
    });

    it('ignores colours that are not a status statement', () => {
      expect(ragStatedInUpdate('The group discussed the red flags raised; a green paper is due')).toBeNull();
      expect(ragStatedInUpdate('Status of the review is unclear')).toBeNull();
      expect(ragStatedInUpdate('')).toBeNull();
    });
  });
});

import { describe, expect, it } from 'vitest';
import { duplicateOfRef, extractSources } from './source-reference.js';

describe('source references', () => {
  describe('extractSources', () => {
    it('moves a paragraph that is only a reference to the sources (Cheshire 1.3: "ACPO 2.6")', () => {
      const text = 'The Pan Cheshire Strategic Group will ensure appropriate and continual assessment of the quality of service delivered to victims and their families';
      expect(extractSources([text, 'ACPO 2.6'])).toEqual({ paragraphs: [text], sources: ['ACPO 2.6'] });
    });

    it('moves several reference-only paragraphs, in order (Cheshire 3.2: "ACPO 7.2", "DOE Action Plan")', () => {
      expect(extractSources(['The Pan Cheshire Strategic Group will ensure the provision', 'ACPO 7.2', 'DOE Action Plan'])).toEqual({
        paragraphs: ['The Pan Cheshire Strategic Group will ensure the provision'],
        sources: ['ACPO 7.2', 'DOE Action Plan'],
      });
    });

    it('keeps "OCC Interim Report Recommendation 5" whole, between the paragraphs it follows (Cheshire 5.4)', () => {
      expect(
        extractSources([
          'Police forces should review their local multi-agency intelligence collection processes',
          'OCC Interim Report Recommendation 5',
          'Police forces should use multi-agency intelligence to proactively profile local risk',
          'OCC Interim Report Recommendation 6',
        ]),
      ).toEqual({
        paragraphs: ['Police forces should review their local multi-agency intelligence collection processes', 'Police forces should use multi-agency intelligence to proactively profile local risk'],
        sources: ['OCC Interim Report Recommendation 5', 'OCC Interim Report Recommendation 6'],
      });
    });

    it('trims a reference from the end of a paragraph: "... and beyond ACPO 2.4" (Cheshire 1.2)', () => {
      expect(extractSources(['including support during criminal justice journey and beyond ACPO 2.4'])).toEqual({
        paragraphs: ['including support during criminal justice journey and beyond'],
        sources: ['ACPO 2.4'],
      });
    });

    it('trims "ACPO 2.3" after a full stop (Cheshire 1.6)', () => {
      expect(extractSources(['Each force should seek to identify a Specialist CPS Lawyer with knowledge and understanding of CSE. ACPO 2.3'])).toEqual({
        paragraphs: ['Each force should seek to identify a Specialist CPS Lawyer with knowledge and understanding of CSE.'],
        sources: ['ACPO 2.3'],
      });
    });

    it('trims a bracketed reference and lists it without brackets: "... will focus on : (ACPO 1)" (Cheshire 4.1)', () => {
      expect(extractSources(['Develop a Pan Cheshire Media / Communication Strategy which will focus on : (ACPO 1)'])).toEqual({
        paragraphs: ['Develop a Pan Cheshire Media / Communication Strategy which will focus on :'],
        sources: ['ACPO 1'],
      });
      expect(extractSources(['including ; (ACPO 1)'])).toEqual({ paragraphs: ['including ;'], sources: ['ACPO 1'] });
    });

    it('trims two references from the end, keeping their order (Cheshire 5.1: "identified ACPO 5.4 DOE Action Plan")', () => {
      expect(extractSources(['are understood and identified ACPO 5.4 DOE Action Plan'])).toEqual({
        paragraphs: ['are understood and identified'],
        sources: ['ACPO 5.4', 'DOE Action Plan'],
      });
    });

    it('leaves a reference inside the text in place, and lists it too', () => {
      expect(extractSources(['Work beyond ACPO 2.4 with partners'])).toEqual({ paragraphs: ['Work beyond ACPO 2.4 with partners'], sources: ['ACPO 2.4'] });
    });

    it('lists a reference once however often it is cited', () => {
      expect(extractSources(['First. DOE Action Plan', 'DOE Action Plan'])).toEqual({ paragraphs: ['First.'], sources: ['DOE Action Plan'] });
    });

    it('does not take "ACPO Media Group" or "ACPO E-learning" for references', () => {
      const text = 'To devise a National Narrative/Key police messages that can be embedded at a force level. (ACPO Media Group)';
      expect(extractSources([text, 'ACPO E-learning'])).toEqual({ paragraphs: [text, 'ACPO E-learning'], sources: [] });
    });

    it('returns nothing for no paragraphs', () => {
      expect(extractSources([])).toEqual({ paragraphs: [], sources: [] });
    });
  });

  describe('duplicateOfRef', () => {
    it('reads "This action is effectively a duplicate of ACPO action 1.1" (Cheshire 1.5) as 1.1', () => {
      expect(duplicateOfRef("This action is effectively a duplicate of ACPO action 1.1. It has been included to ensure the OCC's actions are reflected")).toBe('1.1');
    });

    it('reads "it is captured under action 5.1" (Cheshire 5.2) as 5.1', () => {
      expect(duplicateOfRef('This activity is from the DOE action plan, it is captured under action 5.1')).toBe('5.1');
    });

    it('reads a mere cross-reference as no duplicate', () => {
      expect(duplicateOfRef("To raise awareness of the 'signs' checklist (see 1.4)")).toBeNull();
      expect(duplicateOfRef('The issue can be assessed as part of 1.3 (Quality Assurance Case Reviews)')).toBeNull();
    });
  });
});

import { describe, expect, it } from 'vitest';
import { parseSectionHeading, splitBareHeadingDescription } from '../../src/import/section-heading.js';

describe('section headings', () => {
  it.each([
    ['1. Multi Agency Partnerships;', { number: '1', label: null, title: 'Multi Agency Partnerships' }],
    ['2. LSCB Strategy:', { number: '2', label: null, title: 'LSCB Strategy' }],
    ['4. Awareness (These actions to be taken forward supported by a Task and Finish Group)', { number: '4', label: null, title: 'Awareness (These actions to be taken forward supported by a Task and Finish Group)' }],
    ['Priority 1', { number: '1', label: 'Priority', title: 'Priority 1' }],
    ['Objective 3: Early help', { number: '3', label: 'Objective', title: 'Early help' }],
    ['Section 4 - Awareness', { number: '4', label: 'Section', title: 'Awareness' }],
    ['Theme 2 – Voice of the child', { number: '2', label: 'Theme', title: 'Voice of the child' }],
    ['**Priority Two**', { number: '2', label: 'Priority', title: 'Priority Two' }],
    ['2) Data', { number: '2', label: null, title: 'Data' }],
  ])('reads "%s" as a section heading', (text, heading) => {
    expect(parseSectionHeading(text)).toEqual(heading);
  });

  it.each(['ACPO CSE Plan', '12. the next item is lower case', '2 pupils attended', `1. ${'A long sentence that happens to start with a number and runs on well past any heading '.repeat(2)}`])(
    'does not read "%s" as a heading',
    (text) => {
      expect(parseSectionHeading(text)).toBeNull();
    },
  );

  it('takes a bare heading\'s title from the words before " - " in the paragraph after it', () => {
    expect(splitBareHeadingDescription('Priority 1', 'Prevention, awareness raising and public confidence - All partners will ensure that ...')).toEqual({
      title: 'Prevention, awareness raising and public confidence',
      description: 'All partners will ensure that ...',
    });
  });

  it('keeps a titled heading\'s title and reads the whole paragraph after it as description', () => {
    expect(splitBareHeadingDescription('Multi Agency Partnerships', 'The LSCB must be informed - in writing - of arrangements.')).toEqual({
      title: 'Multi Agency Partnerships',
      description: 'The LSCB must be informed - in writing - of arrangements.',
    });
    expect(splitBareHeadingDescription('Priority 3', 'A paragraph without a dash.')).toEqual({ title: 'Priority 3', description: 'A paragraph without a dash.' });
  });
});

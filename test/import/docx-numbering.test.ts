import { describe, expect, it } from 'vitest';
import { importPlanBuffer } from '../../src/import/import-file.js';
import { convertWithLibreOffice, libreOfficeAvailable } from '../fixtures/libreoffice.js';
import { ADULT_PLAN, ADULT_PLAN_STARTING_AT_4 } from '../fixtures/real-plans/index.js';
import { fixtureBytes } from '../fixtures/real-plans/import-fixture.js';

/*
 * Word's automatic numbering checked against a reader no one here wrote: LibreOffice opens the same
 * .docx and writes it out as text with the numbers its layout shows. The section numbers and refs
 * the importer computed from numbering.xml must be those numbers, in the same order.
 */
const available = libreOfficeAvailable();

/** The numbers LibreOffice shows at the start of numbered lines ("1.", "1.1"), in order; lettered sub-steps left out. */
function shownNumbers(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => /^\s+(\d+(?:\.\d+)*)\.?(?:\s|$)/.exec(line)?.[1])
    .filter((n): n is string => n !== undefined);
}

describe.skipIf(!available)('automatic numbering, as LibreOffice shows it', () => {
  it.each([ADULT_PLAN, ADULT_PLAN_STARTING_AT_4])('numbers the sections and actions of the $name as LibreOffice does', async (fixture) => {
    const bytes = await fixtureBytes(fixture);
    const shown = shownNumbers(new TextDecoder().decode(await convertWithLibreOffice(bytes, { from: 'docx', to: 'txt' })));
    const { draft } = await importPlanBuffer(fixture.fileName, bytes);
    const read: string[] = [];
    draft.sections.forEach((section, i) => {
      if (section.number !== null) read.push(section.number);
      for (const action of draft.actions.filter((a) => a.sectionIndex === i)) read.push(action.ref);
    });
    expect(shown.length).toBeGreaterThan(0);
    expect(read).toEqual(shown);
  });
});

import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlanBuffer, importPlanFile } from '../../src/import/import-file.js';
import { GLOUCESTERSHIRE, sampleText } from './seed-plans.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-bad-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const withCell = (markup: string): string => sampleText(GLOUCESTERSHIRE).replace('Boys\' worker funded by Public health in Prospects.', markup);

describe('bad input to the importer', () => {
  it('refuses a 200 MB file without reading it', async () => {
    const file = join(dir, 'huge.txt');
    const handle = await open(file, 'w');
    await handle.truncate(200 * 1024 * 1024); // sparse: no 200 MB written
    await handle.close();
    await expect(importPlanFile(file)).rejects.toMatchObject({
      code: 'import_file_too_large',
      message: 'huge.txt: is 200 MB; a plan document is at most 20 MB, so it was not read',
    });
  });

  it('refuses a PDF, an old .doc and an image, saying which formats it reads', async () => {
    await expect(importPlanBuffer('plan.pdf', bytes('%PDF-1.7\n...'))).rejects.toMatchObject({ code: 'import_unknown_format', message: expect.stringMatching(/^plan\.pdf: is a PDF; .*expected a Word \.docx/) });
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    await expect(importPlanBuffer('plan.doc', ole)).rejects.toMatchObject({ message: expect.stringContaining('save it as .docx') });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await expect(importPlanBuffer('scan.png', png)).rejects.toMatchObject({ code: 'import_unknown_format', message: expect.stringContaining('scan.png: is an image') });
  });

  it('refuses a zip that is not a Word document and a file named .docx that is not one', async () => {
    await expect(importPlanBuffer('notes.docx', bytes('just some text'))).rejects.toMatchObject({ code: 'import_unknown_format', message: expect.stringContaining('notes.docx: is named .docx but is not a Word document') });
  });

  it('refuses a cell with a <script>, naming the line and column, and imports nothing', async () => {
    const attempt = importPlanBuffer('glos.txt', bytes(withCell('<script>alert(1)</script>done')));
    await expect(attempt).rejects.toMatchObject({
      code: 'import_unsafe_content',
      message: expect.stringMatching(/^glos\.txt, line 16, column "Progress: activity to date for this action": the cell contains <script>/),
    });
  });

  it('refuses event-handler attributes and javascript: links the same way', async () => {
    await expect(importPlanBuffer('glos.txt', bytes(withCell('<img src=x onerror=alert(1)>')))).rejects.toMatchObject({ code: 'import_unsafe_content', message: expect.stringContaining('onerror') });
    await expect(importPlanBuffer('glos.txt', bytes(withCell('<a href="javascript:alert(1)">link</a>')))).rejects.toMatchObject({ code: 'import_unsafe_content' });
  });

  it('turns harmless HTML in cells into text', async () => {
    const { draft } = await importPlanBuffer('glos.txt', bytes(withCell('<p>Boys&#39; worker <b>funded</b> &amp; <u>placed</u></p>')));
    expect(draft.actions[0]!.updates.map((u) => u.text)).toEqual(["Boys' worker funded & placed", "Targeted boys' groups looking at healthy relationships."]);
  });

  it('refuses an empty file and a missing one, naming them', async () => {
    await expect(importPlanBuffer('empty.txt', new Uint8Array())).rejects.toMatchObject({ message: 'empty.txt: is empty; expected a plan document' });
    await expect(importPlanFile(join(dir, 'nowhere.docx'))).rejects.toMatchObject({ code: 'import_unreadable_file', message: expect.stringContaining('nowhere.docx: cannot be read (ENOENT)') });
  });

  it('refuses a text file with no plan table', async () => {
    await expect(importPlanBuffer('minutes.txt', bytes('Board minutes\n\nPresent: the chair\n'))).rejects.toMatchObject({ code: 'import_no_plan_table', message: expect.stringContaining('minutes.txt: found no table of actions') });
  });

  it('reads a Windows-1252 text export (Word\'s "Save as text") without garbling dashes', async () => {
    const text = 'Plan 2018\n\n\tAction\tLead\tTimescale\tProgress\n1.1\tAudit\tJane Price\tMarch 2018\tJan 18 \u2013 audit started\n';
    const cp1252 = Uint8Array.from([...text].map((ch) => (ch === '\u2013' ? 0x96 : ch.charCodeAt(0))));
    const { draft } = await importPlanBuffer('plan.txt', cp1252);
    expect(draft.actions[0]!.updates[0]).toMatchObject({ date: '2018-01', text: 'Jan 18 – audit started' });
  });
});

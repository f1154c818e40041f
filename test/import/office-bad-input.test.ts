import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importPlanBuffer } from '../../src/import/import-file.js';
import { buildDocx } from '../fixtures/build-docx.js';
import { refusal } from './refusal.js';
import { docxBomb, xlsxBomb } from '../fixtures/zip-bomb.js';

/*
 * Word and Excel files a plan owner may pick by mistake, or that arrive damaged or hostile: each is
 * refused with what was wrong and where, before anything reaches the store (the store's side, all
 * or nothing, is in the CLI and contract tests).
 */

async function workbook(build: (book: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  build(book);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** The parts of a minimal workbook, with the one worksheet given. */
function workbookParts(sheetXml: string): Record<string, Uint8Array> {
  return {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
    '_rels/.rels': strToU8('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    'xl/workbook.xml': strToU8('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    'xl/_rels/workbook.xml.rels': strToU8('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    'xl/worksheets/sheet1.xml': strToU8(sheetXml),
  };
}

/** A compound file with an EncryptionInfo stream: the container Excel and Word save a password-protected file in. */
function encryptedContainer(): Uint8Array {
  const data = new Uint8Array(4096);
  data.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  const name = (text: string, at: number): void => {
    Array.from(text).forEach((ch, i) => {
      data[at + i * 2] = ch.charCodeAt(0);
    });
  };
  // Directory entries, 128 bytes each, in the sector after the header.
  name('Root Entry', 512);
  name('EncryptionInfo', 640);
  name('EncryptedPackage', 768);
  return data;
}

describe('Excel workbooks that are not plans, or not readable', () => {
  it('refuses a workbook with no sheet holding a plan header, naming the sheets it looked at', async () => {
    const data = await workbook((book) => {
      book.addWorksheet('Minutes').addRow(['Board minutes, 3 May']);
      book.addWorksheet('Budget').addRow(['Line', 'Amount']);
    });
    const err = await refusal('board.xlsx', data);
    expect(err.code).toBe('import_no_plan_table');
    expect(err.message).toContain('"Minutes", "Budget"');
    expect(err.message).toContain('Lead / Owner');
  });

  it('refuses a password-protected workbook, saying how to remove the password', async () => {
    const err = await refusal('plan.xlsx', encryptedContainer());
    expect(err.message).toContain('password-protected (encrypted)');
    expect(err.message).toContain('Protect Workbook');
  });

  it('refuses a sheet of 1,000,000 rows before loading the workbook, naming the sheet', async () => {
    const rows = Array.from({ length: 1_000_000 }, (_, i) => `<row r="${i + 1}"/>`).join('');
    const sheet = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
    const started = process.memoryUsage().rss;
    const err = await refusal('huge.xlsx', zipSync(workbookParts(sheet), { level: 1 }));
    expect(err.code).toBe('import_file_too_large');
    expect(err.message).toContain('sheet "Plan" has 1,000,000 rows; a plan has at most 50,000, so the workbook was not read');
    expect(err.at).toMatchObject({ file: 'huge.xlsx', sheet: 'Plan' });
    expect(process.memoryUsage().rss - started).toBeLessThan(1024 * 1024 * 1024);
  });

  it('refuses a file named .xlsx that is not a workbook', async () => {
    const err = await refusal('plan.xlsx', strToU8('Ref,Action\n1.1,Audit\n'));
    expect(err.message).toContain('is named .xlsx but is not an Excel workbook');
  });

  it('refuses a truncated workbook as damaged', async () => {
    const whole = await workbook((book) => book.addWorksheet('Plan').addRow(['Ref', 'Action', 'Lead', 'Timescale']));
    const err = await refusal('plan.xlsx', whole.subarray(0, Math.floor(whole.length / 2)));
    expect(err.code).toBe('import_unreadable_file');
  });
});

describe('Word documents that are damaged or hostile', () => {
  async function docxWith(replace: (parts: Record<string, Uint8Array>) => void): Promise<Uint8Array> {
    const { unzipSync } = await import('fflate');
    const parts = unzipSync(await buildDocx([{ kind: 'paragraph', text: 'Plan' }, { kind: 'table', rows: [[['Ref'], ['Action'], ['Lead'], ['Timescale']], [['1.1'], ['Audit'], ['Jo'], ['May 2024']]] }]));
    replace(parts);
    return zipSync(parts);
  }

  it('refuses a document with no word/document.xml', async () => {
    const err = await refusal('plan.docx', await docxWith((parts) => delete parts['word/document.xml']));
    expect(err.message).toContain('no word/document.xml');
  });

  it('refuses a numbering part that is not well-formed, naming it', async () => {
    const err = await refusal('plan.docx', await docxWith((parts) => (parts['word/numbering.xml'] = strToU8('<?xml version="1.0"?><w:numbering xmlns:w="x"><w:abstractNum'))));
    expect(err.at).toMatchObject({ file: 'plan.docx', part: 'word/numbering.xml' });
    expect(err.message).toContain('not well-formed XML');
  });

  it('reads a document whose numbering and styles parts are missing, without numbering', async () => {
    const data = await docxWith((parts) => {
      delete parts['word/numbering.xml'];
      delete parts['word/styles.xml'];
    });
    const { draft } = await importPlanBuffer('plan.docx', data);
    expect(draft.actions.map((a) => a.ref)).toEqual(['1.1']);
  });

  it('refuses a part that declares a DOCTYPE (external entities, entity expansion)', async () => {
    const err = await refusal(
      'plan.docx',
      await docxWith((parts) => (parts['word/styles.xml'] = strToU8('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><w:styles xmlns:w="x">&a;</w:styles>'))),
    );
    expect(err.at).toMatchObject({ part: 'word/styles.xml' });
    expect(err.message).toContain('DOCTYPE');
  });

  it('refuses a RAG cell shaded in a colour near no RAG colour when the plan has no key, naming the cell', async () => {
    const { Document, Packer, Paragraph, Table, TableCell, TableRow } = await import('docx');
    const cell = (text: string, fill?: string) => new TableCell({ children: [new Paragraph(text)], ...(fill && { shading: { fill } }) });
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph('Partnership plan'),
            new Table({
              rows: [
                new TableRow({ children: ['Ref', 'Action', 'Lead', 'Timescale', 'RAG'].map((h) => cell(h)) }),
                new TableRow({ children: [cell('1.1'), cell('Audit case files'), cell('Jo Smith'), cell('May 2024'), cell('', 'FF66CC')] }),
              ],
            }),
          ],
        },
      ],
    });
    const err = await refusal('pink.docx', new Uint8Array(await Packer.toBuffer(doc)));
    expect(err.code).toBe('import_unknown_colour');
    expect(err.message).toContain('FF66CC');
    expect(err.at).toMatchObject({ file: 'pink.docx', table: 1, row: 2, ref: '1.1', column: 'rag' });
  });

  it('refuses a zip bomb by the inflated size of its part, before it fills memory', async () => {
    const bomb = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': new Uint8Array(80 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(200 * 1024);
    const err = await refusal('bomb.docx', bomb);
    expect(err.message).toContain('expands to more than 64 MB');
    expect(err.at).toMatchObject({ part: 'word/document.xml' });
  });

  // The attack's own sizes: a 457 KB .docx expanding to 450 MB, a 4 MB one to 4 GB, and the same as
  // workbooks. Time and peak memory to refuse each are measured by `npm run bench` (Hostile files).
  it.each([
    ['a Word document', 'bomb-450mb.docx', () => docxBomb(450 * 2 ** 20), 'word/document.xml'],
    ['a Word document', 'bomb-4gb.docx', () => docxBomb(4 * 2 ** 30), 'word/document.xml'],
    ['a workbook', 'bomb-450mb.xlsx', () => xlsxBomb(450 * 2 ** 20), 'xl/worksheets/sheet1.xml'],
    ['a workbook', 'bomb-4gb.xlsx', () => xlsxBomb(4 * 2 ** 30), 'xl/worksheets/sheet1.xml'],
    // Parts only the workbook library reads after us: they are bounded before it ever sees them.
    ['a workbook', 'bomb-strings-4gb.xlsx', () => xlsxBomb(4 * 2 ** 30, 'xl/sharedStrings.xml'), 'xl/sharedStrings.xml'],
    ['a workbook', 'bomb-image-450mb.xlsx', () => xlsxBomb(450 * 2 ** 20, 'xl/media/image1.png'), 'xl/media/image1.png'],
  ])('refuses %s that expands to gigabytes (%s), naming the file and the part', async (_kind, fileName, build, part) => {
    const bomb = build();
    expect(bomb.length).toBeLessThan(5 * 1024 * 1024);
    const err = await refusal(fileName, bomb);
    expect(err.code).toBe('import_unreadable_file');
    expect(err.at).toEqual({ file: fileName, part });
    expect(err.message).toContain(`${part}, that expands to more than 64 MB`);
  });

  it('refuses a part of millions of tiny elements, which would take gigabytes as a tree, naming it', async () => {
    const paragraphs = '<w:p/>'.repeat(1_600_000);
    const xml = `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs}</w:body></w:document>`;
    const docx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8(xml) });
    const err = await refusal('paragraphs.docx', docx);
    expect(err.at).toEqual({ file: 'paragraphs.docx', part: 'word/document.xml' });
    expect(err.message).toContain('word/document.xml, of more than 1,500,000 XML elements');
  });
});

import { describe, expect, it } from 'vitest';
import { importPlanBuffer } from '../../src/import/import-file.js';
import { CHESHIRE, sampleText } from './seed-plans.js';

/*
 * A NUL byte has no place in a text plan (CSV or the text export): it means binary data or a file
 * saved in another encoding. It is refused wherever it stands, not only in the first 4 KB the
 * format is judged by, with the line it is on, and nothing is imported.
 */

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A CSV plan of `rows` actions, each row about 100 characters, so the file runs well past 4 KB. */
function csvPlan(rows: number): string[] {
  const lines = ['Ref,Action,Lead,Timescale,Progress,RAG'];
  for (let i = 1; i <= rows; i += 1) lines.push(`1.${i},Audit the case files of the partnership's members (round ${i}),Jane Price,March 2018,,Amber`);
  return lines;
}

describe('NUL bytes in a text plan', () => {
  it('refuses a NUL byte far past the first 4 KB of a CSV, naming its line', async () => {
    const lines = csvPlan(200);
    lines[150] = lines[150]!.replace('Jane Price', 'Jane\u0000Price');
    const csv = lines.join('\n');
    expect(csv.indexOf('\u0000')).toBeGreaterThan(4096 * 3);
    await expect(importPlanBuffer('plan.csv', bytes(csv))).rejects.toMatchObject({
      code: 'import_unreadable_file',
      message: expect.stringMatching(/^plan\.csv, line 151: holds a NUL byte/),
    });
  });

  it('names the physical line when a quoted cell runs over several lines before it', async () => {
    const lines = csvPlan(60);
    lines[1] = '1.1,"Audit the case files,\nthen report\nto the board",Jane Price,March 2018,,Amber';
    lines[59] = `${lines[59]!}\u0000`;
    await expect(importPlanBuffer('plan.csv', bytes(lines.join('\n')))).rejects.toMatchObject({ message: expect.stringMatching(/^plan\.csv, line 62: holds a NUL byte/) });
  });

  it('refuses one in the last line of a CSV with Windows line ends', async () => {
    const lines = csvPlan(80);
    const csv = `${lines.join('\r\n')}\r\n1.81,Last,Jane Price,May 2018,\u0000,Red\r\n`;
    await expect(importPlanBuffer('plan.csv', bytes(csv))).rejects.toMatchObject({ message: expect.stringMatching(/^plan\.csv, line 82: holds a NUL byte/) });
  });

  it('refuses one in the text export past its first 4 KB the same way', async () => {
    const lines = sampleText(CHESHIRE).split('\n');
    const at = lines.findIndex((line, i) => i > 40 && line.includes('\t'));
    lines[at] = lines[at]!.replace('\t', '\t\u0000');
    expect(lines.slice(0, at).join('\n').length).toBeGreaterThan(4096);
    await expect(importPlanBuffer('cheshire.txt', bytes(lines.join('\n')))).rejects.toMatchObject({
      code: 'import_unreadable_file',
      message: expect.stringMatching(new RegExp(`^cheshire\\.txt, line ${at + 1}: holds a NUL byte`)),
    });
  });
});

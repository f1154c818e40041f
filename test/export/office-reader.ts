import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A document read as an office suite reads it: LibreOffice headless converts it to PDF (a package
 * it cannot read fails the conversion rather than being repaired silently into something else),
 * then poppler's pdftotext gives the text a reader sees and pdftoppm a page as PNG.
 * `scripts/install-libreoffice.sh` installs both.
 */
const run = promisify(execFile);
const SOFFICE = process.env.PLAN_SOFFICE ?? '/usr/bin/soffice';

export function pdfToolsAvailable(): boolean {
  const here = existsSync(SOFFICE) && existsSync('/usr/bin/pdftotext') && existsSync('/usr/bin/pdftoppm');
  if (!here && process.env.CI === 'true') throw new Error('LibreOffice or poppler-utils missing; run `bash scripts/install-libreoffice.sh`');
  if (!here) console.warn('Export reader tests skipped: LibreOffice or poppler-utils missing; run `bash scripts/install-libreoffice.sh`');
  return here;
}

export interface ReadDocument {
  pdf: Uint8Array;
  pages: number;
  text: string;
}

/** The document converted to PDF by LibreOffice, with its page count and text. */
export async function readWithLibreOffice(bytes: Uint8Array, name: string): Promise<ReadDocument> {
  const work = await mkdtemp(join(tmpdir(), 'plan-export-'));
  try {
    const input = join(work, name);
    await writeFile(input, bytes);
    const { stderr } = await run(SOFFICE, [`-env:UserInstallation=file://${join(work, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', work, input], { timeout: 180_000 });
    const output = input.replace(/\.\w+$/, '.pdf');
    if (!existsSync(output)) throw new Error(`LibreOffice could not read ${name}: ${stderr}`);
    const info = (await run('pdfinfo', [output])).stdout;
    const text = (await run('pdftotext', ['-layout', '-enc', 'UTF-8', output, '-'], { maxBuffer: 64 * 1024 * 1024 })).stdout;
    return { pdf: new Uint8Array(await readFile(output)), pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0), text };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Page 1 of a PDF as a PNG at this path. */
export async function firstPagePng(pdf: Uint8Array, path: string, dpi = 80): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'plan-page-'));
  try {
    await writeFile(join(work, 'doc.pdf'), pdf);
    await run('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', join(work, 'doc.pdf'), join(work, 'page')]);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, await readFile(join(work, 'page.png')));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

import { readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The sample plans shipped in the repo (copies of the two reference plans), for the local demo. */
export const SAMPLES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../samples');

export async function samplePlanFiles(dir = SAMPLES_DIR): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((n) => /\.(txt|docx|xlsx|csv)$/i.test(n)).sort().map((n) => join(dir, n));
}

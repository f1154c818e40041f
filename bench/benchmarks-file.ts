import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

/** One measure of a BENCHMARKS.md table; `met` is null where the issue sets no target. */
export interface BenchRow {
  what: string;
  value: string;
  target: string;
  met: boolean | null;
}

export function benchMachine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
}

export function benchToday(): string {
  return new Date().toISOString().slice(0, 10);
}

export function benchTable(rows: readonly BenchRow[]): string {
  return ['| Measure | Result | Target | Met |', '| --- | --- | --- | --- |', ...rows.map((r) => `| ${r.what} | ${r.value} | ${r.target} | ${r.met === null ? '—' : r.met ? 'yes' : '**no**'} |`)].join('\n');
}

const NEW_FILE = '# Benchmarks\n\nFigures from `npm run bench` on the machine named in each section. Targets come from the issues; timings are medians.\n\n';

/** Replaces the section under `## heading` in BENCHMARKS.md (or adds it at the end); the other sections stay as they are. */
export async function writeBenchSection(root: string, heading: string, section: string): Promise<void> {
  const path = join(root, 'BENCHMARKS.md');
  const existing = existsSync(path) ? await readFile(path, 'utf8') : NEW_FILE;
  const escaped = heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const marker = new RegExp(`## ${escaped}\\n[\\s\\S]*?(?=\\n## |$)`);
  // A function as replacement: the section may hold "$" (as in "$batch"), which a string would expand.
  const updated = marker.test(existing) ? existing.replace(marker, () => section) : `${existing.trimEnd()}\n\n${section}`;
  await writeFile(path, `${updated.trimEnd()}\n`);
}

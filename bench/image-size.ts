/**
 * The container image's own layers (issue 18, "image size"): what the Dockerfile's runtime stage
 * copies onto its base, measured from this checkout as that stage assembles it: the production
 * node_modules (the packages `npm ls --omit=dev` lists, which are what `npm ci --omit=dev`
 * installs in the deps stage), the bundled server (`npm run build`), the built tab, package.json
 * and bin/. The base image (node:20-bookworm-slim) is not measured: no Docker engine or image
 * registry is reachable where this runs, so the bench says so rather than quote a figure it did not
 * see. Writes the "Container image" section of BENCHMARKS.md.
 *
 *   node bin/run-ts.js bench/image-size.ts
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ensureTabBuild } from '../scripts/ensure-tab-build.js';
import { benchMachine, benchTable, benchToday, writeBenchSection, type BenchRow } from './benchmarks-file.js';

const HEADING = 'Container image';
const ROOT = resolve(import.meta.dirname, '..');
const run = promisify(execFile);
const MB = 1024 * 1024;

/** Bytes of the files under DIR, not descending into SKIP (a package's own node_modules, listed on its own). */
function bytesUnder(dir: string, skip: (name: string) => boolean = () => false): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = bytesUnder(path, skip);
      bytes += inner.bytes;
      files += inner.files;
    } else if (entry.isFile()) {
      bytes += statSync(path).size;
      files += 1;
    }
  }
  return { bytes, files };
}

/** The production packages' folders, as npm resolves them from the lock file and node_modules. */
async function productionPackages(): Promise<string[]> {
  const { stdout } = await run('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, maxBuffer: 64 * MB });
  return [...new Set(stdout.split('\n').filter((line) => line.startsWith(join(ROOT, 'node_modules'))))];
}

export async function runImageSizeBench(root: string): Promise<void> {
  await run('npm', ['run', 'build'], { cwd: ROOT });
  ensureTabBuild(ROOT);
  const packages = await productionPackages();
  let modules = { bytes: 0, files: 0 };
  const heaviest: { name: string; bytes: number }[] = [];
  for (const dir of packages) {
    if (!existsSync(dir)) continue;
    const size = bytesUnder(dir, (name) => name === 'node_modules');
    modules = { bytes: modules.bytes + size.bytes, files: modules.files + size.files };
    heaviest.push({ name: dir.slice(join(ROOT, 'node_modules').length + 1), bytes: size.bytes });
  }
  const parts = [
    { what: `production node_modules (${packages.length} packages, ${modules.files} files)`, size: modules },
    { what: 'the bundled server, dist/ (`npm run build`)', size: bytesUnder(join(ROOT, 'dist'), (name) => name === 'app-package' || name.endsWith('.zip')) },
    { what: 'the built tab, tab/dist/', size: bytesUnder(join(ROOT, 'tab/dist')) },
    { what: 'package.json and bin/', size: { bytes: statSync(join(ROOT, 'package.json')).size + bytesUnder(join(ROOT, 'bin')).bytes, files: 0 } },
  ];
  const total = parts.reduce((sum, part) => sum + part.size.bytes, 0);
  const rows: BenchRow[] = parts.map((part) => ({ what: part.what, value: `${(part.size.bytes / MB).toFixed(1)} MB`, target: '—', met: null }));
  rows.push({ what: 'the runtime stage\'s own layers in all (what the image adds to node:20-bookworm-slim)', value: `${(total / MB).toFixed(1)} MB`, target: '—', met: null });
  const top = heaviest
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 6)
    .map((p) => `${p.name} ${(p.bytes / MB).toFixed(1)} MB`)
    .join(', ');
  const how =
    'Sizes on disk of the files the Dockerfile\'s runtime stage copies, measured from this checkout as that stage assembles them (the production packages are those `npm ls --omit=dev` lists, which `npm ci --omit=dev` installs). The base image is not measured here: this machine has no Docker engine and reaches no image registry, so the whole image\'s size is the base\'s (see `docker image ls` where it is built) plus the figure below.';
  const notes = `The heaviest production packages: ${top}. The tab's libraries (Fluent UI, React, Live Share and Fluid, teams-js) are development dependencies: Vite bundles them into tab/dist/ in the build stage, and the runtime stage does not carry them.`;
  const section = `## ${HEADING}\n\nMachine: ${benchMachine()}. Date: ${benchToday()}. Command: \`npm run bench\` (or \`node bin/run-ts.js bench/image-size.ts\`).\n\n${how}\n\n${benchTable(rows)}\n\n${notes}\n`;
  await writeBenchSection(root, HEADING, section);
  console.log(section);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await runImageSizeBench(ROOT);

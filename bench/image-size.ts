/**
 * The container image's own layers (issue 18, "image size"): what the Dockerfile's runtime stage
 * copies onto its base, measured from this checkout as that stage assembles it: the production
 * node_modules (the packages `npm ls --omit=dev` lists, which are what `npm ci --omit=dev`
 * installs in the deps stage), the bundled server (`npm run build`), the built tab, package.json
 * and bin/. The base image (node:20-bookworm-slim) is not measured: no Docker engine or image
 * registry is reachable where this runs. Where scripts/build-image-without-docker.sh has built the
 * image with buildah on a stand-in base, the sizes buildah reports are added. Writes the "Container
 * image" section of BENCHMARKS.md.
 *
 *   node bin/run-ts.js bench/image-size.ts
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
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

const BUILT_IMAGE = 'localhost/plan:local';
const STANDIN_BASE = 'localhost/node-bookworm-slim-standin:20';

/** The sizes buildah reports for the image scripts/build-image-without-docker.sh built, or null where it has not. */
async function builtImageSizes(): Promise<{ image: string; base: string; created: string } | null> {
  try {
    const { stdout } = await run('buildah', ['images', '--json']);
    const images = z.array(z.object({ names: z.array(z.string()).nullable(), size: z.string(), createdatraw: z.string() })).parse(JSON.parse(stdout));
    const named = (name: string) => images.find((image) => image.names?.includes(name));
    const image = named(BUILT_IMAGE);
    const base = named(STANDIN_BASE);
    return image && base ? { image: image.size, base: base.size, created: image.createdatraw.slice(0, 16).replace('T', ' ') } : null;
  } catch {
    return null;
  }
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
  const built = await builtImageSizes();
  if (built) {
    rows.push({ what: `the image built from the Dockerfile by scripts/build-image-without-docker.sh (buildah, ${built.created} UTC), as buildah reports it`, value: built.image, target: '—', met: null });
    rows.push({ what: 'its stand-in for node:20-bookworm-slim (Debian bookworm minbase and Node 20, with Node\'s headers)', value: built.base, target: '—', met: null });
  } else {
    rows.push({ what: 'the whole image: not built on this machine (scripts/build-image-without-docker.sh builds it with buildah)', value: '—', target: '—', met: null });
  }
  const top = heaviest
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 6)
    .map((p) => `${p.name} ${(p.bytes / MB).toFixed(1)} MB`)
    .join(', ');
  const how =
    'Sizes on disk of the files the Dockerfile\'s runtime stage copies, measured from this checkout as that stage assembles them (the production packages are those `npm ls --omit=dev` lists, which `npm ci --omit=dev` installs). This machine has no Docker engine and reaches no image registry, so node:20-bookworm-slim itself is not measured; scripts/build-image-without-docker.sh builds the Dockerfile with buildah on a stand-in base made the way the official one is, and its sizes are below where it has run.';
  const notes = `The heaviest production packages: ${top}. The tab's libraries (Fluent UI, React, Live Share and Fluid, teams-js) are development dependencies: Vite bundles them into tab/dist/ in the build stage, and the runtime stage does not carry them.`;
  const section = `## ${HEADING}\n\nMachine: ${benchMachine()}. Date: ${benchToday()}. Command: \`npm run bench\` (or \`node bin/run-ts.js bench/image-size.ts\`).\n\n${how}\n\n${benchTable(rows)}\n\n${notes}\n`;
  await writeBenchSection(root, HEADING, section);
  console.log(section);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await runImageSizeBench(ROOT);

/**
 * The Teams app package: manifest.json filled from the template, and the icons it names, at the
 * root of a zip (apps-package: "zip the files in the app package folder"). Validated before
 * anything is written, so a broken package never reaches disk.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { zipSync } from 'fflate';
import { fillTemplate, templateValues, type JsonValue } from './fill-template.js';
import { AppPackageError } from './manifest-problem.js';
import type { PackageSettings } from './package-settings.js';
import { validateAppPackage } from './validate-app-package.js';

export interface AppPackage {
  manifest: JsonValue;
  /** The schema version it was validated against ("1.17"). */
  manifestVersion: string;
  /** Every file of the package by name, manifest.json included. */
  files: Map<string, Buffer>;
}

function iconNames(manifest: JsonValue): string[] {
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) return [];
  const icons = manifest.icons;
  if (icons === undefined || icons === null || typeof icons !== 'object' || Array.isArray(icons)) return [];
  return Object.values(icons).filter((v): v is string => typeof v === 'string');
}

async function readIfPresent(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Fills and validates; throws AppPackageError listing every problem, each naming its field. */
export async function buildAppPackage(templatePath: string, settings: PackageSettings): Promise<AppPackage> {
  const template = JSON.parse(await readFile(templatePath, 'utf8')) as JsonValue;
  const { manifest, problems } = fillTemplate(template, templateValues(settings));
  if (problems.length > 0) throw new AppPackageError(problems, templatePath);

  const files = new Map<string, Buffer>();
  for (const name of iconNames(manifest)) {
    // Icon paths are relative to the template; the package keeps the same relative names.
    if (name.includes('..') || name.startsWith('/')) continue; // the rules below report it as missing
    const file = await readIfPresent(join(dirname(templatePath), name));
    if (file) files.set(name, file);
  }
  const found = validateAppPackage(manifest, files);
  if (found.length > 0) throw new AppPackageError(found, 'manifest.json');
  files.set('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  const manifestVersion = manifest !== null && typeof manifest === 'object' && !Array.isArray(manifest) ? String(manifest.manifestVersion) : '';
  return { manifest, manifestVersion, files };
}

// A fixed timestamp and order make the same inputs give the same zip, byte for byte.
const ZIP_MTIME = new Date('2026-01-01T00:00:00Z');

export function zipAppPackage(pkg: AppPackage): Uint8Array {
  const names = [...pkg.files.keys()].sort((a, b) => (a === 'manifest.json' ? -1 : b === 'manifest.json' ? 1 : a.localeCompare(b)));
  return zipSync(Object.fromEntries(names.map((n) => [n, new Uint8Array(pkg.files.get(n)!)])), { level: 9, mtime: ZIP_MTIME });
}

/** Writes the package as a folder (to inspect or sideload by hand) and as the zip Teams uploads. */
export async function writeAppPackage(pkg: AppPackage, out: { dir: string; zipPath: string }): Promise<void> {
  await rm(out.dir, { recursive: true, force: true });
  await mkdir(out.dir, { recursive: true });
  for (const [name, file] of pkg.files) {
    await mkdir(dirname(join(out.dir, name)), { recursive: true });
    await writeFile(join(out.dir, name), file);
  }
  await mkdir(dirname(out.zipPath), { recursive: true });
  await writeFile(out.zipPath, zipAppPackage(pkg));
}

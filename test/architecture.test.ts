import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
/** Libraries of pure computation the domain may use: parsing (zod), colour distance (culori). */
const PURE_LIBRARIES = new Set(['zod', 'culori']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/gm), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
}

describe('architecture', () => {
  const domain = sourceFiles(join(root, 'src/plan'));

  it('keeps the domain free of every adapter: only other domain files and pure libraries', () => {
    const offending = domain.flatMap((file) =>
      importsOf(file)
        .filter((spec) => (spec.startsWith('.') ? !spec.startsWith('./') : !PURE_LIBRARIES.has(spec)))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it('keeps the clock out of the domain: time is passed in', () => {
    const offending = domain.filter((file) => /\bDate\.now\(|new Date\(\s*\)/.test(readFileSync(file, 'utf8'))).map((f) => relative(root, f));
    expect(offending).toEqual([]);
  });

  it('has no TypeScript any in the sources', () => {
    const files = ['src', 'bot'].flatMap((d) => {
      try {
        return sourceFiles(join(root, d));
      } catch {
        return [];
      }
    });
    const offending = files.filter((file) => /(:\s*any\b|as any\b|<any>)/.test(readFileSync(file, 'utf8'))).map((f) => relative(root, f));
    expect(offending).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryPaths, measureBundle, staticImports } from '../../bench/tab-bundle.js';
import { builtTabDir } from '../browser/browser-harness.js';

// Vite's output shape: an entry that imports a shared chunk statically and a view lazily.
const FILES: Record<string, string> = {
  'index.html':
    '<!doctype html><html><head><script type="module" crossorigin src="/tab/assets/index-a1.js"></script>' +
    '<link rel="modulepreload" crossorigin href="/tab/assets/react-b2.js"><link rel="stylesheet" crossorigin href="/tab/assets/index-c3.css"></head><body></body></html>',
  'assets/index-a1.js': 'import{r as e}from"./react-b2.js";import"./runtime-d4.js";const s=()=>import("./stage-e5.js");e(s);',
  'assets/react-b2.js': 'export*from"./runtime-d4.js";export const r=f=>f;',
  'assets/runtime-d4.js': 'export const x=1;'.repeat(50),
  'assets/stage-e5.js': 'import{r}from"./react-b2.js";export default "a lazily loaded view";'.repeat(20),
  'assets/index-c3.css': 'body{margin:0}',
};

let dist: string;
beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'plan-bundle-'));
  for (const [path, text] of Object.entries(FILES)) {
    await mkdir(join(dist, path, '..'), { recursive: true });
    await writeFile(join(dist, path), text);
  }
});
afterAll(async () => {
  await rm(dist, { recursive: true, force: true });
});

describe('tab bundle size', () => {
  it('reads the entry script, modulepreloads and stylesheets from index.html, without the base', () => {
    expect(entryPaths(FILES['index.html']!, '/tab/')).toEqual(['assets/index-a1.js', 'assets/react-b2.js', 'assets/index-c3.css']);
  });

  it('follows static imports and re-exports, not import()', () => {
    expect(staticImports(FILES['assets/index-a1.js']!)).toEqual(['./react-b2.js', './runtime-d4.js']);
    expect(staticImports(FILES['assets/react-b2.js']!)).toEqual(['./runtime-d4.js']);
  });

  it('counts the initial load once per file, gzipped, and leaves lazy chunks out of it', () => {
    const size = measureBundle(dist);
    expect(size.initial.map((f) => f.path).sort()).toEqual(['assets/index-a1.js', 'assets/index-c3.css', 'assets/react-b2.js', 'assets/runtime-d4.js', 'index.html']);
    const expected = ['index.html', 'assets/index-a1.js', 'assets/react-b2.js', 'assets/runtime-d4.js', 'assets/index-c3.css'].reduce((sum, p) => sum + gzipSync(FILES[p]!).length, 0);
    expect(size.initialGzip).toBe(expected);
    expect(size.allFiles).toBe(5);
    expect(size.allGzip).toBeGreaterThan(size.initialGzip - gzipSync(FILES['index.html']!).length);
  });

  it('says which file is missing when index.html names one the build lacks', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'plan-bundle-broken-'));
    await writeFile(join(broken, 'index.html'), '<script type="module" src="/tab/assets/gone-f6.js"></script>');
    expect(() => measureBundle(broken)).toThrow('tab/dist/index.html names assets/gone-f6.js, which the build does not contain');
    await rm(broken, { recursive: true, force: true });
  });
});

describe('the tab as built', () => {
  it('loads under 300 KB gzipped at first, with Live Share and Fluid only in what a meeting loads later', () => {
    const size = measureBundle(builtTabDir());
    expect(size.initialGzip).toBeLessThan(300 * 1024);
    const dist = builtTabDir();
    const liveShare = size.initial.filter((file) => /\.m?js$/.test(file.path) && /LiveShareClient|@fluidframework\//.test(readFileSync(join(dist, file.path), 'latin1')));
    expect(liveShare.map((file) => file.path)).toEqual([]);
  }, 300_000);
});

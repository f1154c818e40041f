/**
 * What a first visit to the tab downloads: index.html, its entry module, every module that entry
 * imports statically (recursively), the modulepreloads and the stylesheets. Lazy chunks (import())
 * are not part of the initial load. Sizes are gzipped with node:zlib at its default level, as a
 * compressing server or CDN would send them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Parser } from 'htmlparser2';

export interface BundleFile {
  /** Path inside the build, e.g. assets/index-3f2a9c1d.js. */
  path: string;
  bytes: number;
  gzipBytes: number;
  /** Brotli at quality 11: what src/server/compressed-assets.ts sends to browsers that accept it. */
  brotliBytes: number;
}

export interface BundleSize {
  initial: BundleFile[];
  initialGzip: number;
  initialBrotli: number;
  /** Every .js and .css file of the build, initial or lazy. */
  allGzip: number;
  allFiles: number;
}

function gz(file: Buffer): number {
  return gzipSync(file).length;
}

function br(file: Buffer): number {
  return brotliCompressSync(file, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
}

/** URLs of the initial load named by index.html, as paths inside the build (base stripped). */
export function entryPaths(indexHtml: string, base: string): string[] {
  const out: string[] = [];
  const local = (url: string | undefined) => {
    if (!url || /^[a-z]+:/i.test(url) || url.startsWith('//')) return;
    const path = url.startsWith(base) ? url.slice(base.length) : url.replace(/^\.?\//, '');
    out.push(path.split(/[?#]/)[0]!);
  };
  const parser = new Parser({
    onopentag(name, attrs) {
      if (name === 'script' && attrs.src) local(attrs.src);
      if (name === 'link' && /(^|\s)(modulepreload|stylesheet|preload)(\s|$)/.test(attrs.rel ?? '')) local(attrs.href);
    },
  });
  parser.write(indexHtml);
  parser.end();
  return out;
}

// `import"./x.js"`, `import{a}from"./x.js"`, `export*from"./x.js"`: static, relative. `import("./x.js")` is lazy.
const STATIC_IMPORT = /(?:\bfrom\s*|\bimport\s*)["'](\.{1,2}\/[^"']+)["']/g;

export function staticImports(code: string): string[] {
  return [...code.matchAll(STATIC_IMPORT)].map((m) => m[1]!);
}

export function measureBundle(distDir: string, base = '/tab/'): BundleSize {
  const indexPath = join(distDir, 'index.html');
  const html = readFileSync(indexPath);
  const seen = new Set<string>();
  const initial: BundleFile[] = [{ path: 'index.html', bytes: html.length, gzipBytes: gz(html), brotliBytes: br(html) }];
  const queue = entryPaths(html.toString('utf8'), base);
  while (queue.length > 0) {
    const path = posix.normalize(queue.shift()!);
    if (seen.has(path)) continue;
    seen.add(path);
    const full = join(distDir, path);
    if (!existsSync(full)) throw new Error(`tab/dist/index.html names ${path}, which the build does not contain`);
    const file = readFileSync(full);
    initial.push({ path, bytes: file.length, gzipBytes: gz(file), brotliBytes: br(file) });
    if (/\.m?js$/.test(path)) queue.push(...staticImports(file.toString('utf8')).map((rel) => posix.join(posix.dirname(path), rel)));
  }
  const assets = existsSync(join(distDir, 'assets')) ? listFiles(join(distDir, 'assets')).filter((f) => /\.(m?js|css)$/.test(f)) : [];
  return {
    initial,
    initialGzip: initial.reduce((sum, f) => sum + f.gzipBytes, 0),
    initialBrotli: initial.reduce((sum, f) => sum + f.brotliBytes, 0),
    allGzip: assets.reduce((sum, f) => sum + gz(readFileSync(f)), 0),
    allFiles: assets.length,
  };
}

/** Every file under dir, recursively. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
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

/**
 * Which folder may import which: the domain at the bottom; the adapters (config, concurrency,
 * graph, auth, store, import, leads) above it; the use cases (service) above those; the surfaces
 * (bot, server, cli) above them; the composition root (app) on top. An arrow not listed here, such as
 * one running back up, fails the test: add it only if the layering in docs/architecture.md allows it.
 */
const ALLOWED_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  'src/plan': [],
  'src/config': ['src/plan'],
  'src/concurrency': [],
  // A meeting simulated in local mode: the local Fluid service and what Teams would know of the meeting.
  'src/local-meeting': [],
  'src/graph': ['src/plan', 'src/config'],
  'src/auth': ['src/plan', 'src/config'],
  'src/store': ['src/plan', 'src/config', 'src/concurrency', 'src/graph', 'src/auth'],
  'src/import': ['src/plan', 'src/config'],
  // The plan back out: Word, CSV, Excel, the annual report and the digest, from the domain's shapes.
  'src/export': ['src/plan'],
  'src/leads': ['src/plan', 'src/config', 'src/graph', 'src/auth', 'src/store'],
  'src/service': ['src/plan', 'src/config', 'src/store', 'src/import', 'src/export'],
  // The bot answers HTTP in the server's error shape and hands it its endpoint (BotEndpoint).
  bot: ['src/plan', 'src/config', 'src/concurrency', 'src/graph', 'src/auth', 'src/store', 'src/leads', 'src/service', 'src/server', 'src/export'],
  'src/server': ['src/plan', 'src/config', 'src/graph', 'src/auth', 'src/store', 'src/import', 'src/service', 'src/local-meeting', 'src/export'],
  'src/cli': ['src/plan', 'src/config', 'src/graph', 'src/auth', 'src/store', 'src/import', 'src/leads', 'src/service', 'bot', 'src/export'],
  'src/app': ['src/plan', 'src/config', 'src/concurrency', 'src/local-meeting', 'src/export', 'src/graph', 'src/auth', 'src/store', 'src/import', 'src/leads', 'src/service', 'bot', 'src/server', 'src/cli'],
};

/** The layer a file is in: bot, or src/<folder>. */
function layerOf(file: string): string {
  const [top, second] = relative(root, file).split(sep);
  return top === 'bot' ? 'bot' : `${top}/${second}`;
}

function layerImports(): { from: string; to: string; file: string }[] {
  const files = ['src', 'bot'].flatMap((dir) => sourceFiles(join(root, dir)));
  return files.flatMap((file) =>
    importsOf(file)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => ({ from: layerOf(file), to: layerOf(resolve(dirname(file), spec)), file: relative(root, file) }))
      .filter(({ from, to }) => from !== to),
  );
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

  it('has a row in the allowed-imports table for every folder of src and for bot', () => {
    const layers = new Set(['src', 'bot'].flatMap((dir) => sourceFiles(join(root, dir))).map(layerOf));
    expect([...layers].filter((layer) => !(layer in ALLOWED_IMPORTS))).toEqual([]);
  });

  it('imports only down the layers, as the allowed-imports table says', () => {
    const offending = layerImports()
      .filter(({ from, to }) => !(ALLOWED_IMPORTS[from] ?? []).includes(to))
      .map(({ file, to }) => `${file} imports from ${to}`);
    expect([...new Set(offending)]).toEqual([]);
  });

  it('has no cycle between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const { from, to } of layerImports()) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    const cycles: string[] = [];
    const visit = (layer: string, path: string[]): void => {
      if (path.includes(layer)) {
        cycles.push([...path.slice(path.indexOf(layer)), layer].join(' -> '));
        return;
      }
      for (const next of edges.get(layer) ?? []) visit(next, [...path, layer]);
    };
    for (const layer of edges.keys()) visit(layer, []);
    expect(cycles).toEqual([]);
  });

  it('reads the environment in the composition root only', () => {
    const readers = ['src', 'bot']
      .flatMap((dir) => sourceFiles(join(root, dir)))
      .filter((file) => layerOf(file) !== 'src/app')
      // SQLITE_USE_URI is better-sqlite3's own switch, set (not read) before it opens a file.
      .filter((file) => /process\.env\b(?!\.SQLITE_USE_URI \?\?=)/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(readers).toEqual([]);
  });

  it.each([
    // Gets no releases: our HTTP pipeline is the one place that builds on it.
    ['@microsoft/microsoft-graph-client', ['@microsoft/microsoft-graph-client'], 'src/graph/graph-http.ts'],
    // Archived upstream: the Teams SDK or the Agents SDK replaces bot/conversation/botbuilder-adapter.ts alone.
    // botbuilder's own parts (botbuilder-core, botframework-schema, botframework-connector) count as botbuilder.
    ['botbuilder', ['botbuilder', 'botbuilder-', 'botframework-'], 'bot/conversation/botbuilder-adapter.ts'],
  ] as const)('keeps %s behind its one adapter, so its successor replaces one place', (_library, prefixes, adapter) => {
    const fromLibrary = (spec: string): boolean => prefixes.some((prefix) => (prefix.endsWith('-') ? spec.startsWith(prefix) : spec === prefix || spec.startsWith(`${prefix}/`)));
    const importers = ['src', 'bot', 'scripts', 'bench']
      .flatMap((dir) => sourceFiles(join(root, dir)))
      .filter((file) => importsOf(file).some(fromLibrary))
      .map((file) => relative(root, file).split(sep).join('/'));
    expect(importers).toEqual([adapter]);
  });
});

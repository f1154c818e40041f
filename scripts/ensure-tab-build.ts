/**
 * Run by `npm start` before the server: builds the tab (tab/ -> tab/dist) when the build is missing
 * or older than its sources, so a fresh clone serves a working tab and an edited tab is never
 * served stale. Does nothing when the build is current.
 *
 *   node bin/run-ts.js scripts/ensure-tab-build.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// What the build reads: the sources, the page, the Vite config, and the dependencies it bundles.
const SOURCES = ['tab/src', 'tab/index.html', 'tab/public', 'tab/vite.config.ts', 'tab/tsconfig.json', 'package-lock.json'];

function newestFile(path: string): { path: string; mtimeMs: number } | null {
  if (!existsSync(path)) return null;
  const stat = statSync(path);
  if (!stat.isDirectory()) return { path, mtimeMs: stat.mtimeMs };
  let newest: { path: string; mtimeMs: number } | null = null;
  for (const name of readdirSync(path)) {
    if (/\.test\.tsx?$/.test(name)) continue; // tests are not in the build
    const found = newestFile(join(path, name));
    if (found && (!newest || found.mtimeMs > newest.mtimeMs)) newest = found;
  }
  return newest;
}

/** Why the tab must be built now, or null when tab/dist is current (or there is no tab to build). */
export function tabBuildReason(root: string): string | null {
  if (!existsSync(join(root, 'tab', 'src')) && !existsSync(join(root, 'tab', 'index.html'))) return null;
  const index = join(root, 'tab', 'dist', 'index.html');
  if (!existsSync(index)) return 'tab/dist is missing';
  const built = statSync(index).mtimeMs;
  for (const source of SOURCES) {
    const newest = newestFile(join(root, source));
    if (newest && newest.mtimeMs > built) return `${relative(root, newest.path)} changed since the last build`;
  }
  return null;
}

/** The build command: the project's build:tab script when it has one, else Vite directly. */
export function tabBuildCommand(root: string): { command: string; args: string[] } {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  if (pkg.scripts?.['build:tab']) return { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', args: ['run', '--silent', 'build:tab'] };
  return { command: process.execPath, args: [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'tab/vite.config.ts'] };
}

/**
 * Builds the tab if its build is missing or stale; returns why it built, or null. Several test
 * workers may ask at once: a lock directory makes one build while the others wait for it.
 */
export function ensureTabBuild(root: string, log: (line: string) => void = console.log): string | null {
  const lock = join(root, 'tab', '.build-lock');
  const waitUntil = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock older than any build is left by a killed process.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 5 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > waitUntil) throw new Error(`tab: another build has held ${lock} for 5 minutes; remove it if no build is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    const reason = tabBuildReason(root);
    if (reason === null) return null;
    if (!existsSync(join(root, 'node_modules', 'vite'))) {
      throw new Error(`tab: ${reason}, and Vite is not installed: run \`npm install\` (the tab builds with the dev dependencies)`);
    }
    log(`tab: ${reason}; building it (tab/ -> tab/dist)`);
    const started = performance.now();
    const { command, args } = tabBuildCommand(root);
    const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) {
      throw new Error(`tab: the build failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}); not serving a stale or missing tab`);
    }
    log(`tab: built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return reason;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function main(): void {
  const root = resolve(import.meta.dirname, '..');
  try {
    ensureTabBuild(root);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
  if (!existsSync(join(root, 'tab', 'dist', 'index.html'))) console.log('tab: no tab sources in tab/; serving the API only');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureTabBuild, tabBuildCommand, tabBuildReason } from '../../scripts/ensure-tab-build.js';

const repo = join(import.meta.dirname, '../..');

let root: string;
const at = (iso: string) => new Date(iso);

async function file(path: string, when: string, text = 'x'): Promise<void> {
  await mkdir(join(root, path, '..'), { recursive: true });
  await writeFile(join(root, path), text);
  await utimes(join(root, path), at(when), at(when));
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'plan-ensure-tab-'));
  await writeFile(join(root, 'package.json'), JSON.stringify({ scripts: { start: 'node bin/plan.js serve' } }));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('npm start builds the tab when needed', () => {
  it('builds on a fresh clone, where tab/dist does not exist', async () => {
    await file('tab/src/main.tsx', '2026-11-20T10:00:00Z');
    expect(tabBuildReason(root)).toBe('tab/dist is missing');
  });

  it('rebuilds when a source file is newer than the build, naming it', async () => {
    await file('tab/dist/index.html', '2026-11-21T10:00:00Z');
    await file('tab/src/main.tsx', '2026-11-20T10:00:00Z');
    await file('tab/src/views/PlanView.tsx', '2026-11-22T10:00:00Z');
    expect(tabBuildReason(root)).toBe(join('tab', 'src', 'views', 'PlanView.tsx') + ' changed since the last build');
  });

  it('rebuilds when the Vite config changed', async () => {
    await file('tab/dist/index.html', '2026-11-21T10:00:00Z');
    await file('tab/src/main.tsx', '2026-11-20T10:00:00Z');
    await file('tab/vite.config.ts', '2026-11-22T10:00:00Z');
    expect(tabBuildReason(root)).toBe(join('tab', 'vite.config.ts') + ' changed since the last build');
  });

  it('does nothing when the build is newer than every source', async () => {
    await file('tab/src/main.tsx', '2026-11-20T10:00:00Z');
    await file('tab/index.html', '2026-11-20T10:00:00Z');
    await file('tab/dist/index.html', '2026-11-21T10:00:00Z');
    expect(tabBuildReason(root)).toBeNull();
  });

  it('ignores test files, which are not part of the build', async () => {
    await file('tab/src/main.tsx', '2026-11-20T10:00:00Z');
    await file('tab/dist/index.html', '2026-11-21T10:00:00Z');
    await file('tab/src/views/PlanView.test.tsx', '2026-11-22T10:00:00Z');
    expect(tabBuildReason(root)).toBeNull();
  });

  it('does nothing when there is no tab to build', () => {
    expect(tabBuildReason(root)).toBeNull();
  });

  it("uses the project's build:tab script when there is one, else Vite with the tab's config", async () => {
    expect(tabBuildCommand(root)).toEqual({ command: process.execPath, args: [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'tab/vite.config.ts'] });
    await writeFile(join(root, 'package.json'), JSON.stringify({ scripts: { 'build:tab': 'vite build --config tab/vite.config.ts' } }));
    expect(tabBuildCommand(root).args).toEqual(['run', '--silent', 'build:tab']);
  });
});

describe('building the tab', () => {
  // A stand-in build:tab script: slow enough to overlap, and it counts how often it ran.
  const BUILD = "node -e \"const f=require('fs');f.appendFileSync('builds.log','built\\n');setTimeout(()=>{f.mkdirSync('tab/dist',{recursive:true});f.writeFileSync('tab/dist/index.html','<!doctype html>')},800)\"";

  beforeEach(async () => {
    await writeFile(join(root, 'package.json'), JSON.stringify({ scripts: { 'build:tab': BUILD } }));
    await mkdir(join(root, 'node_modules', 'vite'), { recursive: true });
    await file('tab/src/main.tsx', '2026-11-20T10:00:00Z');
  });

  it('builds once when several test workers ask at the same time, and then not again', async () => {
    const run = promisify(execFile);
    const worker = `import { ensureTabBuild } from ${JSON.stringify(join(repo, 'scripts', 'ensure-tab-build.ts'))}; console.log(ensureTabBuild(${JSON.stringify(root)}, () => {}) ?? 'current');`;
    const script = join(root, 'worker.mts');
    await writeFile(script, worker);
    const results = await Promise.all([1, 2, 3].map(() => run(process.execPath, [join(repo, 'bin', 'run-ts.js'), script], { cwd: root })));
    expect(results.map((r) => r.stdout.trim()).sort()).toEqual(['current', 'current', 'tab/dist is missing']);
    expect(await readFile(join(root, 'builds.log'), 'utf8')).toBe('built\n');
    expect(existsSync(join(root, 'tab', '.build-lock'))).toBe(false);
    expect(ensureTabBuild(root, () => {})).toBeNull();
  });

  it('fails with the reason when the build fails, and releases the lock', async () => {
    await writeFile(join(root, 'package.json'), JSON.stringify({ scripts: { 'build:tab': 'node -e "process.exit(3)"' } }));
    expect(() => ensureTabBuild(root, () => {})).toThrow(/^tab: the build failed \(exit 3\)/);
    expect(existsSync(join(root, 'tab', '.build-lock'))).toBe(false);
  });
});

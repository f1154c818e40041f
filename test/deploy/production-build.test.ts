/**
 * The production build (`npm run build`, scripts/build-server.ts) as production runs it: the
 * bundle's entry and chunks, with the packages outside it from node_modules. The rest of the suite
 * runs the TypeScript sources; this is where the build itself is held to the same behaviour:
 * commands that work, a command loading only what it needs, and a server that answers.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../scripts/build-server.js';
import { moduleRecorder, packagesLoaded } from '../cli/module-recorder.js';
import { planCli, ROOT } from '../cli/run-plan.js';
import { freeLoopbackPort } from '../../src/local-meeting/fluid-service.js';

let out: string;
let main: string;
let imported: string[];

beforeAll(async () => {
  // Inside the project, as dist/ is: the packages left outside the bundle resolve from its node_modules.
  await mkdir(join(ROOT, 'test-results'), { recursive: true });
  out = await mkdtemp(join(ROOT, 'test-results', 'build-'));
  ({ packages: imported } = await buildServer(ROOT, out));
  main = join(out, 'src/app/main.js');
}, 60_000);
afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});


describe('the production build', () => {
  it('is an entry with its chunks and the sample plans, where bin/plan.js looks for it', () => {
    expect(existsSync(main)).toBe(true);
    expect(existsSync(join(out, 'samples', 'gloucestershire-cse-2017-18.txt'))).toBe(true);
  });

  it('imports from node_modules only production dependencies, which the container image installs', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(imported).toEqual(expect.arrayContaining(['better-sqlite3', 'botbuilder', 'express', '@azure/msal-node']));
    expect(imported.filter((name) => !(name in pkg.dependencies))).toEqual([]);
    // What the bundle carries is not imported from outside it.
    expect(imported.filter((name) => ['zod', 'commander', 'croner'].includes(name))).toEqual([]);
  });

  it('imports a plan into SQLite, lists and shows it, loading neither MSAL, Graph, the bot nor Express', async () => {
    const db = join(out, 'plans.db');
    const log = join(out, 'modules.txt');
    const plan = planCli(db, { NODE_OPTIONS: `--import=${moduleRecorder(log)}` }, main);
    const imported = await plan('import', join(ROOT, 'samples/pan-cheshire-cse-2013.txt'));
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain('Imported');
    const listed = await plan('plans');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/Pan Cheshire/i);
    const shown = await plan('show', '--json');
    expect(shown.code).toBe(0);
    expect((JSON.parse(shown.stdout) as { ref: string }[]).map((a) => a.ref)).toContain('5.6');

    const urls = (await readFile(log, 'utf8')).trim().split('\n');
    const packages = packagesLoaded(urls);
    expect(['@azure/msal-node', '@microsoft/microsoft-graph-client', 'botbuilder', 'express'].filter((name) => packages.has(name))).toEqual([]);
    // zod is inside the bundle; SQLite, native, is not.
    expect(packages.has('zod')).toBe(false);
    expect(packages.has('better-sqlite3')).toBe(true);
    expect(urls.every((url) => !url.endsWith('.ts'))).toBe(true);
    expect(urls.some((url) => url.startsWith(pathToFileURL(out).href))).toBe(true);
  }, 60_000);

  it('refuses bad input with the words the sources give it', async () => {
    const plan = planCli(join(out, 'refused.db'), {}, main);
    const missing = await plan('import', join(out, 'no-such-plan.docx'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no-such-plan.docx: cannot be read (ENOENT); check the path');
    await plan('import', join(ROOT, 'samples/pan-cheshire-cse-2013.txt'));
    const format = await plan('export', '--format', 'pdf');
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format pdf is not available; use json, docx, csv or xlsx');
  });

  it('serves: /api/health answers, and the plans are read from SQLite', async () => {
    const db = join(out, 'serve.db');
    await planCli(db, {}, main)('import', join(ROOT, 'samples/gloucestershire-cse-2017-18.txt'));
    const port = await freeLoopbackPort();
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of Object.keys(env)) if (/^(GRAPH_|SHAREPOINT_|BOT_|PLAN_STORE$)/.test(name)) delete env[name];
    const child = spawn(process.execPath, [main, '--db', db, 'serve', '--port', String(port)], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
    try {
      const until = Date.now() + 30_000;
      let health: Response | null = null;
      while (!health?.ok) {
        if (child.exitCode !== null || Date.now() > until) throw new Error(`plan serve did not answer: ${stderr}`);
        health = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null);
        if (!health?.ok) await new Promise((wait) => setTimeout(wait, 50));
      }
      const plans = (await (await fetch(`http://127.0.0.1:${port}/api/plans`)).json()) as { title: string }[];
      expect(plans.map((p) => p.title).join()).toMatch(/Gloucestershire/);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 60_000);
});

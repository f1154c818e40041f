import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_ENV_VARIABLES } from '../../src/auth/auth-config.js';
import { moduleRecorder, packagesLoaded } from './module-recorder.js';
import { ROOT } from './run-plan.js';

const run = promisify(execFile);

/** The adapters a listing or a query on SQLite has no use for; each took a large share of the old two-second start. */
const NOT_FOR_LOCAL_QUERIES = ['@azure/msal-node', '@microsoft/microsoft-graph-client', 'botbuilder', 'express'] as const;
/** ...and what `--help` needs even less. */
const NOT_FOR_HELP = [...NOT_FOR_LOCAL_QUERIES, 'docx', 'exceljs', 'better-sqlite3', '@microsoft/live-share'] as const;

let dir: string;
let db: string;
let runs = 0;

/** `plan ARGS` as run-plan.ts runs it (local mode, the sources through tsx), and the packages and files it loaded. */
async function loaded(...args: string[]): Promise<{ stdout: string; urls: string[]; packages: Set<string> }> {
  const log = join(dir, `modules-${(runs += 1)}.txt`);
  const env: NodeJS.ProcessEnv = { ...process.env, COLUMNS: '160' };
  for (const name of [...AUTH_ENV_VARIABLES, 'PLAN_STORE', 'PLAN_TEAMS_CATALOG_APP_ID']) delete env[name];
  const { stdout } = await run(process.execPath, ['--import', moduleRecorder(log), join(ROOT, 'bin/plan.js'), '--db', db, ...args], { cwd: ROOT, env });
  const urls = (await readFile(log, 'utf8')).trim().split('\n');
  return { stdout, urls, packages: packagesLoaded(urls) };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-lazy-'));
  db = join(dir, 'plans.db');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the command line loads what a command needs', () => {
  it('runs the TypeScript sources under the test runner, whatever dist/ holds', async () => {
    const { urls } = await loaded('--help');
    expect(urls.some((url) => url.endsWith('/src/app/main.ts'))).toBe(true);
    const build = `${pathToFileURL(join(ROOT, 'dist')).href}/`;
    expect(urls.some((url) => url.startsWith(build))).toBe(false);
  });

  it('plan --help: no MSAL, Graph client, bot, Express, Word or Excel writer, SQLite or Live Share', async () => {
    const { stdout, packages } = await loaded('--help');
    expect(stdout).toContain('Usage: plan');
    expect(NOT_FOR_HELP.filter((name) => packages.has(name))).toEqual([]);
  });

  it('plan plans: SQLite, and no bot, Express, Word or Excel writer', async () => {
    const { stdout, packages } = await loaded('plans');
    expect(stdout).toContain('No plans');
    expect(packages.has('better-sqlite3')).toBe(true);
    expect(['botbuilder', 'express', 'docx', 'exceljs'].filter((name) => packages.has(name))).toEqual([]);
  });

  it('plan plans: no MSAL and no Graph client', async () => {
    const { packages } = await loaded('plans');
    expect(NOT_FOR_LOCAL_QUERIES.filter((name) => packages.has(name))).toEqual([]);
  });

  it('plan import into SQLite: the readers, and no MSAL, Graph client, bot or Express', async () => {
    const { stdout, packages } = await loaded('import', join(ROOT, 'samples/pan-cheshire-cse-2013.txt'));
    expect(stdout).toContain('Imported');
    expect(NOT_FOR_LOCAL_QUERIES.filter((name) => packages.has(name))).toEqual([]);
  });

  it('lists provision and migrate with the words their own definitions give them', async () => {
    const words = (text: string): string => text.replace(/\s+/g, ' ');
    const listing = words((await loaded('--help')).stdout);
    for (const name of ['provision', 'migrate']) {
      const own = words((await loaded(name, '--help')).stdout);
      const description = /^Usage: plan \S+ \[options\] (.*?) Options:/.exec(own)?.[1];
      expect(description).toBeDefined();
      expect(listing).toContain(`${name} [options] ${description}`);
    }
  });
});

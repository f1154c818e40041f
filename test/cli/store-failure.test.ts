import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainStoreFailure } from '../../src/cli/store-failure.js';
import { PlanError } from '../../src/plan/errors.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/plan.js');
const glosFile = join(root, 'samples/gloucestershire-cse-2017-18.txt');
const cheshireFile = join(root, 'samples/pan-cheshire-cse-2013.txt');

// Root may write any file whatever its mode, so as root the read-only user is played by "nobody".
const asReader = process.getuid?.() === 0 ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath]] as const : [process.execPath, []] as const;

async function plan(user: 'owner' | 'reader', db: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [command, prefix] = user === 'reader' ? asReader : ([process.execPath, []] as const);
  try {
    const { stdout, stderr } = await run(command, [...prefix, bin, '--db', db, ...args], { cwd: root, env: { ...process.env, COLUMNS: '160' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the command line on a database this user may only read', () => {
  let dir: string;
  let db: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plan-readonly-'));
    db = join(dir, 'plans.db');
    expect((await plan('owner', db, 'import', glosFile)).code).toBe(0);
    await chmod(dir, 0o755);
    await chmod(db, 0o444);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('still lists, shows and exports the plans', async () => {
    const plans = await plan('reader', db, 'plans', '--json');
    expect(plans).toMatchObject({ code: 0, stderr: '' });
    const [only] = JSON.parse(plans.stdout) as { id: string }[];
    const shown = await plan('reader', db, 'show', '--plan', only!.id, '--lead', 'Izzy Dougan', '--json');
    expect(shown.code).toBe(0);
    expect((JSON.parse(shown.stdout) as { ref: string }[]).map((a) => a.ref)).toEqual(['1.2', '1.17', '1.18']);
    expect((await plan('reader', db, 'export', '--plan', only!.id, '--format', 'json')).code).toBe(0);
  });

  it('refuses a change saying what happened and what to do, without a stack trace, and leaves the file as it was', async () => {
    const before = await readFile(db);
    const { code, stderr } = await plan('reader', db, 'import', cheshireFile);
    expect(code).not.toBe(0);
    expect(stderr).toContain(`${db} is read-only for this user (SQLITE_READONLY), so nothing was changed`);
    expect(stderr).toContain('Commands that only read (plans, show, due, export) still work');
    expect(stderr).toContain('give this user write access to the file and its folder');
    expect(stderr).not.toMatch(/^\s+at /m);
    expect((await readFile(db)).equals(before)).toBe(true);
  });
});

describe('a store failure as the operator reads it', () => {
  it('says a full disk saved nothing and to free space, from the error SQLite gives', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE notes (text TEXT)');
    db.pragma('max_page_count = 2');
    let full: unknown;
    try {
      db.prepare('INSERT INTO notes VALUES (?)').run('x'.repeat(100_000));
    } catch (error) {
      full = error;
    } finally {
      db.close();
    }
    expect(full).toMatchObject({ code: 'SQLITE_FULL' });
    const said = explainStoreFailure(full, '/srv/plans.db');
    expect(said).toBeInstanceOf(PlanError);
    expect((said as PlanError).message).toMatch(/^the disk holding \/srv\/plans\.db is full \(SQLITE_FULL\): nothing of this command's change was saved.*Free some space/);
  });

  it('says which value limit was passed for a value too big for SQLite', () => {
    const said = explainStoreFailure(new Database.SqliteError('string or blob too big', 'SQLITE_TOOBIG'), 'plans.db');
    expect((said as PlanError).message).toContain('SQLite stores at most 1,000,000,000 bytes in one value');
    expect((said as PlanError).message).toContain('Shorten the text');
  });

  it('names the file for a folder the store cannot be created in, and leaves a failure of another file alone', () => {
    const denied = Object.assign(new Error("EACCES: permission denied, mkdir '/srv/plans'"), { code: 'EACCES', path: '/srv/plans' });
    expect((explainStoreFailure(denied, '/srv/plans/plans.db') as PlanError).message).toContain('/srv/plans/plans.db or its folder cannot be created or written by this user (EACCES)');
    const outFile = Object.assign(new Error("EACCES: permission denied, open '/home/x/out.json'"), { code: 'EACCES', path: '/home/x/out.json' });
    expect(explainStoreFailure(outFile, '/srv/plans/plans.db')).toBe(outFile);
  });

  it('passes the product’s own errors through as they are', () => {
    const own = new PlanError('plan_not_found', 'no plan with id x');
    expect(explainStoreFailure(own, 'plans.db')).toBe(own);
  });
});

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/plan.js');
const glosFile = join(root, 'samples/gloucestershire-cse-2017-18.txt');
const cheshireFile = join(root, 'samples/pan-cheshire-cse-2013.txt');

let dir: string;
let db: string;

async function plan(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, '--db', db, ...args], { cwd: root, env: { ...process.env, COLUMNS: '160' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-cli-'));
  db = join(dir, 'plans.db');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('plan CLI', () => {
  it('imports a sample plan and reports sections, actions and the column mapping', async () => {
    const { code, stdout } = await plan('import', glosFile);
    expect(code).toBe(0);
    expect(stdout).toMatch(/5 sections, 47 actions/);
    expect(stdout).toMatch(/"Leads"\s+-> lead/);
  });

  it('asks which plan once there are several', async () => {
    await plan('import', cheshireFile);
    const { code, stderr } = await plan('show');
    expect(code).toBe(2);
    expect(stderr).toContain('there are 2 plans; choose one with --plan ID');
  });

  it('shows one lead\'s actions as a table, and as JSON for scripts', async () => {
    const plans = JSON.parse((await plan('plans', '--json')).stdout) as { id: string; title: string }[];
    const glos = plans.find((p) => p.title.startsWith('Gloucestershire'))!.id;
    const table = await plan('show', '--plan', glos, '--lead', 'Izzy Dougan');
    expect(table.stdout).toContain('3 actions');
    expect(table.stdout).toMatch(/1\.17/);
    const json = JSON.parse((await plan('show', '--plan', glos, '--lead', 'Izzy Dougan', '--json')).stdout) as { ref: string }[];
    expect(json.map((a) => a.ref)).toEqual(['1.2', '1.17', '1.18']);
  });

  it('lists who would be reminded on a day, and why, without sending anything', async () => {
    const plans = JSON.parse((await plan('plans', '--json')).stdout) as { id: string; title: string }[];
    const glos = plans.find((p) => p.title.startsWith('Gloucestershire'))!.id;
    const { stdout } = await plan('due', '--plan', glos, '--on', '2018-01-05', '--json');
    const due = JSON.parse(stdout) as { reminders: { lead: string; ref: string; reason: string }[]; skipped: { ref: string; why: string }[] };
    expect(due.reminders).toContainEqual(expect.objectContaining({ lead: 'Annette Blackstock', ref: '4.3', reason: 'overdue' }));
    // 1.1 has no RAG and a "Completed" timescale: it reads as Complete.
    expect(due.skipped).toContainEqual({ ref: '1.1', why: 'RAG is Complete' });
  });

  it('exports the whole plan as the documented JSON document', async () => {
    const plans = JSON.parse((await plan('plans', '--json')).stdout) as { id: string; title: string }[];
    const cheshire = plans.find((p) => p.title.startsWith('Pan Cheshire'))!.id;
    const out = join(dir, 'cheshire.json');
    const { code } = await plan('export', '--format', 'json', '--plan', cheshire, '--out', out);
    expect(code).toBe(0);
    const doc = JSON.parse(await readFile(out, 'utf8'));
    expect(doc).toMatchObject({ format: 'plan-document', formatVersion: 1 });
    expect(doc.actions.map((a: { ref: string }) => a.ref)).toContain('4.2b');
    expect(doc.plan.versionRecord.map((v: { version: string }) => v.version)).toEqual(['V02', 'V03']);
  });

  it('refuses a file with no plan table, naming it, and leaves the store as it was', async () => {
    const before = (await plan('plans', '--json')).stdout;
    const bad = join(dir, 'minutes.txt');
    await writeFile(bad, 'Minutes of the board\n\nAttendees: chair, vice chair\n');
    const { code, stderr } = await plan('import', bad);
    expect(code).toBe(1);
    expect(stderr).toContain('minutes.txt');
    expect((await plan('plans', '--json')).stdout).toBe(before);
  });

  it('refuses an unreadable --on date with a usage error', async () => {
    const plans = JSON.parse((await plan('plans', '--json')).stdout) as { id: string }[];
    const { code, stderr } = await plan('due', '--plan', plans[0]!.id, '--on', '5/1/18');
    expect(code).toBe(2);
    expect(stderr).toContain('--on must be a date as YYYY-MM-DD');
  });
});

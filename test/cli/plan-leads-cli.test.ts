import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_ENV_VARIABLES } from '../../src/auth/auth-config.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/plan.js');

let dir: string;
let db: string;

/** Local mode: none of the tenant's variables, whatever the shell running the tests has set. */
function localEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, COLUMNS: '160', PLAN_LOCAL_USER: 'Board manager' };
  for (const name of AUTH_ENV_VARIABLES) delete env[name];
  return env;
}

async function plan(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, '--db', db, ...args], { cwd: root, env: localEnv() });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-leads-cli-'));
  db = join(dir, 'plans.db');
  await plan('import', join(root, 'samples/pan-cheshire-cse-2013.txt'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('plan leads on the command line, with no tenant configured', () => {
  it('lists the plan’s leads as written, each not matched yet', async () => {
    const { code, stdout } = await plan('leads');
    expect(code).toBe(0);
    expect(stdout).toMatch(/10 leads: 0 confirmed, 0 suggested, 0 ambiguous, 0 unmatched, 10 not matched yet/);
    expect(stdout).toMatch(/│ DCI Wenham\s+│ not matched yet/);
  });

  it('refuses --match with exit code 2, saying a tenant is needed and what works without one', async () => {
    const { code, stderr } = await plan('leads', '--match');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^plan: matching leads to people searches the Entra ID directory, and no tenant is configured: set GRAPH_TENANT_ID/);
    expect(stderr).toContain('plan leads --confirm "<lead>" --user <object id>');
  });

  it('confirms a lead by object id and shows it as confirmed, in JSON too', async () => {
    const confirmed = await plan('leads', '--confirm', 'DCI Wenham', '--user', '0b5e0015-7c1d-4e2f-9a3b-5c6d7e8f9a0b');
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toContain('Confirmed "DCI Wenham" as DCI Wenham [0b5e0015-7c1d-4e2f-9a3b-5c6d7e8f9a0b].');
    const { stdout } = await plan('leads', '--json');
    const wenham = (JSON.parse(stdout) as { leads: { writtenAs: string; status: string; confirmedBy: string | null }[] }).leads.find((l) => l.writtenAs === 'DCI Wenham');
    expect(wenham).toMatchObject({ status: 'confirmed', confirmedBy: 'Board manager' });
  });
});

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AUTH_ENV_VARIABLES } from '../../src/auth/auth-config.js';

const run = promisify(execFile);
export const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/plan.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The `plan` command as an operator runs it on a SQLite file, in local mode: none of the tenant's
 * variables, whatever the shell running the tests has set, and a wide terminal. ENTRY is what node
 * runs: bin/plan.js (the sources, under the test runner) or a build's dist/src/app/main.js.
 */
export function planCli(db: string, env: NodeJS.ProcessEnv = {}, entry: string = BIN): (...args: string[]) => Promise<CliRun> {
  const base: NodeJS.ProcessEnv = { ...process.env, COLUMNS: '160' };
  for (const name of [...AUTH_ENV_VARIABLES, 'PLAN_STORE', 'PLAN_TEAMS_CATALOG_APP_ID']) delete base[name];
  return async (...args) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [entry, '--db', db, ...args], { cwd: ROOT, env: { ...base, ...env } });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as CliRun;
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
}

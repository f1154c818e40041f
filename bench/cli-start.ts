/**
 * Fast starts (issue 18, item 5): the compiled build's `plan --help` and `plan plans` wall time
 * over `node -e 0` on the same machine (target at most 3x), and `plan serve`'s cold start on the
 * embedded SQLite store to the first healthy answer from /api/health (target under 1 s). Builds
 * first (`npm run build`), so the figures are the compiled build's. Writes the "Fast starts"
 * section of BENCHMARKS.md. Called by bench/run.ts, or on its own:
 *
 *   node bin/run-ts.js bench/cli-start.ts
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { AUTH_ENV_VARIABLES } from '../src/auth/auth-config.js';
import { benchMachine, benchTable, benchToday, writeBenchSection, type BenchRow } from './benchmarks-file.js';
import { freeLoopbackPort } from '../src/local-meeting/fluid-service.js';

const HEADING = 'Fast starts';
const ROOT = resolve(import.meta.dirname, '..');
/** The compiled entry bin/plan.js runs when the build is current. */
const BUILT = join(ROOT, 'dist/src/app/main.js');
const RUNS = 15;
const SERVE_RUNS = 7;
const run = promisify(execFile);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Local mode whatever the shell has set: a tenant's variables would time another start. */
function localEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, COLUMNS: '160' };
  for (const name of [...AUTH_ENV_VARIABLES, 'PLAN_STORE', 'PLAN_TEAMS_CATALOG_APP_ID', 'PLAN_REMINDERS']) delete env[name];
  return env;
}

/** Wall time of one process, from spawn to exit, as a person at a prompt waits for it. */
async function wallMs(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  await run(process.execPath, [...args], { cwd: ROOT, env });
  return performance.now() - started;
}


/** From spawning `plan serve` to the first 200 from /api/health, polled every 5 ms; then SIGTERM and its exit. */
async function serveColdStartMs(db: string, env: NodeJS.ProcessEnv): Promise<number> {
  const port = await freeLoopbackPort();
  const started = performance.now();
  const child = spawn(process.execPath, [BUILT, '--db', db, 'serve', '--port', String(port)], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`plan serve exited with ${child.exitCode} before it answered`);
      const healthy = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (res) => res.ok,
        () => false,
      );
      if (healthy) return performance.now() - started;
      if (performance.now() - started > 30_000) throw new Error('plan serve did not answer /api/health within 30 s');
      await new Promise((wait) => setTimeout(wait, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

export async function runCliStartBench(root: string): Promise<void> {
  await run('npm', ['run', 'build'], { cwd: ROOT });
  const env = localEnv();
  const dir = await mkdtemp(join(tmpdir(), 'plan-bench-start-'));
  const rows: BenchRow[] = [];
  try {
    const db = join(dir, 'plans.db');
    for (const sample of ['gloucestershire-cse-2017-18.txt', 'pan-cheshire-cse-2013.txt']) await run(process.execPath, [BUILT, '--db', db, 'import', join(ROOT, 'samples', sample)], { cwd: ROOT, env });

    const commands = [
      { name: '`plan --help`', args: [BUILT, '--help'] },
      { name: '`plan plans` (the two sample plans, SQLite)', args: [BUILT, '--db', db, 'plans'] },
      { name: '`plan --help` through bin/plan.js (its check that dist/ is current included)', args: [join(ROOT, 'bin/plan.js'), '--help'] },
    ];
    const baseline: number[] = [];
    const times = commands.map((): number[] => []);
    await wallMs(['-e', '0'], env); // the first start of all pays for the disk cache
    // Interleaved, so a burst of load on the machine falls on the baseline and the commands alike.
    for (let i = 0; i < RUNS; i += 1) {
      baseline.push(await wallMs(['-e', '0'], env));
      for (const [at, command] of commands.entries()) times[at]!.push(await wallMs(command.args, env));
    }
    const base = median(baseline);
    rows.push({ what: `\`node -e 0\` (the baseline), median of ${RUNS}`, value: `${base.toFixed(0)} ms`, target: '—', met: null });
    for (const [at, command] of commands.entries()) {
      const ms = median(times[at]!);
      const ratio = ms / base;
      const counted = at < 2;
      rows.push({ what: `${command.name}, compiled, wall time, median of ${RUNS}`, value: `${ms.toFixed(0)} ms = ${ratio.toFixed(2)}x \`node -e 0\``, target: counted ? '≤ 3x' : '—', met: counted ? ratio <= 3 : null });
    }

    const starts: number[] = [];
    for (let i = 0; i < SERVE_RUNS; i += 1) starts.push(await serveColdStartMs(db, env));
    const start = median(starts);
    rows.push({
      what: `\`plan serve\` cold start on SQLite (two sample plans, bot on, local mode), compiled: spawn to the first 200 from /api/health, median of ${SERVE_RUNS} (${starts.map((ms) => ms.toFixed(0)).join(', ')} ms)`,
      value: `${start.toFixed(0)} ms`,
      target: '< 1 s',
      met: start < 1000,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const how =
    'Each figure is a whole process, spawned from the bench and timed to its exit (or to its first healthy answer), with the dist/ entry that `bin/plan.js` runs when the build is current (`npm run build` first: our modules with zod, commander and croner bundled by esbuild, split at each dynamic import, other packages from node_modules; scripts/build-server.ts); `node -e 0` is run between the commands, so load on the machine weighs on both. Local mode: no tenant variables.';
  const gaps =
    'What each start loads (test/cli/lazy-loading.test.ts holds the command line to it): `plan --help` the parser alone; `plan plans` the settings and SQLite, no MSAL, Graph client or bot (the reminder sending\'s config is read from bot/reminders/reminder-sending-config.ts); `plan serve` listens with Express, the API and SQLite, and loads the bot (botbuilder) and the reminder sending once it listens (src/app/serve.ts): /api/messages waits for them, /api/health does not. The Word and Excel writers and readers are loaded by the first export or import request, which pays for them once. `plan plans` reads the bundle\'s entry and a few chunks where it read some 160 modules from dist/ and node_modules (95 of them zod\'s): that took it from 3.41x to the figure above, and `plan serve`\'s start from 450 ms. What `plans` still spends beyond `--help` is compiling zod (bundled, about half a megabyte of source), opening SQLite and building the schemas.';
  const section = `## ${HEADING}\n\nMachine: ${benchMachine()}. Date: ${benchToday()}. Command: \`npm run bench\` (or \`node bin/run-ts.js bench/cli-start.ts\`).\n\n${how}\n\n${benchTable(rows)}\n\n${gaps}\n`;
  await writeBenchSection(root, HEADING, section);
  console.log(section);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await runCliStartBench(ROOT);

// npm run playground: the server with the two sample plans on the port the Agents Playground expects
// (3978), and the playground talking to its bot at /api/messages, telemetry off. See docs/playground.md.
//   PLAN_PORT      the server's port (default 3978)
//   PLAN_DB        the SQLite file (default data/playground.db, seeded with the samples when empty)
//   PLAYGROUND_PORT  the playground's port (default 56150)
//   TEAMSAPPTESTER_BROWSER=none  do not open a browser
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { PlaygroundMissingError, startPlayground, waitFor, type RunningPlayground } from './agents-playground.js';

const root = resolve(import.meta.dirname, '..');
const port = Number(process.env.PLAN_PORT ?? 3978);
const playgroundPort = Number(process.env.PLAYGROUND_PORT ?? 56150);
const db = resolve(process.env.PLAN_DB ?? join(root, 'data/playground.db'));
const base = `http://127.0.0.1:${port}`;

// The playground sends no token, so the bot must run in local mode (no registration, loopback only).
const env: NodeJS.ProcessEnv = { ...process.env };
for (const name of ['BOT_ID', 'BOT_PASSWORD'] as const) {
  if (env[name] !== undefined) {
    console.log(`playground: ${name} is set; it is not passed to the server, whose bot runs in local mode for the playground`);
    delete env[name];
  }
}

const server = spawn(process.execPath, [join(root, 'bin/plan.js'), '--db', db, 'serve', '--seed-samples', '--port', String(port)], { cwd: root, env, stdio: 'inherit' });
let playground: RunningPlayground | null = null;
let stopping = false;

async function stop(code: number): Promise<never> {
  stopping = true;
  await playground?.stop();
  if (server.exitCode === null && server.signalCode === null) {
    await new Promise<void>((done) => {
      server.once('exit', () => done());
      server.kill('SIGTERM');
    });
  }
  process.exit(code);
}

server.once('exit', (code) => {
  if (stopping) return;
  console.error(`playground: the server stopped (exit code ${code ?? 'null'})${port === 3978 ? '; is another server already using port 3978?' : ''}`);
  void stop(code ?? 1);
});
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));

try {
  await waitFor(async () => (await fetch(`${base}/api/health`)).ok, 60_000, `the server at ${base}`);
  playground = await startPlayground({
    botEndpoint: `${base}/api/messages`,
    port: playgroundPort,
    cwd: root,
    env,
    onOutput: (line) => console.log(`[playground] ${line}`),
  });
  playground.process.once('exit', () => {
    if (!stopping) void stop(0);
  });
  console.log(`playground: chat with the bot at ${playground.url} (you are Louise West, see .m365agentsplayground.yml). Ctrl+C stops both.`);
} catch (error) {
  console.error(`playground: ${error instanceof PlaygroundMissingError ? error.message : error instanceof Error ? error.message : 'failed to start'}`);
  await stop(1);
}

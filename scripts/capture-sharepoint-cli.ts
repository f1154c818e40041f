/**
 * Regenerates the captured output in docs/sharepoint.md (between the "captured" markers) from real
 * runs of the `plan` command against the local Graph server (test/graph-server, over https) and a
 * local Entra ID token endpoint: the same code and configuration a tenant uses, on 127.0.0.1.
 *
 *   node bin/run-ts.js scripts/capture-sharepoint-cli.ts
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSharePointCli, type CliRun, type SharePointCli } from '../test/sharepoint/cli-harness.js';

const root = join(import.meta.dirname, '..');
const docPath = join(root, 'docs/sharepoint.md');
const START = '<!-- captured:start (scripts/capture-sharepoint-cli.ts) -->';
const END = '<!-- captured:end -->';

const dir = await mkdtemp(join(tmpdir(), 'plan-capture-'));
const db = join(dir, 'plans.db');
const sections: string[] = [];

function tidy(text: string, cli: SharePointCli): string {
  return text
    .replaceAll(cli.graph.origin, 'https://127.0.0.1:<port>')
    .replaceAll(encodeURIComponent(cli.graph.siteId), '<site id>')
    .replace(/lists\/[0-9a-f-]{36}/g, 'lists/<list id>')
    .replaceAll(db, './data/plans.db')
    .replaceAll(dir, './data')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, '<time>')
    .trimEnd();
}

function show(cli: SharePointCli, title: string, command: string, run: CliRun, note = ''): void {
  const out = [run.stderr, run.stdout].filter((s) => s.trim() !== '').map((s) => tidy(s, cli)).join('\n');
  sections.push(`### ${title}\n\n${note ? `${note}\n\n` : ''}\`\`\`\n$ ${command}\n${out}\n(exit code ${run.code ?? run.signal})\n\`\`\``);
}

const glos = join(root, 'samples/gloucestershire-cse-2017-18.txt');
const cheshire = join(root, 'samples/pan-cheshire-cse-2013.txt');

const cli = await startSharePointCli();
try {
  show(cli, 'Provisioning a site', 'npx plan provision --site https://127.0.0.1:<port>/sites/plans', await cli.run(['provision', '--site', cli.graph.siteUrl]), 'Progress goes to standard error, the report to standard output.');
  show(cli, 'Provisioning it again', 'npx plan provision', await cli.run(['provision']));

  show(cli, 'Importing a document straight into SharePoint', 'npx plan import samples/gloucestershire-cse-2017-18.txt --to sharepoint', await cli.run(['--db', db, 'import', glos, '--to', 'sharepoint']));

  // The local store a board has been using: both sample plans.
  await cli.run(['--db', db, 'import', glos], { env: { PLAN_STORE: undefined } });
  await cli.run(['--db', db, 'import', cheshire], { env: { PLAN_STORE: undefined } });
  show(cli, 'Migrating the local plans', 'npx plan migrate --from sqlite --to sharepoint', await cli.run(['--db', db, 'migrate', '--from', 'sqlite', '--to', 'sharepoint']));
  show(cli, 'Migrating them again', 'npx plan migrate --from sqlite --to sharepoint', await cli.run(['--db', db, 'migrate', '--from', 'sqlite', '--to', 'sharepoint']));
  show(cli, 'Reading the plans from SharePoint', 'PLAN_STORE=sharepoint npx plan plans', await cli.run(['plans'], { env: { PLAN_STORE: 'sharepoint' } }));
  show(
    cli,
    'Confirming a lead, which fills the Leads Person column',
    'PLAN_STORE=sharepoint npx plan leads --plan 1 --confirm "Jane Price" --user jane.price@glos.example',
    await cli.run(['leads', '--plan', '1', '--confirm', 'Jane Price', '--user', 'jane.price@glos.example'], { env: { PLAN_STORE: 'sharepoint' } }),
    'The Actions list\'s Leads column then holds her on each of her actions, so SharePoint\'s "My actions" view shows them to her.',
  );
} finally {
  await cli.close();
}

// Interrupted, resumed, and a failure rolled back: each on a fresh site.
async function freshSite(): Promise<SharePointCli> {
  const site = await startSharePointCli();
  await site.run(['provision']);
  return site;
}
const updatesList = (site: SharePointCli) => (w: { method: string; path: string }) => w.method === 'POST' && w.path.includes(`/lists/${site.graph.site.findList('Updates').id}/items`);

const interrupted = await freshSite();
try {
  const planId = 'gloucestershire-multi-agency-child';
  show(
    interrupted,
    'Ctrl-C during a migration',
    `npx plan migrate --from sqlite --to sharepoint --plan ${planId}   # Ctrl-C while updates are written`,
    await interrupted.run(['--db', db, 'migrate', '--from', 'sqlite', '--to', 'sharepoint', '--plan', planId], {
      onStart: (child) => interrupted.graph.faults.beforeWrite(30, () => child.kill('SIGINT'), updatesList(interrupted)),
    }),
  );
  show(interrupted, 'Resuming it', `npx plan migrate --from sqlite --to sharepoint --plan ${planId} --resume`, await interrupted.run(['--db', db, 'migrate', '--from', 'sqlite', '--to', 'sharepoint', '--plan', planId, '--resume']));
} finally {
  await interrupted.close();
}

const failing = await freshSite();
try {
  const planId = 'pan-cheshire-child-sexual-exploitation';
  failing.graph.faults.failWrite(25, { status: 400, code: 'invalidRequest', message: 'Injected: the value is not valid for the column.' }, updatesList(failing));
  show(
    failing,
    'A migration that fails, rolled back',
    `npx plan migrate --from sqlite --to sharepoint --plan ${planId}`,
    await failing.run(['--db', db, 'migrate', '--from', 'sqlite', '--to', 'sharepoint', '--plan', planId]),
    'Here the local server refuses the 25th update with a 400.',
  );
  failing.graph.faults.beforeWrite(30, () => failing.graph.faults.failNext(1_000_000, { status: 503, retryAfterSeconds: 0 }), updatesList(failing));
  show(
    failing,
    'A migration that fails and cannot even roll back',
    `npx plan migrate --from sqlite --to sharepoint --plan ${planId}`,
    await failing.run(['--db', db, 'migrate', '--from', 'sqlite', '--to', 'sharepoint', '--plan', planId]),
    'Here SharePoint stops answering (503) after the 30th update; the journal stays for --resume.',
  );
} finally {
  await failing.close();
}

await rm(dir, { recursive: true, force: true });
const doc = await readFile(docPath, 'utf8');
const start = doc.indexOf(START);
const end = doc.indexOf(END);
if (start === -1 || end === -1) throw new Error(`${docPath} has no captured markers`);
await writeFile(docPath, `${doc.slice(0, start + START.length)}\n\n${sections.join('\n\n')}\n\n${doc.slice(end)}`);
console.log(`captured ${sections.length} runs into docs/sharepoint.md`);

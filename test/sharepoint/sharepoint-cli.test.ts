import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PlanSummary } from '../../src/plan/plan.js';
import { newGrant } from '../graph-server/permissions.js';
import { startSharePointCli, type SharePointCli } from './cli-harness.js';

// Every step is a real `plan` process against the local Graph server (https) and a local Entra ID.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const root = join(import.meta.dirname, '../..');
const glosFile = join(root, 'samples/gloucestershire-cse-2017-18.txt');

let cli: SharePointCli;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-sp-cli-'));
  cli = await startSharePointCli();
});

afterEach(async () => {
  await cli.close();
  await rm(dir, { recursive: true, force: true });
});

const writes = (): number => cli.graph.log.filter((l) => l.method !== 'GET' && !l.inner).length;

describe('plan provision', () => {
  it('creates the lists and views with progress on stderr, and a second run says there is nothing to change', async () => {
    const first = await cli.run(['provision', '--site', cli.graph.siteUrl]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/sites\/plans: ready\./);
    expect(first.stdout).toMatch(/created\s+list Actions: \d+ columns/);
    expect(first.stderr).toMatch(/\[1\/13\] created list Plans\n/);
    expect(first.stderr).toMatch(/\[12\/13\] created view Updates: Recent updates\n/);
    expect(first.stderr).toMatch(/\[13\/13\] created view Action history: Recent changes\n/);
    // The app's own tokens, from the token endpoint: client credentials for Graph.
    expect(cli.entra.issued).toContain('https://graph.microsoft.com/.default');

    cli.graph.resetLog();
    const second = await cli.run(['provision', '--site', cli.graph.siteUrl]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('already up to date (7 lists, 6 views); nothing to change.');
    expect(writes()).toBe(0);
  });

  it('finds the site by its Graph id as well as by its URL, from SHAREPOINT_SITE', async () => {
    const run = await cli.run(['provision'], { env: { SHAREPOINT_SITE: cli.graph.siteId } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${cli.graph.siteUrl}: ready.`);
  });

  it('reports a foreign list of the same name, leaves it alone, and ends non-zero', async () => {
    const theirs = cli.graph.site.createList({ displayName: 'Actions', columns: [{ name: 'Rag', text: {} }] });
    const run = await cli.run(['provision']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/problem\(s\) need attention; nothing of theirs was changed/);
    expect(run.stdout).toMatch(/conflict\s+list Actions: a list of this name exists with other columns \(Rag is not a choice column/);
    expect(theirs.columns.map((c) => c.name)).toEqual(['Title', 'ID', 'Modified', 'Created', 'Rag']);
  });

  it('explains a refusal by SharePoint in terms of the permission to grant', async () => {
    await cli.close();
    cli = await startSharePointCli({ authorize: () => 'forbidden' });
    const run = await cli.run(['provision']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/was refused \(403 accessDenied\)\. SharePoint refused the app: grant the app Sites\.Selected on this site with the "write" role/);
  });

  it('asks for the manage role when the grant is write, and the app then runs day to day on write', async () => {
    await cli.close();
    cli = await startSharePointCli({ siteGrants: [] });
    const grant = newGrant(cli.entra.clientId, ['write']);
    cli.graph.grants.push(grant);
    const refused = await cli.run(['provision']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/POST https:\/\/\S+\/sites\/\S+\/lists was refused \(403 accessDenied\): provisioning changes the site's structure/);
    expect(refused.stderr).toMatch(/needs the app's Sites\.Selected grant on https:\/\/127\.0\.0\.1:\d+\/sites\/plans to have the "manage" role; "write" is enough afterwards/);
    expect(refused.stderr).toContain('docs/permissions.md#provisioning');
    expect(cli.graph.site.lists.size).toBe(0);

    grant.roles = ['manage'];
    expect((await cli.run(['provision'])).code).toBe(0);
    grant.roles = ['write'];
    const imported = await cli.run(['--db', join(dir, 'plans.db'), 'import', glosFile, '--to', 'sharepoint']);
    expect(imported.stderr).not.toContain('refused');
    expect(imported.code).toBe(0);
  });

  it('says a certificate is needed when SharePoint REST refuses the app-only token Graph accepted', async () => {
    await cli.close();
    // What SharePoint Online does with a token got with a client secret: 401 "Unsupported app only token".
    cli = await startSharePointCli({ appCredential: 'secret' });
    const run = await cli.run(['provision']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/_api\/web\/lists\/getbytitle\('Actions'\)\/views\?… was refused \(401 http401\)\. SharePoint REST accepts app-only tokens got with a certificate, not a client secret/);
  });
});

describe('plan import --to sharepoint', () => {
  it('writes a plan into the lists, hidden until its last write, and PLAN_STORE=sharepoint reads it back', async () => {
    await cli.run(['provision']);
    const run = await cli.run(['--db', join(dir, 'plans.db'), 'import', glosFile, '--to', 'sharepoint']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Imported ".*Gloucestershire.*" as plan 1\n\s+from gloucestershire-cse-2017-18\.txt \(text-export\): 5 sections, 47 actions, \d+ updates/);
    expect(run.stdout).toMatch(/Written to https:\/\/127\.0\.0\.1:\d+\/sites\/plans \(\d+ HTTP requests, \d+ of them \$batch\)/);
    expect(run.stderr).toMatch(/Writing gloucestershire-cse-2017-18\.txt to SharePoint: done in/);
    // The journal is only kept while an import is unfinished.
    expect(existsSync(join(dir, 'imports')) ? await readdir(join(dir, 'imports')) : []).toEqual([]);

    const plans = await cli.run(['plans', '--json'], { env: { PLAN_STORE: 'sharepoint' } });
    expect(plans.code).toBe(0);
    expect((JSON.parse(plans.stdout) as PlanSummary[]).map((p) => [p.id, p.actionCount])).toEqual([['1', 47]]);
  });

  it('asks which plan a second import of the same file is, and gives it its own plan only with --as-new', async () => {
    await cli.run(['provision']);
    await cli.run(['--db', join(dir, 'plans.db'), 'import', glosFile, '--to', 'sharepoint']);
    const asked = await cli.run(['--db', join(dir, 'plans.db'), 'import', glosFile, '--to', 'sharepoint']);
    expect(asked.code).toBe(1);
    expect(asked.stderr).toContain('has the title of a plan already here');
    expect(asked.stderr).toContain('--into <plan id>');
    expect(cli.graph.site.findList('Actions').items.size).toBe(47);
    const again = await cli.run(['--db', join(dir, 'plans.db'), 'import', glosFile, '--to', 'sharepoint', '--as-new']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('as plan 2');
    expect(cli.graph.site.findList('Actions').items.size).toBe(94);
  });

  it('brings the next version of the document into the SharePoint plan with --into, a dry run first', async () => {
    await cli.run(['provision']);
    await cli.run(['--db', join(dir, 'plans.db'), 'import', glosFile, '--to', 'sharepoint']);
    const next = join(dir, 'glos-v2.txt');
    await writeFile(next, (await readFile(glosFile, 'utf8')).replace('June 17 - ', 'Feb 18 - Reported at the February board.\nJune 17 - '));
    const dry = await cli.run(['--db', join(dir, 'plans.db'), 'import', next, '--to', 'sharepoint', '--into', '1', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/Dry run: nothing was written[\s\S]*add 1 update to/);
    const applied = await cli.run(['--db', join(dir, 'plans.db'), 'import', next, '--to', 'sharepoint', '--into', '1']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Brought glos-v2.txt into');
    const updates = [...cli.graph.site.findList('Updates').items.values()].map((i) => String(i.fields.Text ?? ''));
    expect(updates.filter((t) => t.startsWith('Feb 18 - Reported at the February board.'))).toHaveLength(1);
  });

  it('says to provision first when the site has no plan lists', async () => {
    const run = await cli.run(['import', glosFile, '--to', 'sharepoint']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the SharePoint site has no Plans, Actions, Updates, Action history, Reminders, Plan bot conversations, Plan bot chat state lists: run "plan provision --site ..." first');
  });
});

describe('plan leads against SharePoint', () => {
  it('confirms a lead found in the directory and puts them in the Leads Person column of their actions, for the "My actions" view', async () => {
    await cli.run(['provision']);
    await cli.run(['--db', join(dir, 'plans.db'), 'import', glosFile, '--to', 'sharepoint']);
    const run = await cli.run(['leads', '--confirm', 'Jane Price', '--user', 'jane.price@glos.example'], { env: { PLAN_STORE: 'sharepoint' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Confirmed "Jane Price" as Jane Price');
    const changed = /SharePoint's Leads column: (\d+) of 47 actions updated; 1 confirmed lead in it\./.exec(run.stdout);
    expect(changed).not.toBeNull();

    const filled = [...cli.graph.site.findList('Actions').items.values()].filter((i) => ((i.fields.LeadsLookupId as string[] | undefined) ?? []).length > 0);
    expect(filled.length).toBe(Number(changed?.[1]));
    expect(filled.length).toBeGreaterThan(0);
    for (const item of filled) {
      expect(String(item.fields.LeadsText)).toMatch(/Jane Price/);
      expect((item.fields.LeadsLookupId as string[]).map((id) => cli.graph.site.users.get(Number(id))?.LoginName)).toEqual(['i:0#.f|membership|jane.price@glos.example']);
    }

    // Replacing the plan writes new action items: her actions get her back.
    const replaced = await cli.run(['--db', join(dir, 'plans.db'), 'import', glosFile, '--to', 'sharepoint', '--replace', '1']);
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toContain(`SharePoint's Leads column: ${filled.length} of 47 actions updated; 1 confirmed lead in it.`);
  });

  it('keeps the mapping when the Leads column cannot be filled, and says why and how to fill it again', async () => {
    await cli.run(['provision']);
    await cli.run(['--db', join(dir, 'plans.db'), 'import', glosFile, '--to', 'sharepoint']);
    cli.graph.site.users.denied = true;
    const run = await cli.run(['leads', '--confirm', 'Jane Price', '--user', 'jane.price@glos.example'], { env: { PLAN_STORE: 'sharepoint' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/The mappings are saved, but SharePoint's Leads column was not updated: POST https:\/\/127\.0\.0\.1:\d+\/sites\/plans\/_api\/web\/ensureuser was refused \(403 [^)]*\)\. SharePoint refused the app: grant the app Sites\.Selected/);
    expect(run.stdout).toContain('Fill it again with: plan leads --plan 1 --fill-leads-column');
    expect(run.stdout).toMatch(/Jane Price\s+│ confirmed by/);
  });
});

describe('SharePoint configuration on the command line', () => {
  it('names what is missing when PLAN_STORE=sharepoint has no tenant, and an empty setting by name', async () => {
    const noTenant = await cli.run(['plans'], { env: { PLAN_STORE: 'sharepoint', GRAPH_TENANT_ID: undefined, GRAPH_CLIENT_ID: undefined, GRAPH_CLIENT_SECRET: undefined } });
    expect(noTenant.code).toBe(2);
    expect(noTenant.stderr).toBe('plan: configuration: GRAPH_TENANT_ID is not set: SharePoint is reached with the app registration of the tenant: set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (or GRAPH_CERTIFICATE_PATH); see docs/sharepoint.md\n');
    const empty = await cli.run(['plans'], { env: { PLAN_STORE: 'sharepoint', GRAPH_CLIENT_SECRET: '' } });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^plan: configuration: GRAPH_CLIENT_SECRET is set but empty/);
  });

  it('refuses a site given over plain http', async () => {
    const run = await cli.run(['provision', '--site', 'http://contoso.sharepoint.com/sites/board']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('plan: configuration: --site must be an https URL');
  });
});

import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leadsCommand, NO_TENANT, type LeadsContext, type LeadsOptions } from '../../src/cli/commands/leads-command.js';
import { importPlanFile } from '../../src/import/import-file.js';
import { graphDirectory } from '../../src/leads/directory-search.js';
import { leadRecipients } from '../../src/leads/lead-recipients.js';
import type { Plan } from '../../src/plan/plan.js';
import { SqlitePlanStore } from '../../src/store/sqlite/sqlite-plan-store.js';
import { startGraphTestServer, type GraphTestServer } from '../graph-server/graph-test-server.js';
import { testHttp } from '../sharepoint/sharepoint-harness.js';

const root = join(import.meta.dirname, '../..');
const NOW = new Date('2018-01-05T09:00:00.000Z');

let server: GraphTestServer;
let store: SqlitePlanStore;
let cheshire: Plan;
let glos: Plan;
let withTenant: LeadsContext;
const noTenant: LeadsContext = { directory: null, actor: 'Local demo user' };

interface JsonRow {
  writtenAs: string;
  status: string;
  target: { kind: string; id: string | null; displayName: string; mail: string | null } | null;
  candidates: { id: string | null; mail: string | null }[];
  confirmedBy: string | null;
  refs: string[];
  inPlan: boolean;
}

async function leads(options: LeadsOptions, context = withTenant): Promise<string> {
  return leadsCommand(store, options, NOW, context);
}

async function rows(plan: Plan): Promise<Map<string, JsonRow>> {
  const out = JSON.parse(await leads({ plan: plan.id, json: true })) as { leads: JsonRow[] };
  return new Map(out.leads.map((r) => [r.writtenAs, r]));
}

const userId = (name: string, domain?: string): string => server.directory.users.find((u) => u.displayName === name && (!domain || u.mail?.endsWith(domain)))!.id;

beforeEach(async () => {
  server = await startGraphTestServer();
  const http = testHttp(server);
  withTenant = { directory: () => graphDirectory(http), actor: 'Local demo user' };
  store = new SqlitePlanStore(':memory:');
  cheshire = await store.importPlan((await importPlanFile(join(root, 'samples/pan-cheshire-cse-2013.txt'))).draft);
  glos = await store.importPlan((await importPlanFile(join(root, 'samples/gloucestershire-cse-2017-18.txt'))).draft);
});

afterEach(async () => {
  await store.close();
  await server.close();
});

describe('plan leads', () => {
  it('lists each lead as written, in plan order, with the actions it leads, before anything is matched', async () => {
    const out = await leads({ plan: cheshire.id });
    expect(out).toMatch(/10 leads: 0 confirmed, 0 suggested, 0 ambiguous, 0 unmatched, 10 not matched yet/);
    expect(out.indexOf('Pan Cheshire Group')).toBeLessThan(out.indexOf('DCI Wenham'));
    expect(out).toContain('plan leads --match');
    const found = await rows(cheshire);
    expect(found.get('DCI Wenham')).toMatchObject({ status: 'not matched yet', refs: ['1.6'], target: null });
  });

  it('matches through the directory, stores suggestions, and lists the ambiguous and unmatched leads without guessing', async () => {
    const out = await leads({ plan: cheshire.id, match: true });
    expect(out).toMatch(/Searched the directory for 10 leads; 0 confirmed left as they were/);
    expect(out).toMatch(/10 leads: 0 confirmed, 6 suggested, 1 ambiguous, 3 unmatched/);
    expect(out).toMatch(/Ambiguous, for you to choose[^\n]*\n {2}LSCB's: [^\n]*Halton LSCB/);
    expect(out).toMatch(/Unmatched, never guessed[\s\S]*\n {2}PSCG\n/);
    expect(out).toContain('plan leads --confirm-all-suggested');
    expect((await rows(cheshire)).get('DCI Wenham')).toMatchObject({ status: 'suggested', target: { displayName: 'Nigel Wenham' }, confirmedBy: null });
  });

  it('confirms a suggestion, naming who confirmed it', async () => {
    await leads({ plan: cheshire.id, match: true });
    const out = await leads({ plan: cheshire.id, confirm: 'DCI Wenham', by: 'Jane Gregory' });
    expect(out).toContain('Confirmed "DCI Wenham" as Nigel Wenham <nigel.wenham@cheshire-police.example>, Detective Chief Inspector.');
    expect((await rows(cheshire)).get('DCI Wenham')).toMatchObject({ status: 'confirmed', confirmedBy: 'Jane Gregory', target: { id: userId('Nigel Wenham') } });
  });

  it('refuses to confirm an ambiguous lead without a choice, listing the candidates', async () => {
    await leads({ plan: glos.id, match: true });
    await expect(leads({ plan: glos.id, confirm: 'Sarah Scott' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/"Sarah Scott" is ambiguous.*--user.*sarah\.scott@glos\.example.*sarah\.scott@glos-schools\.example/),
    });
  });

  it('confirms one of an ambiguous lead’s candidates by mail, without asking the directory again', async () => {
    await leads({ plan: glos.id, match: true });
    server.resetLog();
    await leads({ plan: glos.id, confirm: 'Sarah Scott', user: 'Sarah.Scott@glos-schools.example' });
    expect(server.log).toEqual([]);
    expect((await rows(glos)).get('Sarah Scott')).toMatchObject({ status: 'confirmed', target: { kind: 'user', id: userId('Sarah Scott', 'glos-schools.example') } });
  });

  it('maps a group to a named contact found in the directory, whom the bot then reminds', async () => {
    await leads({ plan: cheshire.id, confirm: 'LSCB training Managers', contact: 'nigel.reid@cheshire-police.example' });
    expect((await rows(cheshire)).get('LSCB training Managers')).toMatchObject({ status: 'confirmed', target: { kind: 'contact', id: userId('Nigel Reid') } });
    expect(leadRecipients(await store.listLeadMappings(cheshire.id), 'LSCB training Managers')).toMatchObject({ kind: 'users', userIds: [userId('Nigel Reid')] });
  });

  it('maps "LSCB\'s" to one of the boards by group id', async () => {
    const halton = server.directory.groups.find((g) => g.displayName === 'Halton LSCB')!;
    await leads({ plan: cheshire.id, confirm: "LSCB's", group: halton.id });
    expect((await rows(cheshire)).get("LSCB's")).toMatchObject({ status: 'confirmed', target: { kind: 'group', id: halton.id, displayName: 'Halton LSCB' } });
  });

  it('finds a lead typed as the plan writes it: "Louise West West" is Louise West', async () => {
    await leads({ plan: glos.id, match: true });
    await leads({ plan: glos.id, confirm: 'Louise West West' });
    expect((await rows(glos)).get('Louise West')).toMatchObject({ status: 'confirmed', target: { displayName: 'Louise West' } });
  });

  it('confirms every suggestion at once, leaving the ambiguous and unmatched as they are', async () => {
    await leads({ plan: cheshire.id, match: true });
    const out = await leads({ plan: cheshire.id, confirmAllSuggested: true });
    expect(out).toMatch(/Confirmed 6 suggested leads\./);
    expect(out).toMatch(/10 leads: 6 confirmed, 0 suggested, 1 ambiguous, 3 unmatched/);
  });

  it('keeps confirmed leads when matching again', async () => {
    await leads({ plan: cheshire.id, match: true });
    await leads({ plan: cheshire.id, confirm: 'DCI Wenham' });
    const out = await leads({ plan: cheshire.id, match: true });
    expect(out).toMatch(/Searched the directory for 9 leads; 1 confirmed left as they were/);
    expect((await rows(cheshire)).get('DCI Wenham')).toMatchObject({ status: 'confirmed' });
  });

  it('unsets a mapping, so nobody is reminded for the lead until someone is confirmed again', async () => {
    await leads({ plan: cheshire.id, match: true });
    await leads({ plan: cheshire.id, confirm: 'DCI Wenham' });
    const out = await leads({ plan: cheshire.id, unset: 'DCI Wenham' });
    expect(out).toContain('Unset "DCI Wenham"');
    expect((await rows(cheshire)).get('DCI Wenham')).toMatchObject({ status: 'unmatched', target: null, confirmedBy: null, candidates: [{ id: userId('Nigel Wenham') }] });
    expect(leadRecipients(await store.listLeadMappings(cheshire.id), 'DCI Wenham')).toMatchObject({ kind: 'unreachable' });
  });

  it('names a lead the plan does not have, and options that do not go together', async () => {
    await expect(leads({ plan: cheshire.id, confirm: 'Jane Price' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/has no lead "Jane Price"/) });
    await expect(leads({ plan: cheshire.id, match: true, unset: 'PCSG' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/--match and --unset cannot be combined/) });
    await expect(leads({ plan: cheshire.id, user: 'x@y.example' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/go with --confirm/) });
    await expect(leads({ plan: cheshire.id, confirm: 'PCSG', user: 'a', group: 'b' })).rejects.toMatchObject({ message: expect.stringMatching(/one of --user, --group and --contact/) });
  });

  it('says the directory refused, and which permission it needs, when the app may not read users', async () => {
    server.directory.denied.add('users');
    await expect(leads({ plan: cheshire.id, confirm: 'DCI Wenham', user: 'nigel.wenham@cheshire-police.example' })).rejects.toMatchObject({
      code: 'store_failure',
      message: expect.stringMatching(/403 Authorization_RequestDenied.*User\.Read\.All/),
    });
    const out = await leads({ plan: cheshire.id, match: true });
    expect(out).toMatch(/Not searched, left as it was: DCI Wenham: .*User\.Read\.All/);
  });
});

describe('plan leads without a tenant', () => {
  it('says matching needs one, and how to confirm by id meanwhile', async () => {
    await expect(leads({ plan: cheshire.id, match: true }, noTenant)).rejects.toMatchObject({ code: 'invalid_input', message: NO_TENANT });
    expect(NO_TENANT).toMatch(/GRAPH_TENANT_ID.*--confirm "<lead>" --user <object id>/);
    expect(await leads({ plan: cheshire.id }, noTenant)).toContain(`Not matched yet: ${NO_TENANT}`);
  });

  it('confirms by object id, shown under the lead’s name until a search can name the person', async () => {
    const id = '0B5E0015-7C1D-4E2F-9A3B-5C6D7E8F9A0B';
    const out = await leads({ plan: cheshire.id, confirm: 'DCI Wenham', user: id }, noTenant);
    expect(out).toContain('Confirmed "DCI Wenham" as DCI Wenham [0b5e0015-7c1d-4e2f-9a3b-5c6d7e8f9a0b].');
    expect(leadRecipients(await store.listLeadMappings(cheshire.id), 'DCI Wenham')).toMatchObject({ kind: 'users', userIds: [id.toLowerCase()] });
  });

  it('takes a contact by mail alone, but not a user: a mail address becomes a user only through the directory', async () => {
    await leads({ plan: cheshire.id, confirm: 'PSCG', contact: 'pcsg-chair@cheshire.example' }, noTenant);
    expect((await rows(cheshire)).get('PSCG')).toMatchObject({ status: 'confirmed', target: { kind: 'contact', id: null, mail: 'pcsg-chair@cheshire.example' } });
    await expect(leads({ plan: cheshire.id, confirm: 'DCI Wenham', user: 'nigel.wenham@cheshire-police.example' }, noTenant)).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/needs the directory, and no tenant is configured: give the user's object id/),
    });
  });
});

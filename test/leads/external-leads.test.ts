import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leadsCommand, type LeadsContext, type LeadsOptions } from '../../src/cli/commands/leads-command.js';
import { importPlanFile } from '../../src/import/import-file.js';
import { graphDirectory } from '../../src/leads/directory-search.js';
import { leadRecipients, reminderRecipients } from '../../src/leads/lead-recipients.js';
import type { Plan } from '../../src/plan/plan.js';
import { SqlitePlanStore } from '../../src/store/sqlite/sqlite-plan-store.js';
import { guestUser } from '../graph-server/directory.js';
import { startGraphTestServer, type GraphTestServer } from '../graph-server/graph-test-server.js';
import { testHttp } from '../sharepoint/sharepoint-harness.js';

/*
 * Partners outside the tenant (issue 18, item 3): a guest is found, matched and confirmed like a
 * member, so they get the card; a lead with no account at all is given an email address by the
 * plan owner, and only reminders go there.
 */

const root = join(import.meta.dirname, '../..');
const NOW = new Date('2018-01-05T09:00:00.000Z');

let server: GraphTestServer;
let store: SqlitePlanStore;
let glos: Plan;
let withTenant: LeadsContext;
const noTenant: LeadsContext = { directory: null, actor: 'Board manager' };

async function leads(options: LeadsOptions, context = withTenant): Promise<string> {
  return leadsCommand(store, { plan: glos.id, ...options }, NOW, context);
}

beforeEach(async () => {
  server = await startGraphTestServer();
  withTenant = { directory: () => graphDirectory(testHttp(server)), actor: 'Board manager' };
  store = new SqlitePlanStore(':memory:');
  glos = await store.importPlan((await importPlanFile(join(root, 'samples/gloucestershire-cse-2017-18.txt'))).draft);
});

afterEach(async () => {
  await store.close();
  await server.close();
});

describe('a lead who is a guest in the tenant', () => {
  it('is found by the directory search, suggested and confirmed like a member, and reminded as a user (the card)', async () => {
    const guest = guestUser('Annette Blackstock (NHS Gloucestershire)', 'annette.blackstock@nhs.example');
    server.directory.users.push(guest);
    const out = await leads({ match: true });
    expect(out).toMatch(/│ Annette Blackstock\s+│ suggested\s+│ Annette Blackstock \(NHS Gloucestershire\)/);
    expect(out).toMatch(/<annette\.blackstock@nhs\.example> \(guest\)/);
    const confirmed = await leads({ confirm: 'Annette Blackstock' });
    expect(confirmed).toContain('Confirmed "Annette Blackstock" as Annette Blackstock (NHS Gloucestershire) <annette.blackstock@nhs.example> (guest)');
    const mappings = await store.listLeadMappings(glos.id);
    expect(mappings.find((m) => m.lead === 'annette blackstock')?.target).toMatchObject({ kind: 'user', id: guest.id, userPrincipalName: 'annette.blackstock_nhs.example#EXT#@partnership.onmicrosoft.com' });
    expect(reminderRecipients(mappings, 'Annette Blackstock')).toEqual({ kind: 'users', lead: 'annette blackstock', userIds: [guest.id], displayName: 'Annette Blackstock (NHS Gloucestershire)' });
  });

  it('is matched by their own address when the inviter gave no name, not by the #EXT# sign-in name', async () => {
    const guest = guestUser('izzy.dougan@police.example', 'izzy.dougan@police.example');
    server.directory.users.push(guest);
    await leads({ match: true });
    const mapping = (await store.listLeadMappings(glos.id)).find((m) => m.lead === 'izzy dougan');
    expect(mapping).toMatchObject({ status: 'suggested', target: { id: guest.id, mail: 'izzy.dougan@police.example' } });
  });

  it('is confirmed by their sign-in name with #EXT#, which the directory is asked for encoded', async () => {
    const guest = guestUser('Izzy Dougan', 'izzy.dougan@police.example');
    server.directory.users.push(guest);
    await leads({ confirm: 'Izzy Dougan', user: guest.userPrincipalName });
    expect((await store.listLeadMappings(glos.id)).find((m) => m.lead === 'izzy dougan')?.target).toMatchObject({ kind: 'user', id: guest.id });
  });
});

describe('a lead with no account in the tenant', () => {
  it('is given an email address by the plan owner: reminders go there, and nothing else does', async () => {
    const out = await leads({ confirm: 'Izzy Dougan', email: 'Izzy.Dougan@Police.example' });
    expect(out).toContain('Confirmed "Izzy Dougan" as izzy.dougan@police.example (no account: reminded by email).');
    const mappings = await store.listLeadMappings(glos.id);
    expect(mappings.find((m) => m.lead === 'izzy dougan')).toMatchObject({ status: 'confirmed', confirmedBy: 'Board manager', target: { kind: 'email', id: null, mail: 'izzy.dougan@police.example', displayName: 'Izzy Dougan' } });
    expect(reminderRecipients(mappings, 'Izzy Dougan')).toEqual({ kind: 'email', lead: 'izzy dougan', address: 'izzy.dougan@police.example', displayName: 'Izzy Dougan' });
    expect(leadRecipients(mappings, 'Izzy Dougan').kind).toBe('unreachable');
  });

  it('works with no tenant configured, since an address needs no directory', async () => {
    await leads({ confirm: 'Izzy Dougan', email: 'izzy.dougan@police.example' }, noTenant);
    expect((await store.listLeadMappings(glos.id)).find((m) => m.lead === 'izzy dougan')?.target?.kind).toBe('email');
  });

  it('refuses an address the directory knows (a guest gets the card), naming --user', async () => {
    server.directory.users.push(guestUser('Annette Blackstock', 'annette.blackstock@nhs.example'));
    await expect(leads({ confirm: 'Annette Blackstock', email: 'annette.blackstock@nhs.example' })).rejects.toThrow(/is Annette Blackstock \(a guest in the tenant\) in the directory: confirm them with --user annette\.blackstock@nhs\.example/);
  });

  it('refuses what is not one plain address, and --email beside another choice', async () => {
    for (const bad of ['Izzy Dougan <izzy@police.example>', 'izzy@police.example, boss@police.example', 'izzy', '']) {
      await expect(leads({ confirm: 'Izzy Dougan', email: bad }, noTenant)).rejects.toThrow(/--email needs one email address/);
    }
    await expect(leads({ confirm: 'Izzy Dougan', email: 'izzy@police.example', user: 'izzy@police.example' })).rejects.toThrow(/not --user and --email/);
    await expect(leads({ email: 'izzy@police.example' })).rejects.toThrow(/go with --confirm/);
    expect((await store.listLeadMappings(glos.id)).find((m) => m.lead === 'izzy dougan')).toBeUndefined();
  });
});

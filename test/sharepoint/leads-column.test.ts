import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normaliseLeadName } from '../../src/plan/lead.js';
import type { LeadMapping, LeadTarget } from '../../src/plan/lead-mapping.js';
import type { Plan } from '../../src/plan/plan.js';
import { gloucestershireExtract } from '../fixtures/plan-drafts.js';
import { startSharePointHarness, type SharePointHarness } from './sharepoint-harness.js';

/*
 * The Actions list's Leads Person column, filled from confirmed mappings so that SharePoint's
 * "My actions" view ([Me] in Leads) shows each lead their actions. Against the local server's
 * User Information List (test/graph-server/site-user-list.ts), which SP.Web.ensureUser fills.
 */

let harness: SharePointHarness;
let plan: Plan;

beforeEach(async () => {
  harness = await startSharePointHarness();
  plan = await harness.store.importPlan(gloucestershireExtract());
});

afterEach(async () => {
  await harness.close();
});

function directoryUser(name: string): LeadTarget {
  const user = harness.server.directory.users.find((u) => u.displayName === name)!;
  return { kind: 'user', id: user.id, displayName: user.displayName, mail: user.mail, userPrincipalName: user.userPrincipalName, jobTitle: user.jobTitle };
}

function confirmed(writtenAs: string, target: LeadTarget): LeadMapping {
  return { lead: normaliseLeadName(writtenAs), writtenAs, status: 'confirmed', target, candidates: [target], updatedAt: '2018-01-05T09:00:00.000Z', confirmedBy: 'Lynne Speak' };
}

/** Each action's Leads column as SharePoint shows it: the site users' names (sorted), by ref. */
function leadsColumnByRef(): Record<string, string[]> {
  const actions = harness.server.site.findList('Actions');
  return Object.fromEntries(
    [...actions.items.values()].map((item) => {
      const ids = (item.fields.LeadsLookupId as string[] | undefined) ?? [];
      return [String(item.fields.Ref), ids.map((id) => harness.server.site.users.get(Number(id))?.Title ?? `unknown ${id}`).sort()];
    }),
  );
}

const writes = () => harness.server.log.filter((l) => l.method !== 'GET' && !l.inner && !l.path.endsWith('/ensureuser'));

describe('the Leads Person column, from confirmed lead mappings', () => {
  it('puts each action’s confirmed leads in the column, through the site’s user ids, and leaves unconfirmed leads out', async () => {
    const steering = harness.server.directory.groups.find((g) => g.displayName === 'CSE Steering Group')!;
    await harness.store.saveLeadMappings(plan.id, [
      confirmed('Louise West', directoryUser('Louise West')),
      confirmed('Jane Price', directoryUser('Jane Price')),
      confirmed('All Steering group leads', { kind: 'group', id: steering.id, displayName: steering.displayName, mail: steering.mail }),
      { ...confirmed('Dawn Porter', directoryUser('Dawn Porter')), status: 'suggested', confirmedBy: null },
    ]);
    harness.server.resetLog();

    const report = await harness.store.fillLeadsColumn(plan.id);

    expect(report).toEqual({ actions: 8, changed: 7, placed: ['All Steering group leads', 'Jane Price', 'Louise West'], notPlaced: [], notWritten: null });
    expect(leadsColumnByRef()).toEqual({
      '1.7': ['Jane Price'],
      '1.9': ['Louise West'],
      '1.13': ['Jane Price', 'Louise West'],
      '1.17': [],
      '4.3': ['Louise West'],
      '4.4': ['Louise West'],
      '4.5': ['Louise West'],
      '5.2': ['CSE Steering Group'],
    });
    // One ensureuser per confirmed lead; the group resolved as a Microsoft 365 group's claim.
    expect(harness.server.log.filter((l) => l.path.endsWith('/_api/web/ensureuser')).length).toBe(3);
    expect([7, 8, 9].map((id) => harness.server.site.users.get(id)?.LoginName)).toContain(`c:0o.c|federateddirectoryclaimprovider|${steering.id}`);
    // Seven PATCHes of the fields, in one $batch.
    expect(writes().map((w) => [w.method, w.path, w.batchSize])).toEqual([['POST', '/v1.0/$batch', 7]]);
  });

  it('writes nothing the second time, and takes a lead out of their actions once the owner unsets them', async () => {
    await harness.store.saveLeadMappings(plan.id, [confirmed('Louise West', directoryUser('Louise West')), confirmed('Jane Price', directoryUser('Jane Price'))]);
    await harness.store.fillLeadsColumn(plan.id);

    harness.server.resetLog();
    expect(await harness.store.fillLeadsColumn(plan.id)).toMatchObject({ actions: 8, changed: 0 });
    expect(writes()).toEqual([]);

    const [jane] = (await harness.store.listLeadMappings(plan.id)).filter((m) => m.lead === 'jane price');
    await harness.store.saveLeadMappings(plan.id, [{ ...jane!, status: 'unmatched', target: null, confirmedBy: null }]);
    expect(await harness.store.fillLeadsColumn(plan.id)).toMatchObject({ changed: 2, placed: ['Louise West'] });
    expect(leadsColumnByRef()).toMatchObject({ '1.7': [], '1.13': ['Louise West'] });
  });

  it('names a confirmed lead the site will not take, and why, and still fills everyone else', async () => {
    // In the directory when confirmed; gone since, so SharePoint cannot find them.
    const gone: LeadTarget = { kind: 'user', id: '5f1c0000-7c1d-4e2f-9a3b-5c6d7e8f9a0b', displayName: 'Natalie Oakley', mail: 'n.oakley@left-the-force.example', userPrincipalName: null };
    await harness.store.saveLeadMappings(plan.id, [confirmed('Natalie Oakley', gone), confirmed('Jane Price', directoryUser('Jane Price'))]);

    const report = await harness.store.fillLeadsColumn(plan.id);

    expect(report.placed).toEqual(['Jane Price']);
    expect(report.notPlaced).toEqual([{ lead: 'Natalie Oakley', why: 'the site would not add them: The specified user i:0#.f|membership|n.oakley@left-the-force.example could not be found.' }]);
    expect(leadsColumnByRef()).toMatchObject({ '1.7': ['Jane Price'], '1.13': ['Jane Price'] });
  });

  it('takes nobody out of the actions of a confirmed lead the site now refuses, since which of their people it was cannot be told', async () => {
    await harness.store.saveLeadMappings(plan.id, [confirmed('Jane Price', directoryUser('Jane Price')), confirmed('Louise West', directoryUser('Louise West'))]);
    await harness.store.fillLeadsColumn(plan.id);
    const before = leadsColumnByRef();

    const gone: LeadTarget = { kind: 'user', id: '5f1c0000-7c1d-4e2f-9a3b-5c6d7e8f9a0b', displayName: 'Jane Price', mail: 'jane.price@left.example', userPrincipalName: null };
    await harness.store.saveLeadMappings(plan.id, [confirmed('Jane Price', gone)]);
    const report = await harness.store.fillLeadsColumn(plan.id);

    expect(report).toMatchObject({ changed: 0, placed: ['Louise West'], notPlaced: [{ lead: 'Jane Price' }] });
    expect(leadsColumnByRef()).toEqual(before);
  });

  it('stops, writing nothing, when SharePoint refuses ensureuser itself rather than one person', async () => {
    await harness.store.saveLeadMappings(plan.id, [confirmed('Jane Price', directoryUser('Jane Price'))]);
    harness.server.resetLog();
    harness.server.site.users.denied = true;
    await expect(harness.store.fillLeadsColumn(plan.id)).rejects.toMatchObject({ status: 403 });
    expect(writes()).toEqual([]);
  });

  it('reports the actions whose write failed, having written the others, and a second run writes only those', async () => {
    await harness.store.saveLeadMappings(plan.id, [confirmed('Louise West', directoryUser('Louise West'))]);
    harness.server.faults.failNextInner(2, { status: 400, code: 'invalidRequest', message: 'General exception while processing' });

    const first = await harness.store.fillLeadsColumn(plan.id);
    expect(first).toMatchObject({ actions: 8, changed: 3, notWritten: { count: 2, why: expect.stringContaining('General exception while processing') } });

    const second = await harness.store.fillLeadsColumn(plan.id);
    expect(second).toMatchObject({ changed: 2, notWritten: null });
    expect(Object.values(leadsColumnByRef()).filter((names) => names.includes('Louise West'))).toHaveLength(5);
  });

  it('answers an unknown plan with plan_not_found and writes nothing', async () => {
    harness.server.resetLog();
    await expect(harness.store.fillLeadsColumn('9999')).rejects.toMatchObject({ code: 'plan_not_found' });
    expect(writes()).toEqual([]);
  });
});

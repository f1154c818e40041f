import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GraphHttp } from '../../src/graph/graph-http.js';
import { HttpError } from '../../src/graph/http-error.js';
import { importPlanFile } from '../../src/import/import-file.js';
import { graphDirectory, type Directory } from '../../src/leads/directory-search.js';
import { matchPlanLeads } from '../../src/leads/match-plan-leads.js';
import type { LeadMapping } from '../../src/plan/lead-mapping.js';
import type { Plan } from '../../src/plan/plan.js';
import { SqlitePlanStore } from '../../src/store/sqlite/sqlite-plan-store.js';
import { startGraphTestServer, type GraphTestServer } from '../graph-server/graph-test-server.js';
import { testHttp } from '../sharepoint/sharepoint-harness.js';

const root = join(import.meta.dirname, '../..');
const AT = '2018-01-05T09:00:00.000Z';

let server: GraphTestServer;
let http: GraphHttp;
let directory: Directory;
let store: SqlitePlanStore;
let cheshire: Plan;
let glos: Plan;

beforeEach(async () => {
  server = await startGraphTestServer();
  http = testHttp(server);
  directory = graphDirectory(http);
  store = new SqlitePlanStore(':memory:');
  cheshire = await store.importPlan((await importPlanFile(join(root, 'samples/pan-cheshire-cse-2013.txt'))).draft);
  glos = await store.importPlan((await importPlanFile(join(root, 'samples/gloucestershire-cse-2017-18.txt'))).draft);
  server.resetLog();
});

afterEach(async () => {
  await store.close();
  await server.close();
});

function byLead(mappings: readonly LeadMapping[]): Map<string, LeadMapping> {
  return new Map(mappings.map((m) => [m.writtenAs, m]));
}

const userId = (name: string): string => server.directory.users.find((u) => u.displayName === name)!.id;
const groupId = (name: string): string => server.directory.groups.find((g) => g.displayName === name)!.id;

describe('matching the Pan Cheshire plan’s leads to Entra ID', () => {
  let found: Map<string, LeadMapping>;

  beforeEach(async () => {
    await matchPlanLeads(store, cheshire.id, directory, AT);
    found = byLead(await store.listLeadMappings(cheshire.id));
  });

  it('suggests Nigel Wenham for "DCI Wenham", the rank dropped and the surname matched', () => {
    expect(found.get('DCI Wenham')).toMatchObject({ status: 'suggested', target: { kind: 'user', id: userId('Nigel Wenham'), jobTitle: 'Detective Chief Inspector' }, confirmedBy: null });
    expect(found.get('Nigel Wenham')).toMatchObject({ status: 'suggested', target: { id: userId('Nigel Wenham') } });
  });

  it('suggests the person who leads for a team: "CP Training and Development (Nigel Reid)" is Nigel Reid', () => {
    expect(found.get('Nigel Reid')).toMatchObject({ status: 'suggested', target: { id: userId('Nigel Reid') } });
  });

  it('suggests groups by their name or the capitals the plan uses: "Pan Cheshire Group (PCSG)", "PCSG", "LSCB training Managers"', () => {
    expect(found.get('Pan Cheshire Group')).toMatchObject({ status: 'suggested', target: { kind: 'group', id: groupId('Pan Cheshire Strategic Group') } });
    expect(found.get('PCSG')).toMatchObject({ status: 'suggested', target: { kind: 'group', id: groupId('Pan Cheshire Strategic Group') } });
    expect(found.get('LSCB training Managers')).toMatchObject({ status: 'suggested', target: { kind: 'group', id: groupId('LSCB Training Managers') } });
  });

  it('calls "LSCB\'s" ambiguous, listing the boards for the owner to choose from', () => {
    const lscbs = found.get("LSCB's")!;
    expect(lscbs).toMatchObject({ status: 'ambiguous', target: null });
    expect(lscbs.candidates.map((c) => c.displayName)).toEqual(expect.arrayContaining(['Halton LSCB', 'Warrington LSCB', 'Cheshire East LSCB', 'Cheshire West and Chester LSCB']));
  });

  it('leaves "PSCG" (a typo), "SPPU – DCI" and "Pan Cheshire and Sub Groups" unmatched: never guessed', () => {
    for (const lead of ['PSCG', 'SPPU – DCI', 'Pan Cheshire and Sub Groups']) expect(found.get(lead)).toMatchObject({ status: 'unmatched', target: null });
  });

  it('confirms nothing by itself', () => {
    expect([...found.values()].filter((m) => m.status === 'confirmed')).toEqual([]);
    expect(found.size).toBe(10);
  });
});

describe('matching the Gloucestershire plan’s leads to Entra ID', () => {
  it('suggests Louise West for "Louise West West/Dawn Porter", not Louise Westbury, and Dawn Porter beside her', async () => {
    await matchPlanLeads(store, glos.id, directory, AT);
    const found = byLead(await store.listLeadMappings(glos.id));
    expect(found.get('Louise West')).toMatchObject({ status: 'suggested', target: { id: userId('Louise West') }, candidates: [{ displayName: 'Louise West' }] });
    expect(found.get('Dawn Porter')).toMatchObject({ status: 'suggested', target: { id: userId('Dawn Porter') } });
  });

  it('suggests Jane Price, not Janet Price whose name only starts the same', async () => {
    await matchPlanLeads(store, glos.id, directory, AT);
    expect(byLead(await store.listLeadMappings(glos.id)).get('Jane Price')).toMatchObject({ status: 'suggested', target: { id: userId('Jane Price') }, candidates: [{ id: userId('Jane Price') }] });
  });

  it('calls two Sarah Scotts, and "Jenny" among two Jennys, ambiguous', async () => {
    await matchPlanLeads(store, glos.id, directory, AT);
    const found = byLead(await store.listLeadMappings(glos.id));
    expect(found.get('Sarah Scott')).toMatchObject({ status: 'ambiguous', target: null, candidates: [{ mail: 'sarah.scott@glos.example' }, { mail: 'sarah.scott@glos-schools.example' }] });
    expect(found.get('Jenny')).toMatchObject({ status: 'ambiguous', candidates: [{ displayName: 'Jenny Kadodia' }, { displayName: 'Jenny Hughes' }] });
    expect(found.get('Jenny Kadodia')).toMatchObject({ status: 'suggested' });
  });

  it('leaves people the directory does not hold unmatched: Izzy Dougan, Annette Blackstock', async () => {
    await matchPlanLeads(store, glos.id, directory, AT);
    const found = byLead(await store.listLeadMappings(glos.id));
    expect(found.get('Izzy Dougan')).toEqual({ lead: 'izzy dougan', writtenAs: 'Izzy Dougan', status: 'unmatched', target: null, candidates: [], updatedAt: AT, confirmedBy: null });
    expect(found.get('Annette Blackstock')).toMatchObject({ status: 'unmatched' });
    expect(found.get('All Steering group leads')).toMatchObject({ status: 'unmatched' });
  });

  it('searches the plan’s 25 leads in two $batch requests of at most 20, each search carrying ConsistencyLevel', async () => {
    const report = await matchPlanLeads(store, glos.id, directory, AT);
    expect(report).toMatchObject({ searched: 25, keptConfirmed: 0, refused: [] });
    const batches = server.log.filter((l) => !l.inner);
    expect(batches.map((b) => [b.method, b.path, b.batchSize])).toEqual([
      ['POST', '/v1.0/$batch', 20],
      ['POST', '/v1.0/$batch', 5],
    ]);
    const inner = server.log.filter((l) => l.inner);
    expect(inner).toHaveLength(25);
    expect(inner.every((l) => l.status === 200 && (l.path === '/users' || l.path === '/groups'))).toBe(true);
    expect(server.directory.searches).toBe(25);
  });

  it('retries searches throttled inside a batch after their Retry-After, and misses none', async () => {
    server.faults.failNextInner(3, { status: 429, retryAfterSeconds: 2 });
    const report = await matchPlanLeads(store, glos.id, directory, AT);
    expect(report.searched).toBe(25);
    expect(server.log.filter((l) => l.inner && l.status === 429)).toHaveLength(3);
    expect(byLead(await store.listLeadMappings(glos.id)).get('Jane Price')).toMatchObject({ status: 'suggested' });
  });

  it('keeps what the owner confirmed when the directory is searched again', async () => {
    const confirmed: LeadMapping = {
      lead: 'jane price',
      writtenAs: 'Jane Price',
      status: 'confirmed',
      target: { kind: 'contact', id: null, displayName: 'Jane Price', mail: 'jane.price@nhs.example' },
      candidates: [],
      updatedAt: AT,
      confirmedBy: 'Plan owner',
    };
    await store.saveLeadMappings(glos.id, [confirmed]);
    const report = await matchPlanLeads(store, glos.id, directory, '2018-02-01T09:00:00.000Z');
    expect(report).toMatchObject({ searched: 24, keptConfirmed: 1 });
    expect(byLead(await store.listLeadMappings(glos.id)).get('Jane Price')).toEqual(confirmed);
  });

  it('leaves group leads as they were when the app may not read groups, saying which permission is missing', async () => {
    server.directory.denied.add('groups');
    const report = await matchPlanLeads(store, cheshire.id, directory, AT);
    expect(report.refused.map((r) => r.lead).sort()).toEqual(["LSCB's", 'LSCB training Managers', 'PCSG', 'PSCG', 'Pan Cheshire Group', 'Pan Cheshire and Sub Groups', 'SPPU – DCI'].sort());
    expect(report.refused[0]!.reason).toMatch(/403 Authorization_RequestDenied.*GroupMember\.Read\.All/);
    expect((await store.listLeadMappings(cheshire.id)).map((m) => m.writtenAs).sort()).toEqual(['DCI Wenham', 'Nigel Reid', 'Nigel Wenham']);
  });
});

describe('the local directory, as Graph documents it', () => {
  it('refuses $search without ConsistencyLevel: eventual with 400 Request_UnsupportedQuery', async () => {
    const error = await http.send({ method: 'GET', url: `/users?$search=${encodeURIComponent('"displayName:wenham"')}` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 400, code: 'Request_UnsupportedQuery', message: expect.stringContaining("'ConsistencyLevel: eventual'") });
  });

  it('searches display names word by word from their start, and mail from its start', async () => {
    const search = async (resource: string, expression: string): Promise<string[]> => {
      const reply = await http.send({ method: 'GET', url: `/${resource}?$search=${encodeURIComponent(expression)}&$select=displayName&$count=true`, headers: { ConsistencyLevel: 'eventual' } });
      return (reply.body as { value: { displayName: string }[] }).value.map((u) => u.displayName);
    };
    expect(await search('users', '"displayName:price jan"')).toEqual(['Jane Price', 'Janet Price']);
    expect(await search('users', '"displayName:west louise"')).toEqual(['Louise West', 'Louise Westbury']);
    expect(await search('users', '"mail:nigel.w"')).toEqual(['Nigel Wenham']);
    expect(await search('users', '"displayName:nigel" AND ("mail:nigel.r" OR "displayName:wenham")')).toEqual(['Nigel Wenham', 'Nigel Reid']);
    expect(await search('groups', '"displayName:lscb training"')).toEqual(['LSCB Training Managers']);
  });

  it('pages a search by @odata.nextLink and counts it with $count=true', async () => {
    const reply = await http.send({ method: 'GET', url: `/users?$search=${encodeURIComponent('"displayName:jenny" OR "displayName:sarah"')}&$top=3&$count=true`, headers: { ConsistencyLevel: 'eventual' } });
    const body = reply.body as { '@odata.count': number; value: unknown[]; '@odata.nextLink': string };
    expect(body['@odata.count']).toBe(4);
    expect(body.value).toHaveLength(3);
    const next = await http.send({ method: 'GET', url: body['@odata.nextLink'], headers: { ConsistencyLevel: 'eventual' } });
    expect((next.body as { value: unknown[] }).value).toHaveLength(1);
  });

  it('finds a user by id or mail, a group by id, and nobody for an unknown id', async () => {
    expect(await directory.findUser(userId('Nigel Reid'))).toMatchObject({ displayName: 'Nigel Reid', mail: 'nigel.reid@cheshire-police.example' });
    expect(await directory.findUser('NIGEL.REID@cheshire-police.example')).toMatchObject({ id: userId('Nigel Reid') });
    expect(await directory.findUser('nigel@cheshire-police.example')).toBeNull();
    expect(await directory.findGroup(groupId('Halton LSCB'))).toMatchObject({ kind: 'group', displayName: 'Halton LSCB' });
    expect(await directory.findGroup('00000000-0000-0000-0000-000000000000')).toBeNull();
  });
});

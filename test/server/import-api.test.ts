import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/create-app.js';
import { close, listen } from '../../src/server/start-server.js';
import { openPlanStore } from '../../src/store/open-store.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { docxFromTextExport } from '../fixtures/build-docx.js';

/*
 * Plan documents in over HTTP, as the tab's import page sends them: the file's bytes as the body,
 * its name in the query; a dry run first, then the import; the next version into its plan.
 */
const SAMPLES = join(import.meta.dirname, '../../samples');
const NOW = new Date('2018-02-05T10:00:00Z');

let dir: string;
let store: PlanStore;
let server: Server;
let base: string;
let glosText: string;

async function send(path: string, body: Uint8Array | string): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: typeof body === 'string' ? body : Buffer.from(body) });
  return { status: res.status, json: await res.json() };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-import-api-'));
  store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
  const app = createApp({ store, clock: () => NOW, identify: async () => ({ name: 'Jane Price', userId: null }), log: () => {}, storeKind: 'sqlite' });
  ({ server, url: base } = await listen(app, '127.0.0.1', 0));
  glosText = await readFile(join(SAMPLES, 'gloucestershire-cse-2017-18.txt'), 'utf8');
});

afterAll(async () => {
  await close(server);
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('POST /api/plans/import and /api/plans/{planId}/import', () => {
  it('shows what a new plan would hold in a dry run, writing nothing', async () => {
    const { status, json } = await send('/api/plans/import?fileName=glos.txt&dryRun=true', glosText);
    expect(status).toBe(200);
    expect(json).toMatchObject({ kind: 'dry-run', title: expect.stringContaining('Gloucestershire'), into: null, revision: null, report: { actionCount: 47, sectionCount: 5 } });
    expect(await store.countPlans()).toBe(0);
  });

  it('imports a Word plan as a new plan (201), then answers a second copy with the plan it could be (409)', async () => {
    const docx = await docxFromTextExport(glosText);
    const created = await send('/api/plans/import?fileName=glos.docx', docx);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ kind: 'created', report: { format: 'docx', actionCount: 47 } });
    const again = await send('/api/plans/import?fileName=glos.docx', docx);
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('title_clash');
    expect(again.json.error.current.candidates.map((c: { id: string }) => c.id)).toEqual([created.json.planId]);
    expect(await store.countPlans()).toBe(1);
  });

  it('brings the next version into its plan: a dry run first, then the changes with the requester as author', async () => {
    const planId = (await store.listPlans())[0]!.id;
    const next = glosText.replace('June 17 - ', 'Feb 18 - New update from the board meeting.\nJune 17 - ');
    const dry = await send(`/api/plans/${planId}/import?fileName=glos-v2.txt&dryRun=true`, next);
    expect(dry.status).toBe(200);
    expect(dry.json.kind).toBe('dry-run');
    const withNew = dry.json.revision.matched.filter((m: { newUpdates: unknown[] }) => m.newUpdates.length > 0);
    expect(withNew).toHaveLength(1);
    const applied = await send(`/api/plans/${planId}/import?fileName=glos-v2.txt`, next);
    expect(applied.status).toBe(200);
    expect(applied.json.kind).toBe('revised');
    const action = await store.getActionByRef(planId, withNew[0].incoming.ref);
    expect(action!.updates.some((u) => u.text.startsWith('Feb 18 - New update from the board meeting.') && u.date === '2018-02')).toBe(true);
    const twice = await send(`/api/plans/${planId}/import?fileName=glos-v2.txt`, next);
    expect(twice.json.kind).toBe('unchanged');
  });

  it('refuses a document it cannot read with its status and where, and stores nothing', async () => {
    const before = await store.countPlans();
    const { status, json } = await send('/api/plans/import?fileName=minutes.txt&asNew=true', 'Minutes of the board\n\nAttendees: chair\n');
    expect(status).toBe(422);
    expect(json.error.code).toBe('import_no_plan_table');
    expect(json.error.message).toContain('minutes.txt');
    expect(await store.countPlans()).toBe(before);
  });

  it('refuses a query without a file name, or with a path for one', async () => {
    expect((await send('/api/plans/import', glosText)).json.error.message).toContain('fileName is required');
    expect((await send('/api/plans/import?fileName=../../etc/passwd', glosText)).json.error.message).toContain('a name, not a path');
  });

  it('refuses a body over the importer\'s limit as too large', async () => {
    const { status, json } = await send('/api/plans/import?fileName=big.txt', new Uint8Array(21 * 1024 * 1024));
    expect(status).toBe(413);
    expect(json.error.code).toBe('import_file_too_large');
  });

  it('answers 404 for a plan that is not there', async () => {
    const { status, json } = await send('/api/plans/nope/import?fileName=glos.txt', glosText);
    expect(status).toBe(404);
    expect(json.error.code).toBe('plan_not_found');
  });
});

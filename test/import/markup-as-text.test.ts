import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlanBuffer } from '../../src/import/import-file.js';
import type { ActionWithUpdates } from '../../src/plan/plan.js';
import { createApp } from '../../src/server/create-app.js';
import { close, listen } from '../../src/server/start-server.js';
import { openPlanStore } from '../../src/store/open-store.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { buildDocx } from '../fixtures/build-docx.js';
import { localBot } from '../server/local-bot.js';

/*
 * What people type into a CSV, Excel or Word cell is text, whatever it looks like: "<script>" and
 * "<img onerror=...>" written there are kept as those characters, in the plan, the API and the
 * export, and every view shows them as text. (Only the text export's cells are HTML; there a
 * script element stops the import, see bad-input.test.ts.)
 */

const SCRIPT = '<script>alert(1)</script> Audit the referral pathway';
const IMG = 'Jan 18 - <img src=x onerror=alert(1)> sessions booked';
const LEAD = 'Jane Price <b onmouseover=alert(1)>';

const csv = new TextEncoder().encode(['Ref,Action,Lead,Timescale,Progress,RAG', `1.1,"${SCRIPT}","${LEAD}",March 2018,"${IMG}",Amber`].join('\n'));

function docx(): Promise<Uint8Array> {
  return buildDocx([
    { kind: 'paragraph', text: 'Safeguarding plan 2018', heading: true },
    { kind: 'table', rows: [[['Ref'], ['Action'], ['Lead'], ['Timescale'], ['Progress'], ['RAG']], [['1.1'], [SCRIPT], [LEAD], ['March 2018'], [IMG], ['Amber']]] },
  ]);
}

describe('markup typed into a cell is text', () => {
  it.each([
    ['a CSV', 'plan.csv', async () => csv],
    ['a Word document', 'plan.docx', docx],
  ])('imports <script> and <img onerror> in %s as the characters written', async (_what, fileName, bytes) => {
    const { draft } = await importPlanBuffer(fileName, await bytes());
    const action = draft.actions[0]!;
    expect(action.text).toBe(SCRIPT);
    expect(action.title).toContain('<script>alert(1)</script>');
    expect(action.updates.map((u) => u.text)).toEqual([IMG]);
    expect(action.leadsText).toBe(LEAD);
  });
});

describe('the API answers such a cell as the text written', () => {
  let dir: string;
  let store: PlanStore;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plan-markup-'));
    store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
    const app = createApp({ store, clock: () => new Date('2018-02-05T10:00:00Z'), identify: async () => ({ name: 'Jane Price', userId: null }), log: () => {}, storeKind: 'sqlite', bot: localBot(store) });
    ({ server, url: base } = await listen(app, '127.0.0.1', 0));
  });

  afterAll(async () => {
    await close(server);
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['a CSV', 'plan.csv', async () => csv],
    ['a Word document', 'plan.docx', docx],
  ])('imports %s over HTTP and returns its cells as JSON strings, never as markup', async (_what, fileName, bytes) => {
    const created = await fetch(`${base}/api/plans/import?fileName=${fileName}&asNew=true`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from(await bytes()) });
    expect(created.status).toBe(201);
    const { planId } = (await created.json()) as { planId: string };

    const res = await fetch(`${base}/api/plans/${planId}/actions/1.1`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const action = (await res.json()) as ActionWithUpdates;
    expect(action.text).toBe(SCRIPT);
    expect(action.leadsText).toBe(LEAD);
    expect(action.updates.map((u) => u.text)).toEqual([IMG]);

    const exported = (await (await fetch(`${base}/api/plans/${planId}/export`)).json()) as { actions: { text: string; updates: { text: string }[] }[] };
    expect(exported.actions[0]!.text).toBe(SCRIPT);
    expect(exported.actions[0]!.updates[0]!.text).toBe(IMG);
  });
});

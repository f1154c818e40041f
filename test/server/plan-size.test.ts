import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlanBuffer } from '../../src/import/import-file.js';
import { PlanError } from '../../src/plan/errors.js';
import { MAX_PLAN_ACTIONS, MAX_PLAN_UPDATES } from '../../src/plan/plan-limits.js';
import type { ActionView } from '../../src/plan/plan.js';
import { MAX_ACTIONS_PAGE } from '../../src/service/action-query.js';
import { createApp } from '../../src/server/create-app.js';
import { close, listen } from '../../src/server/start-server.js';
import { importDocument } from '../../src/service/import-document.js';
import { openPlanStore } from '../../src/store/open-store.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { generateTextExport } from '../../bench/generate-plan.js';
import { generatedDraft } from '../fixtures/plan-drafts.js';
import { localBot } from './local-bot.js';

/*
 * A plan has a documented size limit far above any real plan, and the action list comes in pages,
 * so neither an oversized document nor one request can take the server's memory.
 */

const NOW = new Date('2018-03-01T10:00:00Z');
let dir: string;
let store: PlanStore;
let server: Server;
let base: string;
let planId: string;
const SIZE = 2_345;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-size-'));
  store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
  planId = (await store.importPlan(generatedDraft(SIZE, 1))).id;
  const app = createApp({ store, clock: () => NOW, identify: async () => ({ name: 'Jane Price', userId: null }), log: () => {}, storeKind: 'sqlite', bot: localBot(store) });
  ({ server, url: base } = await listen(app, '127.0.0.1', 0));
});

afterAll(async () => {
  await close(server);
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function nextLink(res: Response): string | null {
  return /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
}

describe('the action list in pages', () => {
  it('answers at most one page, says how many there are, and links the next page', async () => {
    const res = await fetch(`${base}/api/plans/${planId}/actions`);
    const page = (await res.json()) as ActionView[];
    expect(page).toHaveLength(MAX_ACTIONS_PAGE);
    expect(res.headers.get('x-total-count')).toBe(String(SIZE));
    expect(nextLink(res)).toBe(`/api/plans/${planId}/actions?top=${MAX_ACTIONS_PAGE}&skip=${MAX_ACTIONS_PAGE}`);
  });

  it('walks the whole plan in order by following next, with no action twice or missed', async () => {
    const all = (await store.findActions(planId)).map((a) => a.ref);
    const seen: string[] = [];
    let link: string | null = `/api/plans/${planId}/actions?top=700`;
    let pages = 0;
    while (link) {
      const res = await fetch(`${base}${link}`);
      seen.push(...((await res.json()) as ActionView[]).map((a) => a.ref));
      link = nextLink(res);
      pages += 1;
    }
    expect(pages).toBe(Math.ceil(SIZE / 700));
    expect(seen).toEqual(all);
  });

  it('keeps the filters on every page', async () => {
    const res = await fetch(`${base}/api/plans/${planId}/actions?rag=Red&top=100`);
    const first = (await res.json()) as ActionView[];
    expect(first.every((a) => a.rag === 'Red')).toBe(true);
    const link = nextLink(res)!;
    expect(new URL(link, base).searchParams.get('rag')).toBe('Red');
    const second = (await (await fetch(`${base}${link}`)).json()) as ActionView[];
    expect(second.every((a) => a.rag === 'Red')).toBe(true);
    expect(second[0]!.ref).not.toBe(first[0]!.ref);
  });

  it('has no next link on the last page', async () => {
    const res = await fetch(`${base}/api/plans/${planId}/actions?skip=${SIZE - 5}`);
    expect((await res.json()) as ActionView[]).toHaveLength(5);
    expect(res.headers.get('link')).toBeNull();
  });

  it('refuses a page larger than the largest, or a negative skip, naming the parameter', async () => {
    for (const query of [`top=${MAX_ACTIONS_PAGE + 1}`, 'top=0', 'skip=-1', 'top=ten']) {
      const res = await fetch(`${base}/api/plans/${planId}/actions?${query}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^query parameter: (top|skip): /);
    }
  });
});

describe('the size limit', () => {
  it('refuses a CSV of more actions than a plan holds, naming the file and the limit, and stores nothing', async () => {
    const csv = ['Ref,Action,Lead,Timescale,RAG', ...Array.from({ length: MAX_PLAN_ACTIONS + 1 }, (_, i) => `${i + 1},Review pathway ${i},Jane Price,March 2018,Red`)].join('\n');
    const before = await store.countPlans();
    const error = await importDocument(store, { fileName: 'huge.csv', data: new TextEncoder().encode(csv), importedAt: NOW.toISOString(), author: 'Jane Price' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanError);
    expect((error as PlanError).code).toBe('plan_too_large');
    expect((error as PlanError).message).toContain('huge.csv');
    expect((error as PlanError).message).toContain('more than 10,000 actions; a plan holds at most 10,000');
    // Where reading stopped: the first row past the limit.
    expect((error as PlanError).at).toMatchObject({ file: 'huge.csv', line: MAX_PLAN_ACTIONS + 2 });
    expect(await store.countPlans()).toBe(before);
  });

  it('reads a plan right at the limit', async () => {
    const text = generateTextExport(MAX_PLAN_ACTIONS, 0);
    const { report } = await importPlanBuffer('at-limit.txt', new TextEncoder().encode(text));
    expect(report.actionCount).toBe(MAX_PLAN_ACTIONS);
  });

  it('is checked by the store too, for drafts that come from scripts', async () => {
    const draft = generatedDraft(3, 0);
    const tooMany = { ...draft, actions: Array.from({ length: MAX_PLAN_ACTIONS + 1 }, (_, i) => ({ ...draft.actions[0]!, ref: `9.${i}` })) };
    await expect(store.importPlan(tooMany)).rejects.toMatchObject({ code: 'plan_too_large' });
    const wordy = { ...draft, actions: draft.actions.map((a) => ({ ...a, updates: Array.from({ length: Math.ceil(MAX_PLAN_UPDATES / 3) + 1 }, () => a.updates[0] ?? { date: null, dateSource: 'stated' as const, author: null, text: 'noted' }) })) };
    await expect(store.importPlan(wordy)).rejects.toMatchObject({ code: 'plan_too_large', message: expect.stringContaining('updates; a plan holds at most 100,000') });
  });

  it('refuses a re-import that would take a plan over the limit (removed actions are kept), changing nothing', async () => {
    const full = await store.importPlan({ ...generatedDraft(MAX_PLAN_ACTIONS, 0), title: 'A plan at the limit' });
    const before = await store.exportPlan(full.id);
    const csv = 'Ref,Action,Lead,Timescale,RAG\n99.1,A new action for the board,Jane Price,March 2018,Red\n';
    const error = await importDocument(store, { fileName: 'next.csv', data: new TextEncoder().encode(csv), importedAt: NOW.toISOString(), author: 'Jane Price', into: full.id }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'plan_too_large', message: expect.stringContaining('once brought in, the plan has 10,001 actions') });
    expect(await store.exportPlan(full.id)).toEqual(before);
    await store.deletePlan(full.id);
  });

  it('answers the HTTP import of an oversized plan with 413 and the reason', async () => {
    const csv = ['Ref,Action,Lead,Timescale,RAG', ...Array.from({ length: MAX_PLAN_ACTIONS + 1 }, (_, i) => `${i + 1},Review pathway ${i},Jane Price,March 2018,Red`)].join('\n');
    // On a connection of its own: fetch would reuse one the server may just be closing as idle after
    // the long tests above, and a body this size meets the close half-written (ECONNRESET).
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${base}/api/plans/import?fileName=huge.csv`, { method: 'POST', agent: false, headers: { 'content-type': 'application/octet-stream', 'content-length': Buffer.byteLength(csv) } }, (answer) => {
        let body = '';
        answer.setEncoding('utf8');
        answer.on('data', (chunk: string) => (body += chunk));
        answer.on('end', () => resolve({ status: answer.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end(csv);
    });
    expect(res.status).toBe(413);
    expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe('plan_too_large');
  });
});

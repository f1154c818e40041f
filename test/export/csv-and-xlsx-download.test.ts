import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSamplePlanServer, type SamplePlanServer } from './sample-plan-server.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { planCli } from '../cli/run-plan.js';

/** The CSV and the workbook as people get them: downloaded from the API, written by `plan export`. */

const NOW = new Date('2018-03-01T10:00:00Z');
const TITLE = 'Gloucestershire Multi-agency Child Sexual Exploitation CSE Action Plan 2017-2018';
let dir: string;
let store: PlanStore;
let base: string;
let glos: string;
let sample: SamplePlanServer;

beforeAll(async () => {
  sample = await startSamplePlanServer(NOW);
  ({ dir, store, base, glos } = sample);
});

afterAll(async () => {
  await sample.stop();
});

const csvRecords = (bytes: Uint8Array): string[][] => parse(Buffer.from(bytes), { bom: true }) as string[][];

async function actionsSheet(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.slice().buffer);
  return workbook.getWorksheet('Actions')!;
}

describe('GET /api/plans/{planId}/export.csv and export.xlsx', () => {
  it('downloads the CSV, with a byte-order mark, named from the plan\'s title', async () => {
    const res = await fetch(`${base}/api/plans/${glos}/export.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain(`filename="${TITLE}.csv"`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csvRecords(bytes)).toHaveLength(48);
  });

  it('downloads the workbook, of one lead\'s open actions when the query asks', async () => {
    const all = await fetch(`${base}/api/plans/${glos}/export.xlsx`);
    expect(all.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(all.headers.get('content-disposition')).toContain(`filename="${TITLE}.xlsx"`);
    expect((await actionsSheet(new Uint8Array(await all.arrayBuffer()))).rowCount).toBe(48);

    const louise = await actionsSheet(new Uint8Array(await (await fetch(`${base}/api/plans/${glos}/export.xlsx?lead=Louise%20West&withClosed=false`)).arrayBuffer()));
    expect(louise.rowCount).toBeGreaterThan(1);
    expect(louise.rowCount).toBeLessThan(48);
    for (let r = 2; r <= louise.rowCount; r += 1) {
      expect(String(louise.getRow(r).getCell(5).value)).toMatch(/Louise West/i);
      expect(louise.getRow(r).getCell(8).value).not.toBe('Complete');
    }
  });
});

describe('plan export --format csv and --format xlsx', () => {
  it('writes each to the file named', async () => {
    const plan = planCli(join(dir, 'plans.db'));
    const csv = join(dir, 'plan.csv');
    const xlsx = join(dir, 'plan.xlsx');
    expect((await plan('export', '--format', 'csv', '--plan', glos, '--out', csv)).stdout).toContain(`Wrote 47 actions of ${glos} to ${csv}`);
    expect((await plan('export', '--format', 'xlsx', '--plan', glos, '--out', xlsx)).code).toBe(0);
    expect(csvRecords(new Uint8Array(await readFile(csv)))).toHaveLength(48);
    expect((await actionsSheet(new Uint8Array(await readFile(xlsx)))).rowCount).toBe(48);
  }, 120_000);

  it('writes a row per update with --rows updates, and refuses --rows for a format without that choice', async () => {
    const plan = planCli(join(dir, 'plans.db'));
    const csv = join(dir, 'updates.csv');
    expect((await plan('export', '--format', 'csv', '--rows', 'updates', '--plan', glos, '--out', csv)).code).toBe(0);
    const records = csvRecords(new Uint8Array(await readFile(csv)));
    expect(records[0]).toEqual(expect.arrayContaining(['Ref', 'Date', 'Who', 'Update']));
    const updates = (await store.exportPlan(glos))!.actions.reduce((n, a) => n + a.updates.length, 0);
    expect(records).toHaveLength(updates + 1);
    const refused = await plan('export', '--format', 'xlsx', '--rows', 'updates', '--plan', glos);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('--rows applies to CSV only');
  }, 120_000);
});

describe('GET export.csv?rows=', () => {
  it('gives a row per update with rows=updates, and names the choices for any other kind', async () => {
    const res = await fetch(`${base}/api/plans/${glos}/export.csv?rows=updates`);
    expect(res.status).toBe(200);
    expect(csvRecords(new Uint8Array(await res.arrayBuffer()))[0]).toEqual(expect.arrayContaining(['Ref', 'Date', 'Who', 'Update']));
    const wrong = await fetch(`${base}/api/plans/${glos}/export.csv?rows=sections`);
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(await wrong.json())).toContain('use actions or updates');
    expect((await fetch(`${base}/api/plans/${glos}/export.docx?rows=updates`)).status).toBe(400);
  });
});

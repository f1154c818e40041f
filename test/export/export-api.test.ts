import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSamplePlanServer, type SamplePlanServer } from './sample-plan-server.js';
import { importPlanBuffer } from '../../src/import/import-file.js';

const NOW = new Date('2018-03-01T10:00:00Z');
let base: string;
let glos: string;
let sample: SamplePlanServer;

beforeAll(async () => {
  sample = await startSamplePlanServer(NOW);
  ({ base, glos } = sample);
});

afterAll(async () => {
  await sample.stop();
});

describe('GET /api/plans/{planId}/export.docx', () => {
  it('downloads the plan as a Word document named from its title', async () => {
    const res = await fetch(`${base}/api/plans/${glos}/export.docx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Gloucestershire Multi-agency Child Sexual Exploitation CSE Action Plan 2017-2018.docx"; filename*=UTF-8''${encodeURIComponent('Gloucestershire Multi-agency Child Sexual Exploitation CSE Action Plan 2017-2018.docx')}`,
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { draft } = await importPlanBuffer('back.docx', new Uint8Array(await res.arrayBuffer()));
    expect(draft.actions).toHaveLength(47);
  });

  it("narrows to one lead's actions as asked in the query", async () => {
    const res = await fetch(`${base}/api/plans/${glos}/export.docx?lead=Louise%20West&updates=latest:1&withClosed=false`);
    expect(res.status).toBe(200);
    const { draft } = await importPlanBuffer('back.docx', new Uint8Array(await res.arrayBuffer()));
    expect(draft.actions.length).toBeGreaterThan(0);
    expect(draft.actions.every((a) => a.leads.some((l) => l.name === 'Louise West'))).toBe(true);
    expect(draft.actions.every((a) => a.updates.length <= 1)).toBe(true);
  });

  it('refuses an option it cannot read, naming it, and an unknown format, naming those there are', async () => {
    const bad = await fetch(`${base}/api/plans/${glos}/export.docx?updates=lots`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/updates: "lots" is not an update selection/);
    const pdf = await fetch(`${base}/api/plans/${glos}/export.pdf`);
    expect(pdf.status).toBe(400);
    expect(((await pdf.json()) as { error: { message: string } }).error.message).toMatch(/^export\.pdf is not available; use json, docx/);
  });

  it('answers 404 for a plan it does not have', async () => {
    expect((await fetch(`${base}/api/plans/nope/export.docx`)).status).toBe(404);
  });
});

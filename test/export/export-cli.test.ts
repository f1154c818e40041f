import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlanBuffer } from '../../src/import/import-file.js';
import { planCli } from '../cli/run-plan.js';

let dir: string;
let plan: ReturnType<typeof planCli>;
let glos: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-export-cli-'));
  plan = planCli(join(dir, 'plans.db'));
  await plan('import', 'samples/gloucestershire-cse-2017-18.txt');
  glos = (JSON.parse((await plan('plans', '--json')).stdout) as { id: string }[])[0]!.id;
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('plan export --format docx', () => {
  it('writes the plan as a Word document that reads back as the plan', async () => {
    const out = join(dir, 'plan.docx');
    const { code, stdout } = await plan('export', '--format', 'docx', '--plan', glos, '--out', out);
    expect(code).toBe(0);
    expect(stdout).toContain(`Wrote 47 actions of ${glos} to ${out}`);
    const { draft } = await importPlanBuffer('plan.docx', new Uint8Array(await readFile(out)));
    expect(draft.actions).toHaveLength(47);
  });

  it("takes the Word options: one agency's open actions, updates since a day", async () => {
    const out = join(dir, 'police.docx');
    const { code } = await plan('export', '--format', 'docx', '--plan', glos, '--out', out, '--agency', 'police', '--without-closed', '--updates', 'since:2017-06-01');
    expect(code).toBe(0);
    const { draft } = await importPlanBuffer('police.docx', new Uint8Array(await readFile(out)));
    expect(draft.actions.length).toBeGreaterThan(0);
    expect(draft.actions.every((a) => a.rag !== 'Complete')).toBe(true);
    expect(draft.description).toContain('Police actions · open actions only · updates since 1 Jun 2017');
  });

  it('refuses a format it does not have, naming those it has, and an update selection it cannot read', async () => {
    const pdf = await plan('export', '--format', 'pdf', '--plan', glos);
    expect(pdf.code).toBe(2);
    expect(pdf.stderr).toMatch(/--format pdf is not available; use json, docx/);
    const updates = await plan('export', '--format', 'docx', '--plan', glos, '--updates', 'latest:0');
    expect(updates.code).toBe(2);
    expect(updates.stderr).toContain('latest:N');
  });
});

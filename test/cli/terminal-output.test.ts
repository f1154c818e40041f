import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terminalSafe } from '../../src/cli/terminal-output.js';

/*
 * Plan content is other people's text, and the command line prints it to an operator's terminal:
 * a cell holding ESC sequences, BEL, a C1 CSI or a bidi override must reach the screen as visible
 * \uXXXX escapes, never as something the terminal acts on, whichever command printed it (plans,
 * show, due, export, import reports, errors). Scripts reading --json still get the exact text.
 */

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/plan.js');

/** Every character a terminal acts on that the printer must never let through. */
const ACTED_ON = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const ACTION = 'Audit \u001b[2J\u001b[31mcase files\u0007 \u001b]0;owned\u0007 \u202egnp.exe';
const LEAD = 'Jane \u001b[8mPrice';
const TIMESCALE = 'March 2018 \u007f\u0085';
const PROGRESS = 'Jan 18 - \u001b[1A\u001b[2Koverwritten';
const TITLE = 'Safeguarding plan 2018 \u001b]0;owned\u0007\u009b2J';

let dir: string;
let db: string;
let planId: string;

async function plan(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, '--db', db, ...args], { cwd: root, env: { ...process.env, COLUMNS: '200' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-terminal-'));
  db = join(dir, 'plans.db');
  // The text export, whose first paragraph is the plan's title: so the title is hostile too.
  const rows = [TITLE, '', ['Ref', 'Action', 'Lead', 'Timescale', 'Progress', 'RAG'], ['1.1', ACTION, LEAD, TIMESCALE, PROGRESS, 'Red'], ['1.2', 'Train staff', 'Lynne Speak', 'March 2018', '', 'Green']];
  await writeFile(join(dir, 'hostile.txt'), rows.map((r) => (typeof r === 'string' ? r : r.join('\t'))).join('\n'));
  const imported = await plan('import', join(dir, 'hostile.txt'), '--json');
  expect(imported.code).toBe(0);
  planId = (JSON.parse(imported.stdout) as { planId: string }).planId;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('what the command line prints from a plan', () => {
  it('writes every character a terminal acts on as a visible \\uXXXX escape, and keeps the rest', () => {
    expect(terminalSafe('a\u001b[31mb\u0007c\rd\u007fe\u009bf\u202eg\u2066h')).toBe('a\\u001b[31mb\\u0007c\\u000dd\\u007fe\\u009bf\\u202eg\\u2066h');
    expect(terminalSafe('Lines\n\tand tabs, “quotes”, Siân, Dŵr, 15/05/2013 – done ✓')).toBe('Lines\n\tand tabs, “quotes”, Siân, Dŵr, 15/05/2013 – done ✓');
  });

  it('leaves JSON that parses to the very same text', () => {
    const value = { text: `${ACTION}${TIMESCALE}\\\u007f\u0085`, lead: LEAD };
    const printed = terminalSafe(JSON.stringify(value, null, 2));
    expect(printed).not.toMatch(ACTED_ON);
    expect(JSON.parse(printed)).toEqual(value);
  });

  it.each([
    ['the import report', () => ['import', join(dir, 'hostile.txt'), '--as-new']],
    ['plans', () => ['plans']],
    ['show, as a table', () => ['show', '--plan', planId]],
    ['show --json', () => ['show', '--plan', planId, '--json']],
    ['due', () => ['due', '--plan', planId, '--on', '2018-05-01']],
    ['due --json', () => ['due', '--plan', planId, '--on', '2018-05-01', '--json']],
    ['export', () => ['export', '--format', 'json', '--plan', planId]],
  ])('prints %s with no character a terminal acts on', async (_what, args) => {
    const { code, stdout, stderr } = await plan(...args());
    expect(code).toBe(0);
    expect(stdout).not.toMatch(ACTED_ON);
    expect(stderr).not.toMatch(ACTED_ON);
  });

  it('shows the hostile cells in a table as escapes a person can read', async () => {
    const { stdout } = await plan('show', '--plan', planId);
    expect(stdout).toContain('\\u001b[2J');
    expect(stdout).toContain('\\u0007');
    expect((await plan('plans')).stdout).toContain('Safeguarding plan 2018 \\u001b]0;owned\\u0007\\u009b2J');
  });

  it('gives scripts the exact text through --json and export', async () => {
    const shown = JSON.parse((await plan('show', '--plan', planId, '--json')).stdout) as { ref: string; text: string; leadsText: string; timescale: { asWritten: string } }[];
    const action = shown.find((a) => a.ref === '1.1')!;
    expect(action.text).toBe(ACTION);
    expect(action.leadsText).toBe(LEAD);
    expect(action.timescale.asWritten).toBe(TIMESCALE);
    const exported = JSON.parse((await plan('export', '--format', 'json', '--plan', planId)).stdout) as { actions: { ref: string; updates: { text: string }[] }[] };
    expect(exported.actions.find((a) => a.ref === '1.1')!.updates[0]!.text).toBe(PROGRESS);
    const plans = JSON.parse((await plan('plans', '--json')).stdout) as { id: string; title: string }[];
    expect(plans.find((p) => p.id === planId)!.title).toBe(TITLE);
  });

  it('prints a failure naming a hostile file with the name escaped', async () => {
    const name = join(dir, 'plan \u001b]0;owned\u0007.csv');
    await writeFile(name, `Ref,Action,Lead\n1.1,Audit\u0000,Jane Price\n`);
    const { code, stdout, stderr } = await plan('import', name);
    expect(code).toBe(1);
    expect(stderr).toContain('plan \\u001b]0;owned\\u0007.csv');
    expect(stderr).not.toMatch(ACTED_ON);
    expect(stdout).not.toMatch(ACTED_ON);
  });
});

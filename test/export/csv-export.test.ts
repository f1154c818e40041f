import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { planCsv, quoteCsvField } from '../../src/export/csv/plan-csv.js';
import { ACTION_COLUMNS, readTableRows, UPDATE_COLUMNS } from '../../src/export/csv/plan-tables.js';
import { neutraliseFormula } from '../../src/export/csv/spreadsheet-cell.js';
import { describeReducedDate } from '../../src/plan/calendar-date.js';
import { PlanError } from '../../src/plan/errors.js';
import { latestUpdate } from '../../src/plan/latest-update.js';
import type { PlanDocument } from '../../src/plan/plan.js';
import { exportFormat } from '../../src/export/export-formats.js';
import { DEFAULT_EXPORT_OPTIONS } from '../../src/export/export-options.js';
import { AWKWARD_TEXT, csvAsPrinted, emptyDraft, hostileDraft, INJECTIONS, LONG_TEXT, samplePlan, SAMPLE_FILES, storedPlan } from './csv-xlsx-plans.js';
import { pdfToolsAvailable } from './office-reader.js';

/** The CSV as a script reads it: csv-parse with the byte-order mark taken off, one record per row. */
function records(bytes: Uint8Array): string[][] {
  return parse(Buffer.from(bytes), { bom: true, relaxColumnCount: false }) as string[][];
}

function byHeader(bytes: Uint8Array): Record<string, string>[] {
  const [header, ...rows] = records(bytes);
  return rows.map((row) => Object.fromEntries(header!.map((h, i) => [h, row[i]!])));
}

const plans = new Map<string, PlanDocument>();
beforeAll(async () => {
  for (const file of SAMPLE_FILES) plans.set(file, await samplePlan(file));
});

describe('the CSV of a plan, one row per action', () => {
  it('is UTF-8 with a byte-order mark and Excel\'s CRLF line ends', async () => {
    const bytes = planCsv(plans.get(SAMPLE_FILES[0])!);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.split('\r\n')[0]).toBe(`\uFEFF${ACTION_COLUMNS.map((c) => c.header).join(',')}`);
    expect(text.endsWith('\r\n')).toBe(true);
    // Rows end in CRLF; a line feed of a cell's own text stays inside its quotes.
    expect(parse(Buffer.from(bytes), { bom: true, recordDelimiter: '\r\n' })).toEqual(records(bytes));
  });

  it.each(SAMPLE_FILES)('gives back exactly the plan\'s values for each action of %s, in plan order', (file) => {
    const plan = plans.get(file)!;
    const rows = byHeader(planCsv(plan));
    expect(rows).toHaveLength(plan.actions.length);
    const actions = [...plan.actions].sort((a, b) => a.order - b.order);
    actions.forEach((action, i) => {
      const row = rows[i]!;
      const latest = latestUpdate(action.updates);
      expect(row).toMatchObject({
        Ref: action.ref,
        Action: neutraliseFormula(action.text),
        Outcome: neutraliseFormula(action.outcome),
        Leads: neutraliseFormula(action.leadsText),
        Timescale: neutraliseFormula(action.timescale.asWritten),
        'Due date': action.timescale.reading.kind === 'due' ? describeReducedDate(action.timescale.reading.due) : '',
        RAG: action.rag,
        'Latest update date': latest?.date ? describeReducedDate(latest.date) : '',
        'Latest update': neutraliseFormula(latest?.text ?? ''),
        Updates: String(action.updates.length),
      });
      expect(row.Section).not.toBe('');
    });
  });

  it('says whether each action is open or closed, and why closed', () => {
    const rows = byHeader(planCsv(plans.get(SAMPLE_FILES[0])!));
    expect(new Set(rows.map((r) => (r.Status ?? '').replace(/:.*/, '')))).toEqual(new Set(['Open', 'Closed']));
    for (const row of rows) if (row.RAG === 'Complete') expect(row.Status).toBe('Closed: RAG is Complete');
  });
});

describe('the CSV of a plan, one row per update (--rows updates)', () => {
  it.each(SAMPLE_FILES)('has every update of %s with its date as written, its precision, who, RAG after and origin', (file) => {
    const plan = plans.get(file)!;
    const [header, ...rows] = records(planCsv(plan, 'updates'));
    expect(header).toEqual(UPDATE_COLUMNS.map((c) => c.header));
    const updates = [...plan.actions].sort((a, b) => a.order - b.order).flatMap((a) => a.updates.map((u) => ({ ref: a.ref, u })));
    expect(rows).toHaveLength(updates.length);
    updates.forEach(({ ref, u }, i) => {
      expect(rows[i]).toEqual([
        ref,
        u.date === null ? '' : describeReducedDate(u.date),
        u.date === null ? 'undated' : expect.stringMatching(/^(year|quarter|term|month|day)$/),
        neutraliseFormula(u.author ?? ''),
        neutraliseFormula(u.text),
        u.ragAfter ?? '',
        u.origin,
      ]);
    });
  });

  it('is asked for by name; any other kind of row is refused, naming the choices', () => {
    expect(readTableRows(undefined)).toBe('actions');
    expect(readTableRows('updates')).toBe('updates');
    expect(readTableRows('Actions')).toBe('actions');
    expect(() => readTableRows('leads')).toThrow(PlanError);
    expect(() => readTableRows('leads')).toThrow('rows: "leads" is not a kind of row; use actions or updates');
  });
});

describe('cells a spreadsheet would run as formulas', () => {
  it.each(INJECTIONS.map((text) => [JSON.stringify(text[0]), text]))('a cell starting with %s is prefixed with an apostrophe', (_, text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });

  it('leaves every other cell as written, a dash inside the text included', () => {
    for (const text of ['Plan – review', 'Jane Price', "'already quoted", ' =spaced first', '', '4.2b']) expect(neutraliseFormula(text)).toBe(text);
  });

  it('are neutralised wherever people typed them: action, outcome, leads, update text and who', async () => {
    const plan = await storedPlan(hostileDraft());
    const first = byHeader(planCsv(plan))[0]!;
    expect(first.Action).toBe(`'${INJECTIONS[0]}`);
    expect(first.Outcome).toBe(`'${INJECTIONS[1]}`);
    expect(first.Leads).toBe(`'${INJECTIONS[3]}`);
    const updates = byHeader(planCsv(plan, 'updates')).filter((r) => r.Ref === plan.actions.find((a) => a.order === 0)!.ref);
    expect(updates.map((u) => u.Update)).toEqual(INJECTIONS.map((text) => `'${text}`));
    for (const u of updates) expect(u.Who).toBe(`'${INJECTIONS[2]}`);
  });
});

describe('bad input', () => {
  it('a plan with no actions is a valid file of just the header row', async () => {
    const plan = await storedPlan(emptyDraft());
    expect(records(planCsv(plan))).toEqual([ACTION_COLUMNS.map((c) => c.header)]);
    expect(records(planCsv(plan, 'updates'))).toEqual([UPDATE_COLUMNS.map((c) => c.header)]);
  });

  it('keeps a 50,000-character cell whole (CSV has no cell limit), and control characters, emoji and right-to-left text exactly', async () => {
    const plan = await storedPlan(hostileDraft());
    const rows = byHeader(planCsv(plan));
    expect(rows[1]!.Action).toBe(LONG_TEXT);
    expect(rows[1]!.Action).toHaveLength(50_000);
    expect(rows[2]!.Action).toBe(AWKWARD_TEXT);
    expect(rows[2]!.Outcome).toBe('"Quoted", with commas,\r\nand a CRLF line break');
    const updates = byHeader(planCsv(plan, 'updates'));
    expect(updates.find((u) => u.Update === AWKWARD_TEXT)).toMatchObject({ Date: '', 'Date precision': 'undated' });
  });

  it('quotes as RFC 4180 says: only fields with a quote, comma or line break, their quotes doubled', () => {
    expect(quoteCsvField('plain')).toBe('plain');
    expect(quoteCsvField('a, b')).toBe('"a, b"');
    expect(quoteCsvField('say "no"')).toBe('"say ""no"""');
    expect(quoteCsvField('two\nlines')).toBe('"two\nlines"');
    expect(quoteCsvField('cr\ronly')).toBe('"cr\ronly"');
  });
});

describe('--format csv and export.csv', () => {
  const request = (doc: PlanDocument, more: { rows?: string; lead?: string } = {}) => ({
    doc,
    options: { ...DEFAULT_EXPORT_OPTIONS, lead: more.lead ?? null },
    today: '2018-03-01',
    now: '2018-03-01T10:00:00.000Z',
    ...(more.rows !== undefined && { rows: more.rows }),
  });

  it('is offered beside the other formats, as a .csv file for Excel', () => {
    expect(exportFormat('csv')).toMatchObject({ name: 'csv', extension: 'csv', contentType: 'text/csv; charset=utf-8', binary: true });
    expect(() => exportFormat('tsv')).toThrow(/csv/);
  });

  it('writes actions by default and updates when asked, of the actions the options select', async () => {
    const plan = plans.get(SAMPLE_FILES[0])!;
    const format = exportFormat('csv');
    expect(await format.write(request(plan))).toEqual(planCsv(plan));
    expect(await format.write(request(plan, { rows: 'updates' }))).toEqual(planCsv(plan, 'updates'));
    const louise = byHeader((await format.write(request(plan, { lead: 'Louise West' }))) as Uint8Array);
    expect(louise.length).toBeGreaterThan(0);
    expect(louise.length).toBeLessThan(plan.actions.length);
    for (const row of louise) expect(row.Leads).toMatch(/Louise West/i);
  });

  it('refuses an unknown kind of row, naming the choices', async () => {
    await expect(exportFormat('csv').write(request(plans.get(SAMPLE_FILES[0])!, { rows: 'sections' }))).rejects.toThrow('use actions or updates');
  });
});

describe.runIf(pdfToolsAvailable())('in a real spreadsheet', () => {
  it('LibreOffice opens the CSV of the Gloucestershire plan and prints every action ref', async () => {
    const plan = plans.get(SAMPLE_FILES[0])!;
    const text = await csvAsPrinted(planCsv(plan));
    for (const action of plan.actions) expect(text).toContain(action.ref);
    expect(text).toContain('Latest update');
  }, 120_000);

  it('LibreOffice opens the CSV of awkward cells, the formula openers shown as text, never run', async () => {
    const text = await csvAsPrinted(planCsv(await storedPlan(hostileDraft())));
    expect(text).toContain('HYPERLINK');
    expect(text).toContain('@SUM(A1:A2)');
  }, 120_000);
});

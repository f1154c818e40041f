import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../src/import/import-report.js';
import { matchesFilter } from '../../src/plan/action-filter.js';
import type { ActionDraft, ActionView } from '../../src/plan/plan.js';
import { libreOfficeAvailable } from '../fixtures/libreoffice.js';
import { importFixture } from '../fixtures/real-plans/import-fixture.js';
import {
  ADULT_PLAN,
  ADULT_PLAN_STARTING_AT_4,
  CHILDREN_PLAN,
  CHILDREN_PLAN_NO_KEY,
  CHILDREN_PLAN_V2,
  COMMUNITY_SAFETY_WORKBOOK,
  REAL_PLANS,
  SEND_WORKBOOK,
  type ExpectedAction,
  type RealPlanFixture,
} from '../fixtures/real-plans/index.js';

/*
 * The plans boards really keep, read end to end through importPlanBuffer: Word documents made by
 * LibreOffice and by the docx library, workbooks made by exceljs and by LibreOffice Calc. Each
 * expectation is what the board reading the document would say (test/fixtures/real-plans/index.ts),
 * grouped by the case of the issue it proves.
 */

const available = libreOfficeAvailable();
/** Each document's import, or the error that stopped it (the import test shows it; the others name it). */
const results = new Map<string, ImportResult | Error>();

function usable(fixture: RealPlanFixture): boolean {
  return !fixture.needsLibreOffice || available;
}

beforeAll(async () => {
  for (const fixture of REAL_PLANS.filter(usable)) {
    results.set(fixture.fileName, await importFixture(fixture).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))));
  }
}, 300_000);

function read(fixture: RealPlanFixture): ImportResult {
  const result = results.get(fixture.fileName);
  if (result === undefined) throw new Error(`${fixture.fileName} was not imported`);
  if (result instanceof Error) throw new Error(`${fixture.fileName} could not be imported: ${result.message}`);
  return result;
}

function action(fixture: RealPlanFixture, ref: string): ActionDraft {
  const found = read(fixture).draft.actions.find((a) => a.ref === ref);
  if (!found) throw new Error(`${fixture.fileName}: no action ${ref}; refs read: ${read(fixture).draft.actions.map((a) => a.ref).join(', ')}`);
  return found;
}

function expectedWith<K extends keyof ExpectedAction>(fixture: RealPlanFixture, key: K): (ExpectedAction & Required<Pick<ExpectedAction, K>>)[] {
  return fixture.actions.filter((a): a is ExpectedAction & Required<Pick<ExpectedAction, K>> => a[key] !== undefined);
}

/** An imported action as lists and filters see it, for the domain's own overdue rule. */
function asView(a: ActionDraft): ActionView {
  return { ...a, id: a.ref, planId: 'p', sectionId: String(a.sectionIndex), order: 0, lastUpdated: null, version: '1', latestUpdate: null, updateCount: a.updates.length };
}

/** The documents this machine can make (LibreOffice's need it), as it.each rows named by document. */
const eachFixture = (): [string, RealPlanFixture][] => REAL_PLANS.filter(usable).map((f) => [f.name, f]);

describe('real plans: each document imports whole', () => {
  it.each(eachFixture())('imports the %s without an error', async (_name, fixture) => {
    await expect(importFixture(fixture)).resolves.toBeDefined();
  });

  it.each(eachFixture())('reads the title, the sections in order and every action of the %s', (_name, fixture) => {
    const { draft } = read(fixture);
    expect(draft.title).toBe(fixture.title);
    expect(draft.sections.map((s) => s.title)).toEqual(fixture.sections);
    expect(draft.actions.map((a) => a.ref)).toEqual(fixture.actions.map((a) => a.ref));
    for (const e of fixture.actions) expect(draft.sections[action(fixture, e.ref).sectionIndex]?.title, `section of ${e.ref}`).toBe(e.section);
    for (const e of expectedWith(fixture, 'textIncludes')) for (const t of e.textIncludes) expect(action(fixture, e.ref).text, `text of ${e.ref}`).toContain(t);
  });
});

describe('case 1: RAG as colour, not words', () => {
  it.each(eachFixture())('reads every RAG of the %s as its shading, symbol colour, words and key say', (_name, fixture) => {
    expect(read(fixture).draft.actions.map((a) => [a.ref, a.rag])).toEqual(fixture.actions.map((a) => [a.ref, a.rag]));
  });

  it.skipIf(!available)('reads amber from the three ambers plans use: FFC000, FFBF00 and F79646', () => {
    expect(['1.2', '1.3', '2.1'].map((ref) => action(CHILDREN_PLAN, ref).rag)).toEqual(['Amber', 'Amber', 'Amber']);
  });

  it.skipIf(!available)('reads the children\'s plan key, a table of coloured cells above the plan, with blue for complete', () => {
    const legend = read(CHILDREN_PLAN).draft.ragLegend.map((l) => ({ swatch: l.swatch, rag: l.rag }));
    expect(legend).toEqual(CHILDREN_PLAN.legend);
    expect(action(CHILDREN_PLAN, '3.2').rag).toBe('Complete');
  });

  it.skipIf(!available)('reads light green and green as Green, red and dark red as Red, through the key', () => {
    expect(['2.2', '1.1', '2.3', '3.1'].map((ref) => action(CHILDREN_PLAN, ref).rag)).toEqual(['Green', 'Green', 'Red', 'Red']);
  });

  it.skipIf(!available)('reads the same shading with no key by the usual meanings, blue as complete', () => {
    const { draft } = read(CHILDREN_PLAN_NO_KEY);
    expect(draft.ragLegend).toEqual([]);
    expect(draft.actions.map((a) => a.rag)).toEqual(read(CHILDREN_PLAN).draft.actions.map((a) => a.rag));
  });

  it('reads a red, amber or green "●", a "■" and words in red font in the adults\' plan', () => {
    expect(['1.1', '1.2', '2.1', '3.2', '3.3'].map((ref) => action(ADULT_PLAN, ref).rag)).toEqual(['Red', 'Amber', 'Green', 'Amber', 'Red']);
  });

  it('reads the SEND workbook\'s fills through its Key sheet, where purple is complete, and words where the cell has them', () => {
    const legend = read(SEND_WORKBOOK).draft.ragLegend.map((l) => ({ swatch: l.swatch, rag: l.rag }));
    expect(legend).toEqual(SEND_WORKBOOK.legend);
    expect(['1.1', '1.2', '1.3', '2.1', '2.2', '2.3'].map((ref) => action(SEND_WORKBOOK, ref).rag)).toEqual(['Amber', 'Green', 'Complete', 'Amber', 'Red', 'Green']);
  });
});

describe('case 2: refs from Word\'s automatic numbering', () => {
  it('reads refs 1.1 to 3.3 that Word shows from a "%1.%2" list carried on across three tables, with no number in the text', () => {
    expect(read(ADULT_PLAN).draft.actions.map((a) => a.ref)).toEqual(['1.1', '1.2', '1.3', '2.1', '2.2', '3.1', '3.2', '3.3']);
  });

  it('numbers each section as its "%1." heading row shows it', () => {
    expect(read(ADULT_PLAN).draft.sections.map((s) => [s.number, s.title])).toEqual([
      ['1', 'Making Safeguarding Personal'],
      ['2', 'Self-neglect and hoarding'],
      ['3', 'Learning from Safeguarding Adults Reviews'],
    ]);
  });

  it('starts the refs at the start value Word was given: sections 4 and 5, refs 4.1 to 5.2', () => {
    expect(read(ADULT_PLAN_STARTING_AT_4).draft.sections.map((s) => s.number)).toEqual(['4', '5']);
    expect(read(ADULT_PLAN_STARTING_AT_4).draft.actions.map((a) => a.ref)).toEqual(['4.1', '4.2', '4.3', '5.1', '5.2']);
  });

  it('keeps a lettered list restarted in each action cell as the action\'s own a), b), not as refs', () => {
    expect(action(ADULT_PLAN, '1.2').text).toMatch(/a\) Practitioner guide[\s\S]*b\) Easy-read leaflet/);
    expect(action(ADULT_PLAN, '2.2').text).toMatch(/a\) Clutter rating scale[\s\S]*b\) Fire risk referral/);
  });
});

describe('case 3: merged cells', () => {
  it.skipIf(!available)('gives the Lead cell merged down over 1.2, 1.3 and 1.4 of the Word plan to each of them', () => {
    for (const ref of ['1.2', '1.3', '1.4']) expect(action(CHILDREN_PLAN, ref).leadsText, ref).toBe('Partnership Training Manager');
    expect(action(CHILDREN_PLAN, '1.3').timescale.asWritten).toBe('June 2023');
    expect(action(CHILDREN_PLAN, '1.4').timescale.asWritten).toBe('Completed May 2017');
  });

  it('gives the Responsible officer merged down over three rows of the workbook to each of them', () => {
    for (const ref of ['1.1', '1.2', '1.3']) expect(action(SEND_WORKBOOK, ref).leadsText, ref).toBe('SEND Service Manager');
    expect(action(SEND_WORKBOOK, '2.1').leadsText).toBe('Head of Commissioning / Designated Clinical Officer');
  });

  it.skipIf(!available)('reads heading rows merged across every column as sections, not actions', () => {
    expect(read(CHILDREN_PLAN).draft.sections.map((s) => [s.label ?? null, s.number, s.title])).toEqual([
      ['Priority', '1', 'Neglect'],
      ['Priority', '2', 'Child exploitation'],
      ['Priority', '3', 'Learning from reviews'],
    ]);
  });

  it.skipIf(!available)('reports a cell spanning the Lead and Timescale columns and keeps it, never guessing its column', () => {
    const { draft, report } = read(CHILDREN_PLAN);
    const row = action(CHILDREN_PLAN, '3.3');
    expect(row.leadsText).toBe('');
    expect(row.timescale.asWritten).toBe('');
    expect(report.unplaced.map((u) => u.text)).toContain('Designated Nurse by April 2023');
    expect(draft.unplacedText).toContain('Designated Nurse by April 2023');
  });
});

describe('case 4: Excel plans', () => {
  it('finds the plan on the "Action plan" sheet among the cover, key and version control sheets', () => {
    const { draft, report } = read(SEND_WORKBOOK);
    expect(report.format).toBe('xlsx');
    expect(report.tables.map((t) => t.at.sheet)).toEqual(['Action plan']);
    expect(draft.actions).toHaveLength(6);
  });

  it('finds the columns by meaning: No., What we will do, Expected impact, Responsible officer, By when, Progress to date, RAG rating', () => {
    expect(read(SEND_WORKBOOK).report.tables[0]!.columns.map((c) => c.role)).toEqual(['ref', 'action', 'outcome', 'lead', 'timescale', 'updates', 'rag']);
    expect(action(SEND_WORKBOOK, '1.1').outcome).toBe('Families get plans on time');
  });

  it('reads date-formatted timescale cells as the dates they show, dd/mm/yyyy to the day and mmm-yy to the month', () => {
    for (const e of expectedWith(SEND_WORKBOOK, 'timescale')) {
      const t = action(SEND_WORKBOOK, e.ref).timescale;
      expect(t.asWritten, e.ref).toBe(e.timescale.asWritten);
      if (e.timescale.due) expect(t.reading.kind === 'due' ? t.reading.due : t.reading.kind, e.ref).toBe(e.timescale.due);
    }
  });

  it('reads the "Version control" sheet as the plan\'s version record, with real dates', () => {
    const record = read(SEND_WORKBOOK).draft.versionRecord;
    expect(record.map((v) => [v.version, v.date])).toEqual(SEND_WORKBOOK.versionRecord!.map((v) => [v.version, v.date]));
    SEND_WORKBOOK.versionRecord!.forEach((v, i) => {
      for (const text of v.cellsInclude) expect(Object.values(record[i]!.cells)).toContain(text);
    });
  });

  it('splits a multi-line progress cell of dated lines into dated updates', () => {
    expect(action(SEND_WORKBOOK, '1.1').updates.map((u) => u.date)).toEqual(['2023-06-12', '2023-09-18']);
  });

  it.skipIf(!available)('reads the LibreOffice Calc workbook: priorities as sections, RAG words, refs Calc stored as numbers', () => {
    const { draft } = read(COMMUNITY_SAFETY_WORKBOOK);
    expect(draft.sections.map((s) => s.title)).toEqual(COMMUNITY_SAFETY_WORKBOOK.sections);
    expect(draft.actions.map((a) => [a.ref, a.rag])).toEqual(COMMUNITY_SAFETY_WORKBOOK.actions.map((a) => [a.ref, a.rag]));
  });
});

describe('case 5: update histories', () => {
  it.each(eachFixture())('dates every update of the %s at the precision written', (_name, fixture) => {
    for (const e of expectedWith(fixture, 'updates')) {
      const got = action(fixture, e.ref).updates.map((u) => ({ date: u.date, text: u.text }));
      expect(got, e.ref).toEqual(e.updates.map((u) => ({ date: u.date, text: expect.stringContaining(u.says) })));
    }
  });

  it.skipIf(!available)('reads "Q2 2022/23 –" as the financial year\'s second quarter, July to September 2022', () => {
    expect(action(CHILDREN_PLAN, '1.2').updates.map((u) => u.date)).toEqual(['2022-35', '2022-36']);
  });

  it('reads "w/c 06.02.2023 –" as the week\'s first day and "Spring term 2023 –" as the term', () => {
    expect(action(ADULT_PLAN, '3.2').updates[0]!.date).toBe('2023-02-06');
    expect(action(ADULT_PLAN, '3.3').updates[0]!.date).toBe('2023-T1');
  });
});

describe('case 6: keys that run on', () => {
  it('reads "Key: Red – significant concerns; Amber – …; Green – …; Complete – …" as four meanings, Green staying Green', () => {
    expect(read(ADULT_PLAN).draft.ragLegend.map((l) => ({ colour: l.colour, rag: l.rag, meaning: l.meaning }))).toEqual([
      { colour: 'Red', rag: 'Red', meaning: 'significant concerns' },
      { colour: 'Amber', rag: 'Amber', meaning: 'some slippage' },
      { colour: 'Green', rag: 'Green', meaning: 'progressing as planned' },
      { colour: 'Complete', rag: 'Complete', meaning: 'achieved and evidenced' },
    ]);
  });
});

describe('case 7: leads as boards write them', () => {
  it.each(eachFixture())('reads the leads of the %s', (_name, fixture) => {
    for (const e of expectedWith(fixture, 'leads')) {
      const expected = e.leads.map((l) => expect.objectContaining({ name: l.name, ...(l.role !== undefined && { role: l.role }), ...(l.kind && { kind: l.kind }) }));
      expect(action(fixture, e.ref).leads, e.ref).toEqual(expected);
    }
    for (const e of expectedWith(fixture, 'leadsText')) expect(action(fixture, e.ref).leadsText, e.ref).toBe(e.leadsText);
  });

  it('reads "DS Ahmed Rahman (Police) and Missing Children Coordinator (CSC)" as two leads, each with their agency', () => {
    expect(action(ADULT_PLAN, '1.1').leads).toEqual([
      expect.objectContaining({ name: 'DS Ahmed Rahman', kind: 'person', role: 'Police' }),
      expect.objectContaining({ name: 'Missing Children Coordinator', role: 'CSC' }),
    ]);
  });

  it('reads "Chief Inspector, Safeguarding Unit (Police)" as one lead and "Head of Early Help (North Locality)" as one with its qualifier', () => {
    expect(action(ADULT_PLAN, '1.2').leads).toHaveLength(1);
    expect(action(ADULT_PLAN, '2.1').leads).toEqual([expect.objectContaining({ name: 'Head of Early Help', role: 'North Locality' })]);
  });

  it('splits leads at "&", ";", "/" and a line break', () => {
    expect(['1.3', '2.2', '3.3', '3.2'].map((ref) => action(ADULT_PLAN, ref).leads.length)).toEqual([2, 2, 2, 2]);
  });
});

describe('case 8: recurrences', () => {
  it.each(eachFixture())('reads each recurring timescale of the %s with its period', (_name, fixture) => {
    for (const e of expectedWith(fixture, 'timescale')) {
      const t = action(fixture, e.ref).timescale;
      if (e.timescale.asWritten !== undefined) expect(t.asWritten, e.ref).toBe(e.timescale.asWritten);
      expect(t.reading.kind, `${e.ref} "${t.asWritten}"`).toBe(e.timescale.kind);
      if (e.timescale.every && t.reading.kind === 'recurring') {
        expect({ months: t.reading.recurrence.months, weeks: t.reading.recurrence.weeks }, `${e.ref} "${t.asWritten}"`).toEqual(e.timescale.every);
      }
      if (e.timescale.due && t.reading.kind === 'due') expect(t.reading.due, e.ref).toBe(e.timescale.due);
    }
  });

  it('reads "Termly", "each term", "half-termly", "bi-monthly" and "every board meeting" as recurring', () => {
    const kinds = ['1.1', '1.2', '2.1', '2.2', '3.1'].map((ref) => action(ADULT_PLAN, ref).timescale.reading.kind);
    expect(kinds).toEqual(['recurring', 'recurring', 'recurring', 'recurring', 'recurring']);
  });
});

describe('case 9: closed actions', () => {
  const closed = ([
    ['"Completed May 2017"', CHILDREN_PLAN, '1.4'],
    ['"Complete"', ADULT_PLAN, '1.3'],
  ] satisfies [string, RealPlanFixture, string][]).filter(([, fixture]) => usable(fixture));

  it.each(closed)('reads a timescale %s with no RAG as Complete, read from the timescale, and never overdue', (_what, fixture, ref) => {
    const a = action(fixture, ref);
    expect(a.rag).toBe('Complete');
    expect(a.ragNote).toContain('read from the timescale');
    expect(a.timescale.reading.kind).toBe('completed');
    expect(matchesFilter(asView(a), { overdue: true, today: '2030-01-01' }, () => undefined)).toBe(false);
  });

  it('keeps a purple fill the key calls complete beside a "Completed" timescale as Complete from the key', () => {
    const a = action(SEND_WORKBOOK, '1.3');
    expect(a.rag).toBe('Complete');
    expect(a.timescale.reading.kind).toBe('completed');
  });
});

describe('case 10: tracked changes and comments', () => {
  it('keeps the accepted insertion and drops the deleted text', () => {
    const a = action(ADULT_PLAN, '2.1');
    expect(a.text).toContain('Review the self-neglect protocol with housing providers');
    expect(a.text).not.toContain('by the end of the calendar year');
  });

  it('never makes a comment, its author or deleted text into plan content', () => {
    const everything = JSON.stringify(read(ADULT_PLAN));
    for (const text of ADULT_PLAN.absent!) expect(everything).not.toContain(text);
    expect(action(ADULT_PLAN, '1.2').updates[0]!.text).toContain('Toolkit drafted and shared with providers.');
  });
});

describe('the next version of the children\'s plan, as re-import reads it', () => {
  it.skipIf(!available)('reads 3.2 renumbered 3.1 with its text, 3.1 gone, 1.2 turned green, a new 2.4 and the new dated updates', () => {
    const before = read(CHILDREN_PLAN).draft;
    const after = read(CHILDREN_PLAN_V2).draft;
    const text = (draft: typeof before, ref: string): string | undefined => draft.actions.find((a) => a.ref === ref)?.text;
    expect(text(after, '3.1')).toBe(text(before, '3.2'));
    expect(after.actions.some((a) => a.text === text(before, '3.1'))).toBe(false);
    expect(after.actions.find((a) => a.ref === '3.2')).toBeUndefined();
    expect([before.actions.find((a) => a.ref === '1.2')!.rag, after.actions.find((a) => a.ref === '1.2')!.rag]).toEqual(['Amber', 'Green']);
    expect(text(after, '2.4')).toBe('Commission an independent return home interview service');
    expect(after.actions.find((a) => a.ref === '1.3')!.updates.map((u) => u.date)).toEqual(['2023-02-06', '2023-03-13']);
    expect(after.actions.find((a) => a.ref === '2.1')!.updates.map((u) => u.date)).toEqual(['2023-06', '2023-07-17']);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { ActionView, Section } from '../../../src/plan/plan.js';
import { GLOUCESTERSHIRE, PAN_CHESHIRE, seededStore } from '../test/seeded-api.js';
import { buildPlanIndex, type PlanIndex } from './plan-index.js';
import { dueByDay, isListShown, listParams, listWords, RAG_COLUMNS, stageOverview, type StageList } from './stage-overview.js';
import { stageWalk } from './walk-through.js';

const TODAY = '2018-03-01';
let cheshire: PlanIndex;
let glos: PlanIndex;

beforeAll(async () => {
  const store = await seededStore();
  const index = async (id: string) => buildPlanIndex(await store.findActions(id), await store.listSections(id));
  cheshire = await index(PAN_CHESHIRE);
  glos = await index(GLOUCESTERSHIRE);
  await store.close();
});

/** The search a list's button writes into the stage URL. */
function searchOf(list: StageList): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(listParams(list))) if (v !== null) params.set(k, v);
  return params.toString();
}

const opened = (index: PlanIndex, list: StageList): ActionView[] => stageWalk(index, searchOf(list), TODAY, null).steps;

describe('the stage’s opening overview', () => {
  it('counts each section’s actions by RAG, Complete and Not set together as Other, every action once', () => {
    for (const index of [cheshire, glos]) {
      const overview = stageOverview(index, TODAY, []);
      expect(overview.sections.reduce((n, r) => n + r.total, 0)).toBe(index.actions.length);
      for (const row of overview.sections) expect(RAG_COLUMNS.reduce((n, c) => n + row.counts[c], 0)).toBe(row.total);
    }
    const first = stageOverview(cheshire, TODAY, []).sections[0]!;
    expect(first.param).toBe('1');
    expect(first.counts.Other).toBe(cheshire.actions.filter((a) => a.sectionId === first.section.id && (a.rag === 'Not set' || a.rag === 'Complete')).length);
  });

  it('has each count equal to the length of the list its button opens', () => {
    for (const index of [cheshire, glos]) {
      const overview = stageOverview(index, TODAY, [{ date: '2018-03-12', source: 'entered', title: null }]);
      for (const row of overview.sections) {
        expect(opened(index, { kind: 'section', section: row.param })).toHaveLength(row.total);
        for (const column of RAG_COLUMNS) expect(opened(index, { kind: 'section-rag', section: row.param, column })).toHaveLength(row.counts[column]);
      }
      expect(opened(index, { kind: 'overdue' })).toHaveLength(overview.overdue);
      expect(opened(index, { kind: 'due-by', day: overview.dueBy.day })).toHaveLength(overview.dueBy.count);
      expect(opened(index, { kind: 'all' })).toHaveLength(overview.total);
    }
    expect(stageOverview(glos, TODAY, []).overdue).toBeGreaterThan(0);
  });

  it('counts to the next meeting, or without one over the “due soon” window, never an overdue action twice', () => {
    expect(dueByDay([{ date: '2018-02-12', source: 'entered', title: null }, { date: '2018-04-09', source: 'entered', title: 'Board' }], TODAY)).toEqual({
      day: '2018-04-09',
      meeting: { date: '2018-04-09', source: 'entered', title: 'Board' },
    });
    expect(dueByDay([{ date: '2018-02-12', source: 'entered', title: null }], TODAY)).toEqual({ day: '2018-03-31', meeting: null });
    const byMeeting = stageOverview(glos, TODAY, [{ date: '2018-06-30', source: 'entered', title: null }]);
    const dueRefs = opened(glos, { kind: 'due-by', day: '2018-06-30' }).map((a) => a.ref);
    const overdueRefs = opened(glos, { kind: 'overdue' }).map((a) => a.ref);
    expect(byMeeting.dueBy.count).toBeGreaterThan(0);
    expect(dueRefs.filter((r) => overdueRefs.includes(r))).toEqual([]);
  });

  it('opens a list by replacing every filter, keeping the order and the rest', () => {
    expect(listParams({ kind: 'overdue' })).toMatchObject({ overdue: 'true', rag: null, section: null, lead: null, changes: null, dueBy: null });
    expect(listParams({ kind: 'section-rag', section: '2', column: 'Other' })).toMatchObject({ section: '2', rag: 'Complete,Not set', overdue: null });
    expect(listParams({ kind: 'changed' })).toMatchObject({ changes: '1' });
    expect(listParams({ kind: 'due-by', day: '2018-03-12' })).toMatchObject({ dueBy: '2018-03-12' });
    expect('order' in listParams({ kind: 'all' })).toBe(false);
    expect(isListShown({ kind: 'overdue' }, '?overdue=true&order=rag&at=1.2')).toBe(true);
    expect(isListShown({ kind: 'overdue' }, '?overdue=true&lead=Jane')).toBe(false);
    expect(isListShown({ kind: 'all' }, '?at=overview')).toBe(true);
  });

  it('names the list a stage URL walks through in words', () => {
    const section = (sections: readonly Section[]) => (param: string) => sections.find((s) => s.number === param)?.title ?? null;
    const context = { sectionName: section(cheshire.sections), since: 'since the last meeting (15 May 2013)', nextMeetingDay: '2018-03-12' };
    expect(listWords('', context)).toBe('All actions');
    expect(listWords('?section=1&rag=Complete,Not+set', context)).toBe(`Complete or Not set, in ${cheshire.sections[0]!.title}`);
    expect(listWords('?overdue=true', context)).toBe('Overdue');
    expect(listWords('?dueBy=2018-03-12', context)).toBe('Due by 12 Mar 2018 (the next meeting)');
    expect(listWords('?changes=1&lead=Nigel+Wenham', context)).toBe('Changed since the last meeting (15 May 2013), led by Nigel Wenham');
  });
});

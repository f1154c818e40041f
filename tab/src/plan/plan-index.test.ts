import { performance } from 'node:perf_hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { matchesFilter, type ActionFilter } from '../../../src/plan/action-filter.js';
import type { ActionView, Section } from '../../../src/plan/plan.js';
import { GLOUCESTERSHIRE, PAN_CHESHIRE, seededStore } from '../test/seeded-api.js';
import { buildPlanIndex, filterPlan, leadNames } from './plan-index.js';

const TODAY = '2018-03-01';
const plans = new Map<string, { actions: ActionView[]; sections: Section[] }>();

beforeAll(async () => {
  const store = await seededStore();
  for (const id of [GLOUCESTERSHIRE, PAN_CHESHIRE]) plans.set(id, { actions: await store.findActions(id), sections: await store.listSections(id) });
  await store.close();
});

/** Filters a manager would combine, from single ones to all at once. */
const FILTERS: ActionFilter[] = [
  {},
  { lead: 'Jane Price' },
  { lead: 'west' },
  { lead: 'lscbs' },
  { lead: 'Nigel Reid' },
  { section: '2' },
  { rag: ['Amber', 'Complete'] },
  { overdue: true, today: TODAY },
  { overdue: true, today: '2013-06-01' },
  { dueBefore: '2017-10-31' },
  { changedSince: '2017-10-01' },
  { changedSince: '2013-05-15' },
  { text: 'training' },
  { text: 'CSE' },
  { lead: 'Jane Price', text: 'training', overdue: true, today: TODAY },
  { section: '1', rag: ['Not set'], dueBefore: '2018-01-31', changedSince: '2017-06-01' },
];

describe('plan index', () => {
  it('picks exactly the actions the domain’s matchesFilter picks, on both sample plans, for every combination tried', () => {
    for (const [id, { actions, sections }] of plans) {
      const index = buildPlanIndex(actions, sections);
      const byId = new Map(sections.map((s) => [s.id, s]));
      for (const filter of FILTERS) {
        const expected = actions.filter((a) => matchesFilter(a, filter, (sid) => byId.get(sid))).map((a) => a.ref);
        expect({ plan: id, filter, refs: filterPlan(index, filter).map((a) => a.ref) }).toEqual({ plan: id, filter, refs: expected });
      }
    }
  });

  it('offers each lead once, alphabetically, for the Lead filter', () => {
    const { actions, sections } = plans.get(PAN_CHESHIRE)!;
    const names = leadNames(buildPlanIndex(actions, sections));
    expect(names).toEqual([...new Set(names)].sort((a, b) => a.localeCompare(b, 'en-GB', { sensitivity: 'base' })));
    expect(names).toContain('DCI Wenham');
    expect(names).toContain('Pan Cheshire Group');
  });

  it('filters 5,000 actions in well under a frame (16 ms) at the median', () => {
    const { actions, sections } = plans.get(GLOUCESTERSHIRE)!;
    // 5,000 actions made from the Gloucestershire plan's own, each with its own id and ref.
    const big: ActionView[] = Array.from({ length: 5000 }, (_, i) => {
      const source = actions[i % actions.length]!;
      return { ...source, id: `big:${i}`, ref: `${Math.floor(i / 100) + 1}.${(i % 100) + 1}`, text: `${source.text} (copy ${i})` };
    });
    const index = buildPlanIndex(big, sections);
    const combos: ActionFilter[] = [{ lead: 'Jane Price' }, { text: 'training' }, { overdue: true, today: TODAY }, { lead: 'west', text: 'copy 4' }, { rag: ['Red', 'Amber'] }];
    const times: number[] = [];
    for (let round = 0; round < 20; round += 1) {
      for (const filter of combos) {
        const started = performance.now();
        filterPlan(index, filter);
        times.push(performance.now() - started);
      }
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    expect(median).toBeLessThan(16);
    expect(filterPlan(index, { text: 'copy 4999' }).map((a) => a.id)).toEqual(['big:4999']);
  });
});

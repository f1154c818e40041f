import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPORT_OPTIONS, describeExportOptions, readExportOptions, type ExportOptions } from '../../src/export/export-options.js';
import { selectForExport } from '../../src/export/export-selection.js';
import { PlanError } from '../../src/plan/errors.js';
import { gloucestershireExtract } from '../fixtures/plan-drafts.js';
import { documentOfDraft } from './plan-document.js';

const TODAY = '2018-03-01';
const plan = () => documentOfDraft(gloucestershireExtract());
const options = (o: Partial<ExportOptions>): ExportOptions => ({ ...DEFAULT_EXPORT_OPTIONS, ...o });
const refs = (o: Partial<ExportOptions>) => selectForExport(plan(), options(o), TODAY).actions.map((a) => a.ref);

describe('reading the export options from their words', () => {
  it('takes every default when none is given', () => {
    expect(readExportOptions({})).toEqual(DEFAULT_EXPORT_OPTIONS);
  });

  it.each([
    ['all', { kind: 'all' }],
    ['since-last-meeting', { kind: 'since-last-meeting' }],
    ['latest:3', { kind: 'latest', count: 3 }],
    ['since:2018-02-12', { kind: 'since', since: '2018-02-12' }],
  ])('--updates %s', (updates, selection) => {
    expect(readExportOptions({ updates }).updates).toEqual(selection);
  });

  it.each(['latest:0', 'latest', 'since:2018-02-30', 'since:12/02/2018', 'some'])('refuses --updates %s, naming what it accepts', (updates) => {
    expect(() => readExportOptions({ updates })).toThrow(PlanError);
    expect(() => readExportOptions({ updates })).toThrow(/since-last-meeting, latest:N or since:YYYY-MM-DD/);
  });

  it('reads an agency as people write it, and refuses one that names none', () => {
    expect(readExportOptions({ agency: 'police' }).agency).toBe('Police');
    expect(() => readExportOptions({ agency: 'Martians' })).toThrow(/not an agency; use one of Police, Health/);
  });

  it('reads with-closed as a query writes it, and refuses an option it does not know', () => {
    expect(readExportOptions({ withClosed: 'false' }).withClosed).toBe(false);
    expect(() => readExportOptions({ colour: 'blue' })).toThrow(/colour/);
  });
});

describe('what an export holds', () => {
  it('is the whole plan, in its order, by default', () => {
    const selection = selectForExport(plan(), DEFAULT_EXPORT_OPTIONS, TODAY);
    expect(selection.actions.map((a) => a.ref)).toEqual(plan().actions.map((a) => a.ref));
    expect(selection.sections).toHaveLength(plan().sections.length);
    expect(selection.actionsLeftOut).toBe(0);
    expect(selection.updatesLeftOut).toBe(0);
  });

  it("one lead's actions, matched as the action filter matches a lead", () => {
    expect(refs({ lead: 'west' })).toEqual(['1.9', '1.13', '4.3', '4.4', '4.5']);
  });

  it("one agency's actions, read from the leads", () => {
    expect(refs({ agency: 'Police' })).toEqual(['1.7']);
  });

  it('without closed actions, and only the sections that keep one', () => {
    const selection = selectForExport(plan(), options({ withClosed: false }), TODAY);
    expect(selection.actions.some((a) => a.rag === 'Complete')).toBe(false);
    expect(selection.actions.map((a) => a.ref)).not.toContain('1.9');
    const used = new Set(selection.actions.map((a) => a.sectionId));
    expect(selection.sections.every((s) => used.has(s.id))).toBe(true);
  });

  it('the latest N updates of each action, in the order written', () => {
    const whole = plan().actions.find((a) => a.ref === '4.4')!;
    const selected = selectForExport(plan(), options({ updates: { kind: 'latest', count: 1 } }), TODAY).actions.find((a) => a.ref === '4.4')!;
    expect(whole.updates.length).toBeGreaterThan(1);
    expect(selected.updates).toHaveLength(1);
    expect(selected.updates[0]!.date).toBe(whole.updates.map((u) => u.date).filter((d) => d !== null).sort().at(-1));
  });

  it('updates since a day count a month that ends on or after it', () => {
    const selection = selectForExport(plan(), options({ updates: { kind: 'since', since: '2017-06-15' } }), TODAY);
    const dates = selection.actions.flatMap((a) => a.updates.map((u) => u.date));
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.every((d) => d !== null && d >= '2017-06')).toBe(true);
    expect(selection.updatesSince).toBe('2017-06-15');
    expect(selection.updatesLeftOut).toBeGreaterThan(0);
  });

  it('updates since the last meeting before today, or every update when there was none', () => {
    const doc = plan();
    doc.plan.meetings = [{ date: '2017-06-15', source: 'entered', title: null }, { date: TODAY, source: 'entered', title: null }];
    expect(selectForExport(doc, options({ updates: { kind: 'since-last-meeting' } }), TODAY).updatesSince).toBe('2017-06-15');
    const none = selectForExport(plan(), options({ updates: { kind: 'since-last-meeting' } }), TODAY);
    expect(none.updatesSince).toBeNull();
    expect(describeExportOptions(none.options, none.updatesSince)).toEqual(['no meeting before today, so every update']);
  });

  it('says in words what it holds', () => {
    expect(describeExportOptions(options({ lead: 'Louise West', withClosed: false, updates: { kind: 'since', since: '2018-02-12' } }), '2018-02-12')).toEqual([
      'actions led by Louise West',
      'open actions only',
      'updates since 12 Feb 2018',
    ]);
  });
});
